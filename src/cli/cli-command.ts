import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../common/compiled-path';
import { oneLine } from '../common/startup-error';
import { CommandLine, CommandSpec, parseCommandLine, UsageError } from './command-line';

export { UsageError } from './command-line';

/** A failure the command reports in its own words, with its own exit code. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export const USAGE_EXIT = 2;
export const INTERRUPTED_EXIT = 130;

const packageVersion = (): string => (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Runs a command the same way for every semflow command: `--help` prints the usage on stdout and exits
 * 0, `--version` prints the version, bad arguments print `semflow <name>: <problem>` and the usage on
 * stderr and exit 2, and any other failure prints `semflow <name>: <problem>` as one line and exits 1
 * (a CliFailure with its own code). The exit waits for stdout to be flushed. `explain` may answer a
 * failure differently first.
 */
export function runCommand(spec: CommandSpec, main: (line: CommandLine) => Promise<number>, explain: (error: unknown) => number | undefined = () => undefined): void {
  const exit = (code: number) => process.stdout.write('', () => process.exit(code));
  const run = async (): Promise<number> => {
    const line = parseCommandLine(spec, process.argv.slice(2));
    if (line.help) process.stdout.write(`${spec.usage}\n`);
    else if (line.version) process.stdout.write(`semflow ${packageVersion()}\n`);
    else return main(line);
    return 0;
  };
  run().then(exit, (error) => {
    const code = explain(error);
    if (code !== undefined) return exit(code);
    if (error instanceof UsageError) {
      process.stderr.write(`semflow ${spec.name}: ${error.message}\n${spec.usage}\n`);
      return exit(USAGE_EXIT);
    }
    process.stderr.write(`semflow ${spec.name}: ${error instanceof CliFailure ? error.message : oneLine(error)}\n`);
    exit(error instanceof CliFailure ? error.exitCode : 1);
  });
}
