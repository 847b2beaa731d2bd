/** Shared helpers: alternating A/B rounds, medians, and the JSON line each comparison prints. */

/** The median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Microseconds per call of `fn` over `iterations` calls (awaited when it returns a promise). */
export async function microsPerCall(fn: () => unknown, iterations: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) {
    const result = fn();
    if (result instanceof Promise) await result;
  }
  return Number(process.hrtime.bigint() - start) / 1000 / iterations;
}

/**
 * Runs every variant once per round, in a rotating order (A B C, B C A, …), so drift and
 * noise from other processes land on all of them alike; returns each variant's samples.
 */
export async function alternate(variants: Record<string, () => Promise<number>>, rounds: number): Promise<Record<string, number[]>> {
  const names = Object.keys(variants);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(round + k) % names.length] as string;
      samples[name]?.push(await (variants[name] as () => Promise<number>)());
    }
  }
  return samples;
}

/** `--quick` shrinks every comparison for a smoke run. */
export const QUICK = process.argv.includes('--quick');

/** What a comparison reports: printed as one JSON line for the runner. */
export function report(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
