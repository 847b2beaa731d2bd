import { runExample } from './run-example';

it('runs against the emulator: basic auth indexes and finds, a wrong password is AUTHENTICATION_FAILED', async () => {
  const { code, stdout, stderr } = await runExample();
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toContain('emulator: 1 order(s) for ada');
  expect(stdout).toMatch(/wrong password → AUTHENTICATION_FAILED/);
  expect(stdout).not.toContain('FAKEnotThePassword');
});
