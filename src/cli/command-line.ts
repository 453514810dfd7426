import { parseArgs } from 'node:util';

/** Bad arguments: the command prints the message and its usage text and exits with 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

/** What a command accepts. `--help` (`-h`) and `--version` are added to every command. */
export interface CommandSpec {
  name: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /** Most positional arguments it takes (0 unless given). */
  maxPositionals?: number;
}

export interface CommandLine {
  /** String options as given (trimmed, never empty), boolean ones as true when present. */
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
  version: boolean;
}

const COMMON_OPTIONS: Record<string, OptionSpec> = { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } };

/** The option a node:util parseArgs error is about: its message quotes it first ('--x' or '--x <value>'). */
const quotedOption = (message: string): string => /'(-[^' ]+)/.exec(message)?.[1] ?? 'an option';

function usageErrorOf(error: NodeJS.ErrnoException): UsageError {
  const option = quotedOption(error.message);
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${option}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(error.message)) return new UsageError(`${option} takes no value`);
      if (/ambiguous/.test(error.message)) return new UsageError(`${option} needs a value (one that starts with "-" is written ${option}=VALUE)`);
      return new UsageError(`${option} needs a value`);
    default:
      return new UsageError(error.message);
  }
}

/**
 * Parses a command line with node:util parseArgs (strict: unknown options are refused), in both
 * spellings `--name value` and `--name=value`, `--` ending the options. A string option given twice or
 * empty is refused rather than silently taking the last or an empty value.
 */
export function parseCommandLine(spec: CommandSpec, argv: string[]): CommandLine {
  const options = { ...spec.options, ...COMMON_OPTIONS };
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true; tokens: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw usageErrorOf(error as NodeJS.ErrnoException);
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || options[token.name].type !== 'string') continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} given twice`);
    seen.add(token.name);
    if ((token.value ?? '').trim() === '') throw new UsageError(`--${token.name} needs a value`);
  }
  const values: CommandLine['values'] = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (name in spec.options) values[name] = typeof value === 'string' ? value.trim() : (value as boolean | undefined);
  }
  const { positionals } = parsed;
  if (positionals.length > (spec.maxPositionals ?? 0)) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[spec.maxPositionals ?? 0])}`);
  }
  return { values, positionals, help: parsed.values.help === true, version: parsed.values.version === true };
}

/** A string option's value, or undefined when absent. */
export const stringOption = (line: CommandLine, name: string): string | undefined => {
  const value = line.values[name];
  return typeof value === 'string' ? value : undefined;
};

export const flagOption = (line: CommandLine, name: string): boolean => line.values[name] === true;
