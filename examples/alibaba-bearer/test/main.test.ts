import { runExample } from './run-example';

it('runs against the emulator with the key from DASHSCOPE_API_KEY', async () => {
  const { code, stdout, stderr } = await runExample();
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toContain('emulator: connected to osauth-alibaba-emulator');
});

it('a wrong DASHSCOPE_API_KEY is reported as AUTHENTICATION_FAILED with remediation, without the key', async () => {
  const { code, stdout, stderr } = await runExample({ DASHSCOPE_API_KEY: 'FAKE-sk-not-the-key' });
  expect(code).toBe(1);
  expect(stderr).toMatch(/^AUTHENTICATION_FAILED \(InvalidApiKey\)/);
  expect(`${stdout}${stderr}`).not.toContain('FAKE-sk-not-the-key');
});
