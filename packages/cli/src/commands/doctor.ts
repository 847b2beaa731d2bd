import type { Command } from 'commander';
import { addCommonFlags, type CommonFlags } from '../cli-config';
import { renderReport } from '../doctor/render';
import { runDoctor } from '../doctor/run-doctor';
import { colours } from '../output';

interface DoctorFlags extends CommonFlags {
  json?: boolean;
  path?: string;
  stsEndpoint?: string;
}

/**
 * Registers `osauth doctor [URL] [--json] [--path P] [--sts-endpoint URL]`: ordered checks
 * (config, endpoint, credentials, identity, clock, request) that end `ok`, `warn`, `fail` or
 * `skip`, and a diagnosis from the first failure. Exits 0 when nothing failed, else with the
 * code of the failure's family (2 config, 3 credentials, 4 denied, 5 signature/clock,
 * 6 network, 1 other).
 */
export function registerDoctor(program: Command): void {
  const command = program
    .command('doctor')
    .argument('[url]', 'the cluster (default: OSAUTH_NODE, or the OSAUTH_CONFIG file)')
    .description('diagnose config, credentials, identity, clock and a signed request, and say what to fix')
    .option('--json', 'print exactly one JSON object: { ok, checks: [{ id, status, summary, details? }], diagnosis? }')
    .option('--path <path>', 'the read-only probe (default: GET / on es, GET /_cat/indices?format=json on aoss)')
    .option(
      '--sts-endpoint <url>',
      "aws: the STS endpoint for GetCallerIdentity (default: AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL, else the config's auth.credentials.stsEndpoint, else the regional one)",
    );
  addCommonFlags(command).addHelpText(
    'after',
    `
Examples:
  $ osauth doctor https://abc123.us-east-1.aoss.amazonaws.com
  $ osauth doctor https://search-logs-abc.eu-west-1.es.amazonaws.com --profile prod --json
  $ OSAUTH_CONFIG=osauth.yaml osauth doctor --cluster logs
  $ osauth doctor https://127.0.0.1:9200 --signing-host vpc-logs-abc.us-east-1.es.amazonaws.com
  $ osauth doctor https://es-cn-abc.elasticsearch.aliyuncs.com:9200 --provider alibaba --path /_cluster/health

Exit codes: 0 nothing failed, 1 other, 2 config, 3 credentials, 4 denied, 5 signature/clock, 6 network.`,
  );
  command.action(async (url: string | undefined, flags: DoctorFlags) => {
    const { report, exitCode } = await runDoctor({
      ...(url === undefined ? {} : { url }),
      flags,
      ...(flags.path === undefined ? {} : { path: flags.path }),
      ...(flags.stsEndpoint === undefined ? {} : { stsEndpoint: flags.stsEndpoint }),
      env: process.env,
    });
    const target = url ?? process.env.OSAUTH_NODE ?? '';
    process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : renderReport(report, target, colours(process.stdout, process.env)));
    process.exitCode = exitCode;
  });
}
