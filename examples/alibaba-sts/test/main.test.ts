import { runExample } from './run-example';

it('runs against the emulator: a fixed STS token and AssumeRole both search the v3 API', async () => {
  const { code, stdout, stderr } = await runExample();
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toContain('fixed STS token:  1 hit(s)');
  expect(stdout).toContain('AssumeRole:       1 hit(s) (1 STS call)');
});
