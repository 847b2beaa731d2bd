import { ConfigError } from '@osauth/core';

/**
 * Rejects `signingHost` for a provider that signs nothing: there is no host to sign for, so
 * the key would only look as if it did something.
 * @throws {@link ConfigError} naming `<path>.signingHost`.
 */
export function rejectSigningHost(config: object, path: string, provider: string): void {
  if (!('signingHost' in config)) return;
  throw new ConfigError({
    path: `${path}.signingHost`,
    provider,
    message: `the ${provider} provider signs no request, so it has no host to sign for: signingHost is for providers that sign (aws, alibaba). Remove it and use the tunnel's address as the node.`,
  });
}
