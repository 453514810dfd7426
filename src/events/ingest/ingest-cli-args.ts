import { UsageError } from '../../cli/cli-command';

/** Command line of `npm run ingest -- [source] [--watch] [--force] [--json]`. */
export interface IngestCliArgs {
  /** Unset: EVENTS_SOURCE. */
  source?: string;
  watch: boolean;
  force: boolean;
  json: boolean;
  help: boolean;
}

export const INGEST_USAGE = `usage: npm run ingest -- [source] [--watch] [--force] [--json]

  source   a JSON Lines file, a directory of *.jsonl / *.json files, or an http(s) URL
           (default: EVENTS_SOURCE)
  --watch  keep running and load new or changed files (or a changed URL) every EVENTS_WATCH_INTERVAL_MS
  --force  also rewrite talks whose record is exactly as new as the stored row (e.g. after
           EVENT_TEXT_SEPARATOR changed); older records never overwrite newer rows
  --json   print the summary as one JSON object per run instead of text`;

export function parseIngestArgs(argv: string[]): IngestCliArgs {
  const args: IngestCliArgs = { watch: false, force: false, json: false, help: false };
  let onlyPositional = false;
  for (const arg of argv) {
    if (!onlyPositional && arg === '--') onlyPositional = true;
    else if (!onlyPositional && arg === '--watch') args.watch = true;
    else if (!onlyPositional && arg === '--force') args.force = true;
    else if (!onlyPositional && arg === '--json') args.json = true;
    else if (!onlyPositional && (arg === '--help' || arg === '-h')) args.help = true;
    else if (!onlyPositional && arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (args.source !== undefined) throw new UsageError(`one source only, got ${JSON.stringify(args.source)} and ${JSON.stringify(arg)}`);
    else if (arg.trim() === '') throw new UsageError('the source must not be empty');
    else args.source = arg;
  }
  return args;
}
