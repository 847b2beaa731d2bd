import { didYouMean } from './did-you-mean';
import { ConfigError } from './errors/classes';

// The shape of a config key: what is named back. A secret pasted at the wrong indentation
// becomes a key, and secrets rarely look like this.
const KEY_SHAPE = /^[A-Za-z][A-Za-z_-]{0,39}$/;

/**
 * Rejects keys of `config` that the provider does not take (a misspelt `usrname` would
 * otherwise be ignored), suggesting the known key each is a near miss of. A key is named
 * only when it looks like one: a secret pasted at the wrong indentation becomes a key.
 * @throws {@link ConfigError}
 * @internal
 */
export function rejectUnknownKeys(config: object, known: readonly string[], path: string, provider: string): void {
  const unknown = Object.keys(config).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  throw new ConfigError({ path, provider, message: `unknown key(s): ${describeUnknownKeys(unknown, known)}; the ${provider} provider takes ${known.join(', ')}.` });
}

/**
 * `regoin (did you mean region?), (a key not shown)`: each unknown key, named only when it
 * has the shape of a key, with the known key it is a near miss of. The suggestion is always
 * a known name, so it echoes nothing of what was written.
 * @internal
 */
export function describeUnknownKeys(unknown: readonly string[], known: readonly string[]): string {
  return unknown
    .map((key) => {
      const suggestion = didYouMean(key, known);
      const name = KEY_SHAPE.test(key) ? key : '(a key not shown: it does not look like a config key)';
      return suggestion === undefined ? name : `${name} (did you mean ${suggestion}?)`;
    })
    .join(', ');
}
