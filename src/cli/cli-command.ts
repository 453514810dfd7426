import { oneLine } from '../common/startup-error';

/** Bad arguments: the command prints the message and its usage text and exits with 2. */
export class UsageError extends Error {}

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

/** Parses the arguments; a UsageError becomes a CliFailure carrying the usage text and exit code 2. */
export function parseOrUsage<A>(parse: (argv: string[]) => A, argv: string[], usage: string): A {
  try {
    return parse(argv);
  } catch (error) {
    if (error instanceof UsageError) throw new CliFailure(`${error.message}\n${usage}`, USAGE_EXIT);
    throw error;
  }
}

/**
 * Runs a command's main and exits with the code it answers once stdout is flushed. A failure is
 * printed on stderr after the command's name: a CliFailure as it is (a usage text keeps its lines),
 * anything else as one line, exit code 1. `explain` may answer a failure differently first.
 */
export function runCommand(name: string, main: () => Promise<number>, explain: (error: unknown) => number | undefined = () => undefined): void {
  const exit = (code: number) => process.stdout.write('', () => process.exit(code));
  main().then(exit, (error) => {
    const code = explain(error);
    if (code !== undefined) return exit(code);
    process.stderr.write(`semflow ${name}: ${error instanceof CliFailure ? error.message : oneLine(error)}\n`);
    exit(error instanceof CliFailure ? error.exitCode : 1);
  });
}
