/**
 * The part of a signed request that the service saw differently from the client: what a
 * proxy, gateway or middleware re-encoded or rewrote after the request was signed.
 */
export type SignatureDiffPart = 'method' | 'path' | 'query' | 'header' | 'signed-headers' | 'payload-hash' | 'credential-scope';

/**
 * Where the request the service verified first differs from the request the client signed,
 * found by comparing the client's canonical request with the one the service echoed in its
 * answer. Every value is redacted.
 */
export interface SignatureDiff {
  /** Which part of the request differs. */
  readonly part: SignatureDiffPart;
  /** The header or query parameter that differs, for `header` and `query`. */
  readonly name?: string;
  /** What the client signed for that part, in canonical form (`(none)` when it signed none). */
  readonly ours: string;
  /** What the service computed for that part, in canonical form (`(none)` when it saw none). */
  readonly theirs: string;
}
