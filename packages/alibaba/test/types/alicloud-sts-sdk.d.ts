// @alicloud/sts-sdk ships no types. Only what the test that pins why osauth does not use it needs.
declare module '@alicloud/sts-sdk' {
  export default class StsClient {
    constructor(config: { endpoint: string; accessKeyId: string; accessKeySecret: string });
    /** Internal: the low-level client; `__getQuery` builds the signed query it would send. */
    readonly client: {
      __getQuery(query: Record<string, string>, request: { method: string; headers: Record<string, string> }): Promise<Record<string, string>>;
    };
  }
}
