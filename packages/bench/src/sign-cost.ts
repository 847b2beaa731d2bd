// Per-request authorization cost for a 1 KB JSON body, alternating A/B rounds.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import aws4 from 'aws4';
import { AlibabaProvider } from '@osauth/alibaba';
import { AwsSigV4Provider } from '@osauth/aws';
import { alternate, median, microsPerCall, QUICK, report } from './measure';
import { ALIBABA_STS_AUTH, BODY_1KB, floorSigner, HOST, KEYS, plainFloorSigner, SEARCH_REQUEST } from './fixtures';

/** What osauth's first signer fed smithy: node:crypto instead of the pure-JS hash. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: Uint8Array | string) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
  }
  update(data: Uint8Array | string) {
    this.hash.update(data);
  }
  digest() {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

const smithyDefault = new SignatureV4({ service: 'aoss', region: 'us-east-1', credentials: KEYS, sha256: Sha256 });
const smithyNode = new SignatureV4({ service: 'aoss', region: 'us-east-1', credentials: KEYS, sha256: NodeSha256 as never });
const provider = new AwsSigV4Provider({ provider: 'aws', credentials: KEYS }, { nodes: [new URL(`https://${HOST}`)], configPath: 'auth' });
// The same with the signing trace on (debug.signing): each request also builds a redacted event.
const traced = new AwsSigV4Provider({ provider: 'aws', credentials: KEYS }, { nodes: [new URL(`https://${HOST}`)], configPath: 'auth', debug: { signing: true }, emit: () => {} });
// An es domain keeps what it signed (for signature diffs); aoss, above, keeps nothing.
const esProvider = new AwsSigV4Provider({ provider: 'aws', credentials: KEYS }, { nodes: [new URL('https://search-books-abc.us-east-1.es.amazonaws.com')], configPath: 'auth' });
// Alibaba OpenSearch v3 with STS credentials (MD5 of the body, HMAC-SHA1): shown beside, not part of the goal.
const alibaba = new AlibabaProvider(ALIBABA_STS_AUTH, { nodes: [new URL('https://fake-instance.cn-hangzhou.opensearch.aliyuncs.com')], configPath: 'auth' });
const floor = floorSigner();
const plainFloor = plainFloorSigner();
const smithyRequest = () =>
  new HttpRequest({ method: 'POST', protocol: 'https:', hostname: HOST, path: '/books/_search', headers: { host: HOST, 'content-type': 'application/json' }, body: BODY_1KB });

async function main(): Promise<void> {
  await provider.prepare();
  await traced.prepare();
  await esProvider.prepare();
  await alibaba.prepare();
  const iterations = QUICK ? 2_000 : 20_000;
  const rounds = QUICK ? 3 : 9;
  const variants = {
    floor: () => microsPerCall(floor, iterations),
    'floor (Hash objects, date per call)': () => microsPerCall(plainFloor, iterations),
    // What the client calls per request: with credentials held it answers at once (no promise).
    osauth: () => microsPerCall(() => provider.authorize(SEARCH_REQUEST), iterations),
    'osauth es (keeps what it signed)': () => microsPerCall(() => esProvider.authorize(SEARCH_REQUEST), iterations),
    'osauth, signing trace on': () => microsPerCall(() => traced.authorize(SEARCH_REQUEST), iterations),
    'osauth alibaba sts': () => microsPerCall(() => alibaba.authorize(SEARCH_REQUEST), iterations),
    'smithy (default hash)': () => microsPerCall(() => smithyDefault.sign(smithyRequest()), iterations / 4),
    'smithy + node:crypto': () => microsPerCall(() => smithyNode.sign(smithyRequest()), iterations / 4),
    aws4: () =>
      microsPerCall(
        () => aws4.sign({ host: HOST, path: '/books/_search', method: 'POST', service: 'aoss', region: 'us-east-1', body: BODY_1KB, headers: { 'content-type': 'application/json' } }, KEYS),
        iterations,
      ),
  };
  for (const run of Object.values(variants)) await run(); // warm-up
  const samples = await alternate(variants, rounds);
  const medians = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  const osauth = medians.osauth as number;
  report({
    comparison: 'sign-cost',
    unit: 'µs per request (1 KB JSON)',
    medians,
    ratioToFloor: osauth / (medians.floor as number),
    ratios: {
      'osauth / floor (Hash objects, date per call)': osauth / (medians['floor (Hash objects, date per call)'] as number),
      'aws4 / osauth': (medians.aws4 as number) / osauth,
      'es (keeps what it signed) / osauth': (medians['osauth es (keeps what it signed)'] as number) / osauth,
      'signing trace on / off': (medians['osauth, signing trace on'] as number) / osauth,
    },
    goal: '≤ 1.3× floor',
  });
}

void main();
