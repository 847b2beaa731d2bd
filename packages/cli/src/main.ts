import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerCurl } from './commands/curl';
import { registerDoctor } from './commands/doctor';
import { registerEmulate } from './commands/emulate';
import { registerProxy } from './commands/proxy';
import { EXIT_CODES, exitCodeFor, printTypedError } from './output';

/** The version in the package's own package.json (dist/cli.js sits one folder below it). */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The `osauth` program with every command registered (exported for tests and for `osauth doctor`). */
export function buildProgram(): Command {
  const program = new Command('osauth')
    .description('Authenticated OpenSearch from the command line: AWS (es, aoss), Alibaba Cloud, basic auth.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ osauth curl https://abc.us-east-1.aoss.amazonaws.com/_cat/indices
  $ osauth proxy https://search-logs-abc.eu-west-1.es.amazonaws.com
  $ osauth emulate aoss
  $ osauth doctor

Exit codes: 0 ok, 1 other, 2 usage/config, 3 credentials, 4 denied, 5 signature/clock, 6 network.`,
    );
  registerCurl(program);
  registerProxy(program);
  registerEmulate(program);
  registerDoctor(program);
  // Every subcommand reports usage errors through main() too, with exit code 2.
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Runs the CLI with `argv` (`process.argv`); resolves to the exit code. Long-running commands
 * (`proxy`, `emulate`) resolve when they stop.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end as "errors" with exit code 0; usage errors were printed by commander.
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    printTypedError(error, process.stderr);
    return exitCodeFor(error);
  }
}
