import OpenApiUtil from '@alicloud/openapi-util';

// The local Alibaba STS verifies POP RPC signatures with @alicloud/openapi-util. This pins that
// the helper reproduces the example in Alibaba's signature documentation (DescribeRegions,
// AccessKey secret "testsecret"), so "the STS emulator accepted it" means "Alibaba's rules do".
describe("the Alibaba STS emulator's verifier", () => {
  it("reproduces Alibaba's documented RPC signature example", () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    expect(OpenApiUtil.getRPCSignature(params, 'GET', 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });
});
