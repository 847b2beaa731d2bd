/**
 * An access key id as osauth shows it in errors: its first 4 and last 4 characters
 * (`ASIA…ABCD`). Key ids are identifiers, not secrets, but a whole one in a log is more
 * than a reader needs to recognise which key it was. Ids of 8 characters or fewer, which
 * those 8 would spell out entirely, are shown as `…` alone.
 */
export function maskAccessKeyId(accessKeyId: string): string {
  return accessKeyId.length > 8 ? `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}` : '…';
}
