import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AppConfig } from '../../config/app-config';
import { EventsSourceError, ResolvedSource } from './event-source';
import type { EventsIngestService, IngestOptions } from './events-ingest.service';
import { EventsSourceLoader } from './events-source-loader';
import type { IngestSummary } from './ingest-summary';

const summary = (source: string): IngestSummary => ({
  source,
  files: 1,
  lines: 1,
  read: 1,
  new: 1,
  updated: 0,
  unchanged: 0,
  duplicates: 0,
  rejected: 0,
  rejections: [],
  rejectionsOmitted: 0,
  queued: 1,
  notQueued: 0,
  force: false,
  aborted: false,
  durationMs: 1,
});

/** Records what the loader asked for; a source named "missing" fails like an unreadable one. */
class FakeIngest {
  readonly calls: string[] = [];
  readonly signals: AbortSignal[] = [];

  async ingest(source: string | undefined, options: IngestOptions = {}): Promise<IngestSummary> {
    this.calls.push(`ingest ${source}`);
    this.signals.push(options.signal!);
    if (source?.includes('missing')) throw new EventsSourceError(source, 'no such file or directory');
    return summary(source!);
  }

  async ingestResolved(resolved: ResolvedSource, options: IngestOptions = {}): Promise<IngestSummary> {
    this.calls.push(`files ${resolved.inputs.map((input) => (input.kind === 'file' ? path.basename(input.path) : input.url)).join(',')}`);
    this.signals.push(options.signal!);
    return summary(resolved.label);
  }
}

const until = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('EventsSourceLoader', () => {
  let ingest: FakeIngest;
  let info: jest.SpyInstance;
  let warn: jest.SpyInstance;
  let dir: string;

  const loader = (config: Partial<AppConfig>) =>
    new EventsSourceLoader(
      ingest as unknown as EventsIngestService,
      {
        APP_ROLE: 'all',
        EVENTS_SOURCE: '',
        EVENTS_WATCH: false,
        EVENTS_WATCH_INTERVAL_MS: 30,
        ...config,
      } as AppConfig,
    );

  beforeEach(() => {
    ingest = new FakeIngest();
    info = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    dir = mkdtempSync(path.join(tmpdir(), 'semflow-loader-'));
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads EVENTS_SOURCE once, after bootstrap returned, and logs the summary', async () => {
    const l = loader({ EVENTS_SOURCE: '/talks.jsonl' });
    l.onApplicationBootstrap();
    expect(ingest.calls).toEqual([]);
    await until(() => info.mock.calls.length > 0);
    expect(ingest.calls).toEqual(['ingest /talks.jsonl']);
    expect(info).toHaveBeenCalledWith(expect.objectContaining({ msg: 'events ingested', source: '/talks.jsonl', new: 1, rejections: [] }));
    await l.beforeApplicationShutdown();
  });

  it('loads nothing in an api process or without a source', async () => {
    const api = loader({ APP_ROLE: 'api', EVENTS_SOURCE: '/talks.jsonl', EVENTS_WATCH: true });
    const none = loader({ APP_ROLE: 'worker', EVENTS_SOURCE: '' });
    api.onApplicationBootstrap();
    none.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ingest.calls).toEqual([]);
    await api.beforeApplicationShutdown();
    await none.beforeApplicationShutdown();
  });

  it('logs a source it cannot read without throwing', async () => {
    const l = loader({ EVENTS_SOURCE: '/missing.jsonl' });
    l.onApplicationBootstrap();
    await until(() => warn.mock.calls.length > 0);
    expect(warn).toHaveBeenCalledWith({
      msg: 'could not ingest the events source',
      source: '/missing.jsonl',
      error: 'cannot read events source /missing.jsonl: no such file or directory',
    });
    await l.beforeApplicationShutdown();
  });

  it('starts no load once shutdown began', async () => {
    const l = loader({ EVENTS_SOURCE: '/talks.jsonl' });
    l.onApplicationBootstrap();
    await l.beforeApplicationShutdown();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ingest.calls).toEqual([]);
    expect(info).not.toHaveBeenCalled();
  });

  it('with EVENTS_WATCH loads the directory, then new files, and stops polling at shutdown', async () => {
    writeFileSync(path.join(dir, 'a.jsonl'), 'a');
    const l = loader({ EVENTS_SOURCE: dir, EVENTS_WATCH: true, APP_ROLE: 'worker' });
    l.onApplicationBootstrap();
    await until(() => ingest.calls.length === 1);
    writeFileSync(path.join(dir, 'b.jsonl'), 'b');
    await until(() => ingest.calls.length === 2);
    expect(ingest.calls).toEqual(['files a.jsonl', 'files b.jsonl']);

    await l.beforeApplicationShutdown();
    expect(ingest.signals.every((signal) => signal.aborted)).toBe(true);
    writeFileSync(path.join(dir, 'c.jsonl'), 'c');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(ingest.calls).toHaveLength(2);
  });

  it('logs a failing watched source once, not at every poll', async () => {
    const l = loader({ EVENTS_SOURCE: path.join(dir, 'later.jsonl'), EVENTS_WATCH: true });
    l.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await l.beforeApplicationShutdown();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatchObject({ msg: 'could not ingest the events source', error: expect.stringMatching(/no such file or directory$/) });
  });
});
