import type { Client } from '@opensearch-project/opensearch';
import { AlibabaProvider } from '@osauth/alibaba';
import { AwsSigV4Provider } from '@osauth/aws';
import { createClient, type OsAuthConfig } from '@osauth/factory';

/** A client and the provider instance that authorizes it, for the checks that ask the provider. */
export interface CapturedClient {
  readonly client: Client;
  readonly aws?: AwsSigV4Provider;
  readonly alibaba?: AlibabaProvider;
}

/**
 * `createClient(config)`, keeping the provider it builds: the doctor asks that very
 * provider (its scope, its credentials, its clock) rather than a second one that would
 * fetch credentials again.
 * @throws {@link ConfigError} as `createClient` does.
 */
export function createCapturingClient(config: OsAuthConfig): CapturedClient {
  const captured: { aws?: AwsSigV4Provider; alibaba?: AlibabaProvider } = {};
  const client = createClient(config, {
    onProvider: (provider) => {
      if (provider instanceof AwsSigV4Provider) captured.aws = provider;
      else if (provider instanceof AlibabaProvider) captured.alibaba = provider;
    },
  });
  return { client, ...captured };
}
