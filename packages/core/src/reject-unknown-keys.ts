import { ConfigError } from './errors/classes';

/**
 * Rejects keys of `config` that the provider does not take (a misspelt `usrname` would
 * otherwise be ignored). A key is named only when it looks like one: a secret pasted at the
 * wrong indentation becomes a key.
 * @throws {@link ConfigError}
 * @internal
 */
export function rejectUnknownKeys(config: object, known: readonly string[], path: string, provider: string): void {
  const unknown = Object.keys(config).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const shown = unknown.map((key) => (/^[A-Za-z][A-Za-z_-]{0,39}$/.test(key) ? key : '(a key not shown)')).join(', ');
  throw new ConfigError({ path, provider, message: `unknown key(s): ${shown}; the ${provider} provider takes ${known.join(', ')}.` });
}
