import { createHmac, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { seededRandom } from '@osauth/testing';
import { HmacKey, type HmacAlgorithm } from '../src';

const PIECES = ['a', 'Z', '0', '\n', ' ', '/', '%2F', 'é', '中', '😀', '\ud800', '\udfff', 'AWS4-HMAC-SHA256', '\u0000'];

function text(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += PIECES[Math.floor(random() * PIECES.length)] as string;
  return out;
}

describe('HmacKey', () => {
  it.each<HmacAlgorithm>(['sha256', 'sha1'])('matches createHmac(%s) for 3,000 generated keys and messages', (algorithm) => {
    const random = seededRandom(algorithm === 'sha256' ? 7 : 11);
    for (let i = 0; i < 3_000; i += 1) {
      // Keys shorter than, equal to and longer than the 64-byte block, as bytes and as strings.
      const keyLength = [0, 1, 20, 32, 63, 64, 65, 200][i % 8] as number;
      const key = i % 2 === 0 ? randomBytes(keyLength) : text(random, keyLength);
      // Messages from empty to past the initial buffer, some with unicode and lone surrogates.
      const message = text(random, Math.floor(random() * (i % 10 === 0 ? 2_000 : 200)));
      const prepared = new HmacKey(algorithm, key);
      for (const encoding of ['hex', 'base64'] as const) {
        expect([i, encoding, prepared.digest(message, encoding)]).toEqual([i, encoding, createHmac(algorithm, key).update(message).digest(encoding)]);
      }
    }
  });

  it('gives the same answer when one key signs many messages of changing length', () => {
    const key = randomBytes(32);
    const prepared = new HmacKey('sha256', key);
    for (const message of ['short', 'x'.repeat(5_000), 'short', '😀'.repeat(300), '', 'y'.repeat(20_000), 'short']) {
      expect(prepared.digest(message, 'hex')).toBe(createHmac('sha256', key).update(message).digest('hex'));
    }
  });

  it('never shows key material through inspect or JSON', () => {
    const secret = 'FAKEsecretHMACkey0001';
    const prepared = new HmacKey('sha1', secret);
    const shown = `${inspect(prepared, { showHidden: true, depth: 5 })}${JSON.stringify({ prepared })}`;
    expect(shown).toBe('HmacKey(sha1){"prepared":"HmacKey(sha1)"}');
    expect(shown).not.toContain(secret);
  });
});
