/** `10m 0s`, `54m`, `2h 5m`, `800 ms`: a duration for people, sign dropped. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1_000) return `${Math.round(abs)} ms`;
  const seconds = Math.round(abs / 1_000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** `10m 0s behind` / `3s ahead of`: how the local clock stands to the cluster's (offset = cluster − local). */
export function describeOffset(offsetMs: number): string {
  return offsetMs >= 0 ? `${formatDuration(offsetMs)} behind` : `${formatDuration(offsetMs)} ahead of`;
}
