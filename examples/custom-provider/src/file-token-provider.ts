import { readFile } from 'node:fs/promises';
import { AuthenticationError, type AuthProvider, type Authorization, ConfigError, type FailedAttempt, type FailedResponse, type OsAuthError, type ProviderContext, Secret } from '@osauth/core';

/** The `auth` config of this provider. */
export interface FileTokenConfig {
  readonly provider: 'file-token';
  /** A file holding a bearer token, rewritten by something else (a sidecar, a cron job). */
  readonly path: string;
}

/**
 * A user-written provider: `Authorization: Bearer <token>` with the token read from a file
 * that is rotated under us. One class implementing `AuthProvider`; osauth is not changed.
 */
export class FileTokenProvider implements AuthProvider {
  readonly name = 'file-token';
  private readonly path: string;
  // A Secret: printing the provider shows no token, and osauth redacts its value from every
  // error and event while it is held here.
  private token: Promise<Secret> | undefined;

  constructor(config: FileTokenConfig, context: ProviderContext) {
    if (typeof config.path !== 'string' || config.path === '') {
      throw new ConfigError({ path: `${context.configPath}.path`, provider: 'file-token', message: 'the token file path is required.' });
    }
    this.path = config.path;
  }

  async authorize(): Promise<Authorization> {
    return { headers: { authorization: `Bearer ${(await this.current()).reveal()}` } };
  }

  classifyError(response: FailedResponse): OsAuthError | undefined {
    if (response.statusCode !== 401) return undefined;
    return new AuthenticationError({
      provider: this.name,
      statusCode: 401,
      message: 'The token from the token file was not accepted.',
      remediation: `1. Check that the process rotating ${this.path} is running.\n2. Check that the file holds a current token.`,
    });
  }

  /** On a 401 the file may have been rotated since we read it: read it again and resend once. */
  async recover(attempt: FailedAttempt): Promise<boolean> {
    if (attempt.error.statusCode !== 401) return false;
    this.token = undefined;
    await this.current();
    return true;
  }

  async close(): Promise<void> {}

  private current(): Promise<Secret> {
    this.token ??= readFile(this.path, 'utf8').then((text) => new Secret(text.trim()));
    return this.token;
  }
}
