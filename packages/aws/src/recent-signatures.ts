import type { SigningTrace } from './fast-sigv4/fast-sigv4-signer';

/** The canonical request and string to sign of one SigV4 request. */
export interface SignedTexts {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
}

// Enough for the requests in flight of a busy client: a 403 arrives within one round trip.
const CAPACITY = 32;

/**
 * What was signed for the last requests, so that a signature mismatch, for which AWS echoes
 * the canonical request it verified, can be compared with what was signed for that attempt.
 * A fixed ring of slots: recording allocates nothing and keeps at most {@link CAPACITY}
 * pairs of strings alive (they hold the session token as signed, as the credentials do;
 * they are only ever read back redacted).
 */
export class RecentSignatures {
  // #private: the texts hold session token lines, which `util.inspect` must never print.
  readonly #canonicalRequests: string[] = new Array<string>(CAPACITY).fill('');
  readonly #stringsToSign: string[] = new Array<string>(CAPACITY).fill('');
  #next = 0;

  /** Records one signed request; a {@link SigningTrace}, bound. */
  readonly record: SigningTrace = (_request, canonicalRequest, stringToSign) => {
    const slot = this.#next;
    this.#canonicalRequests[slot] = canonicalRequest;
    this.#stringsToSign[slot] = stringToSign;
    this.#next = slot === CAPACITY - 1 ? 0 : slot + 1;
  };

  /**
   * What was signed for the attempt AWS describes in `theirs`: among the recorded requests
   * signed at the same X-Amz-Date (line 2 of the string to sign), the one whose canonical
   * request is nearest to `theirs` (fewest differing lines, then fewest differing
   * characters; the newest on a tie); among all of them when none shares the date. `undefined` when nothing was recorded.
   */
  closestTo(theirs: SignedTexts): SignedTexts | undefined {
    const date = lineOf(theirs.stringToSign, 1);
    const theirLines = theirs.canonicalRequest.split('\n');
    let best: { index: number; score: number; sameDate: boolean } | undefined;
    for (let age = 1; age <= CAPACITY; age += 1) {
      const index = (this.#next - age + CAPACITY) % CAPACITY;
      const stringToSign = this.#stringsToSign[index] as string;
      if (stringToSign === '') break;
      const sameDate = lineOf(stringToSign, 1) === date;
      if (best !== undefined && best.sameDate && !sameDate) continue;
      const score = distance((this.#canonicalRequests[index] as string).split('\n'), theirLines);
      if (best === undefined || (sameDate && !best.sameDate) || score < best.score) best = { index, score, sameDate };
    }
    return best === undefined ? undefined : { canonicalRequest: this.#canonicalRequests[best.index] as string, stringToSign: this.#stringsToSign[best.index] as string };
  }
}

/**
 * How far apart two canonical requests are: first how many lines differ, position by
 * position (a missing line differs), then by how many characters those lines differ
 * between their common prefix and suffix, so that `/books-1/x` re-encoded is nearer to
 * `/books-1/x` than to `/books-11/x`.
 */
function distance(ours: readonly string[], theirs: readonly string[]): number {
  let lines = Math.abs(ours.length - theirs.length);
  let chars = 0;
  for (let i = Math.min(ours.length, theirs.length) - 1; i >= 0; i -= 1) {
    const a = ours[i] as string;
    const b = theirs[i] as string;
    if (a === b) continue;
    lines += 1;
    chars += unsharedLength(a, b);
  }
  return lines * 1_000_000 + Math.min(chars, 999_999);
}

/** The length of the longer text left once the prefix and suffix both share are removed. */
function unsharedLength(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix += 1;
  let suffix = 0;
  while (suffix < shorter - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix += 1;
  return Math.max(a.length, b.length) - prefix - suffix;
}

function lineOf(text: string, index: number): string | undefined {
  return text.split('\n')[index];
}
