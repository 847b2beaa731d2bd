/**
 * A key id as osauth shows it: its first 4 and last 4 characters (`ASIA…ABCD`). Key ids
 * are identifiers, not secrets, but a whole one in a log is more than a reader needs to
 * recognise which key it was. Ids of 8 characters or fewer, which those 8 would spell out
 * entirely, are shown as `…` alone.
 * @example
 * ```ts
 * import { maskKeyId } from '@osauth/core';
 *
 * maskKeyId('ASIAFAKEEXAMPLE0ABCD'); // 'ASIA…ABCD'
 * ```
 */
export function maskKeyId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : '…';
}
