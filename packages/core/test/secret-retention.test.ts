// Secrets nothing holds any more. Each scenario runs in a `node --expose-gc` process of its
// own: in a long-lived jest worker a full collection of a large heap can take long enough on
// a busy machine that waiting for the finalizer is no longer bounded by the test's timeout.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const CHILD = join(__dirname, 'fixtures', 'secret-retention-child.ts');

async function run(scenario: string): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, scenario], { cwd: join(__dirname, '..') });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('a Secret nothing holds any more', () => {
  it('stays redacted for 12 h (it may still be valid and echoed), then is forgotten', async () => {
    const result = await run('dropped');
    expect(result.rounds).toBeGreaterThan(0);
    expect(result.justRetired).toBe((result.expected as Record<string, unknown>).justRetired);
    expect(result.afterMaxAge).toBe((result.expected as Record<string, unknown>).afterMaxAge);
  });

  it('keeps the newest retired values, so a burst of short-lived secrets cannot grow memory', async () => {
    const result = await run('burst');
    expect(result.rounds).toBeGreaterThan(0);
    // Collection order is the collector's, so which ten went is not known; that ten did is.
    expect(result.stillRedacted).toBeGreaterThan(0);
    expect(result.stillRedacted).toBeLessThanOrEqual(result.max as number);
    expect(result.retired).toBe(result.max);
  });
});
