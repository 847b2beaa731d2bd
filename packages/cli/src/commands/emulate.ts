import type { Command } from 'commander';
import { startAlibabaEmulator, startAwsStsEmulator, startEmulator } from '@osauth/testing';
import { UsageError } from '../output';

interface EmulateFlags {
  port?: string;
  region?: string;
}

/** The emulator's default AWS key pair (docs/testing.md): obviously fake, not a secret. */
const AWS_FAKE = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'FAKEwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
/** Fake Alibaba credentials the emulator is started with. */
const ALIBABA_FAKE = {
  sts: { accessKeyId: 'STS.FAKEEMULATOR0001', accessKeySecret: 'FAKEemulatorSECRETalibaba01', securityToken: 'FAKEemulatorSECURITYtokenCAIS01' },
  apiKey: 'FAKE-sk-dashscope-0001',
  user: { username: 'elastic', password: 'FAKEelasticPassword1' },
};

/** Registers `osauth emulate aoss|es|alibaba`: the @osauth/testing emulators for local development. */
export function registerEmulate(program: Command): void {
  program
    .command('emulate')
    .description('start a local emulator (@osauth/testing) that verifies auth like the cloud does, and print its endpoint and fake credentials')
    .argument('<kind>', 'aoss, es or alibaba')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)')
    .option('--region <region>', 'aws: the region requests must be signed for (default: us-east-1)')
    .addHelpText(
      'after',
      `
It runs until Ctrl-C. What it prints on stdout is shell (export, unset and # lines):

Examples:
  $ osauth emulate aoss
  $ osauth emulate es --port 9200
  $ osauth emulate alibaba > /tmp/osauth-emulator.env &   # then, once it is up:
  $ . /tmp/osauth-emulator.env && osauth doctor`,
    )
    .action(async (kind: string, flags: EmulateFlags) => {
      process.exitCode = await emulate(kind, flags);
    });
}

async function emulate(kind: string, flags: EmulateFlags): Promise<number> {
  if (kind !== 'aoss' && kind !== 'es' && kind !== 'alibaba') throw new UsageError(`emulate takes aoss, es or alibaba, got ${kind.slice(0, 50)}.`);
  if (kind === 'alibaba' && flags.region !== undefined) throw new UsageError('--region is for the aws emulators (aoss, es); the alibaba emulator accepts any region.');
  const region = flags.region ?? 'us-east-1';
  // Printed into shell the user sources: only the shape of a region.
  if (!/^[a-z0-9]+(-[a-z0-9]+)+$/.test(region)) throw new UsageError('--region expects an AWS region such as us-east-1.');
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port expects a port number (0-65535).');

  let url: string;
  let close: () => Promise<void>;
  let lines: string[];
  if (kind === 'alibaba') {
    const emulator = await listening(port, startAlibabaEmulator({ port, accessKeys: [ALIBABA_FAKE.sts], apiKeys: [ALIBABA_FAKE.apiKey], users: [ALIBABA_FAKE.user] }));
    ({ url } = emulator);
    close = () => emulator.close();
    lines = [
      `export OSAUTH_NODE=${url}`,
      'export OSAUTH_PROVIDER=alibaba',
      'export OSAUTH_ALIBABA_MODE=sts',
      `export ALIBABA_CLOUD_ACCESS_KEY_ID=${ALIBABA_FAKE.sts.accessKeyId}`,
      `export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${ALIBABA_FAKE.sts.accessKeySecret}`,
      `export ALIBABA_CLOUD_SECURITY_TOKEN=${ALIBABA_FAKE.sts.securityToken}`,
      // Set, they would send the fake key to AssumeRole, or to a credentials URI, instead.
      'unset ALIBABA_CLOUD_ROLE_ARN ALIBABA_CLOUD_CREDENTIALS_URI',
      `# also accepted: bearer API key ${ALIBABA_FAKE.apiKey} (OSAUTH_ALIBABA_MODE=bearer DASHSCOPE_API_KEY=…),`,
      `#   basic user ${ALIBABA_FAKE.user.username} / ${ALIBABA_FAKE.user.password} (OSAUTH_ALIBABA_MODE=basic OSAUTH_USERNAME=… OSAUTH_PASSWORD=…)`,
    ];
  } else {
    const emulator = await listening(port, startEmulator({ service: kind, region, port }));
    // A local STS too, so `osauth doctor` asks it who the fake key is, never AWS; it checks
    // signatures as STS does, so a wrong secret fails the identity check as it would there.
    const sts = await startAwsStsEmulator({
      callers: { [AWS_FAKE.accessKeyId]: 'arn:aws:iam::123456789012:user/emulator' },
      accessKeys: [AWS_FAKE],
      onIssue: (c) => emulator.addCredentials(c),
    });
    ({ url } = emulator);
    close = async () => {
      await sts.close();
      await emulator.close();
    };
    lines = [
      `export OSAUTH_NODE=${url}`,
      'export OSAUTH_PROVIDER=aws',
      `export OSAUTH_AWS_SERVICE=${kind}`,
      `export AWS_REGION=${region}`,
      `export AWS_ACCESS_KEY_ID=${AWS_FAKE.accessKeyId}`,
      `export AWS_SECRET_ACCESS_KEY=${AWS_FAKE.secretAccessKey}`,
      `export AWS_ENDPOINT_URL_STS=${sts.url}`,
      'unset AWS_SESSION_TOKEN AWS_PROFILE',
    ];
  }
  // stdout holds what to paste (or eval); these credentials are the emulator's fake ones, not secrets.
  process.stdout.write(
    [`# osauth emulate: ${kind} emulator listening on ${url}`, '# fake credentials it accepts (for local development only):', ...lines, `# then: osauth curl ${url}/`, ''].join('\n'),
  );

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  process.stderr.write(`osauth emulate: ${signal}, stopping\n`);
  await close();
  return 0;
}

/** `start`, with a port that cannot be listened on reported as a usage error (exit 2), as `osauth proxy` does. */
async function listening<T>(port: number, start: Promise<T>): Promise<T> {
  try {
    return await start;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new UsageError(`cannot listen on 127.0.0.1:${port} (${code}).`);
    throw error;
  }
}
