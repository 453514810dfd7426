import { CommandLine, CommandSpec, flagOption, parseCommandLine, UsageError } from '../../cli/command-line';

/** Command line of `npm run ingest -- [source] [--watch] [--force] [--json]`. */
export interface IngestCliArgs {
  /** Unset: EVENTS_SOURCE. */
  source?: string;
  watch: boolean;
  force: boolean;
  json: boolean;
}

export const INGEST_USAGE = `usage: npm run ingest -- [source] [--watch] [--force] [--json]

  source   a JSON Lines file, a directory of *.jsonl / *.json files, or an http(s) URL
           (default: EVENTS_SOURCE)
  --watch  keep running and load new or changed files (or a changed URL) every EVENTS_WATCH_INTERVAL_MS
  --force  also rewrite talks whose record is exactly as new as the stored row (e.g. after
           EVENT_TEXT_SEPARATOR changed); older records never overwrite newer rows
  --json   print the summary as one JSON object per run instead of text
  --help   print this text (--version: the version)

Exit codes: 0 it ran (also with rejected lines), 1 the source or the backing services cannot be used,
2 usage error, 130 interrupted.`;

export const INGEST_COMMAND: CommandSpec = {
  name: 'ingest',
  usage: INGEST_USAGE,
  options: { watch: { type: 'boolean' }, force: { type: 'boolean' }, json: { type: 'boolean' } },
  maxPositionals: 1,
};

export function ingestArgs(line: CommandLine): IngestCliArgs {
  const args: IngestCliArgs = { watch: flagOption(line, 'watch'), force: flagOption(line, 'force'), json: flagOption(line, 'json') };
  const [source] = line.positionals;
  if (source !== undefined && source.trim() === '') throw new UsageError('the source must not be empty');
  if (source !== undefined) args.source = source;
  return args;
}

export const parseIngestArgs = (argv: string[]): IngestCliArgs => ingestArgs(parseCommandLine(INGEST_COMMAND, argv));
