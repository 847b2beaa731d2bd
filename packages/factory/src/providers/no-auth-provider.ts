import { type AuthProvider, type Authorization, type FailedResponse, type OsAuthError, type ProviderContext, rejectUnknownKeys } from '@osauth/core';
import { rejectSigningHost } from './no-signing-host';
import { classifySecurityPluginError } from './classify-security-plugin';

/** No authentication: a local or network-protected cluster. 401/403 still become typed errors. */
export interface NoAuthConfig {
  /** Always `none`. */
  readonly provider: 'none';
}

/** Adds nothing to requests; classifies the cluster's 401/403 answers. */
export class NoAuthProvider implements AuthProvider {
  readonly name = 'none';
  /** It sends no credential at all (see `AuthProvider.holdsSentSecrets`). */
  readonly holdsSentSecrets = true;

  constructor(config?: NoAuthConfig, context?: ProviderContext) {
    if (config === undefined) return;
    rejectSigningHost(config, context?.configPath ?? 'auth', 'none');
    rejectUnknownKeys(config, ['provider'], context?.configPath ?? 'auth', 'none');
  }

  authorize(): Authorization {
    return { headers: {} };
  }

  classifyError(response: FailedResponse): OsAuthError | undefined {
    return classifySecurityPluginError(response, this.name);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
