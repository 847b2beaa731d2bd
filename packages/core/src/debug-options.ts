/**
 * What osauth traces on demand (`debug` in the config, `OSAUTH_DEBUG` in the environment).
 * Everything is off by default, and costs nothing while off.
 */
export interface DebugOptions {
  /**
   * Emit a `request-signed` event (secrets redacted) for every signed request: the method,
   * path, signed headers, canonical request and string to sign. Printed to stderr when no
   * `onEvent` listener is given.
   */
  readonly signing?: boolean;
}
