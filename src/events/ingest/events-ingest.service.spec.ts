import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../common/free-port';
import { InvalidInputError } from '../../common/invalid-input.error';
import { AppConfig } from '../../config/app-config';
import type { EnqueueItem, QueueService } from '../../queue/queue.service';
import type { JobName } from '../../queue/queue.types';
import { eventEmbeddingJob } from '../events.service';
import type { IngestEvent } from './event-record';
import { EventsSourceError } from './event-source';
import type { EventsIngestRepository } from './events-ingest.repository';
import { EventsIngestService, IngestProgress } from './events-ingest.service';
import type { WrittenRow } from './ingest-run';

/**
 * Test doubles for the unit tests of ingestion: the upsert's rules over a Map (the SQL itself is covered
 * end to end against the real database), and a queue that records what it was given.
 */

interface StoredRow {
  event: IngestEvent;
  embeddedHash: string | null;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const dataOf = (e: IngestEvent) => JSON.stringify([e.url, e.date, e.time, e.title, e.abstract, e.location, e.speakers, e.fullText, e.startTime, e.startTimestamp]);

class FakeEventsTable {
  readonly rows = new Map<number, StoredRow>();
  readonly calls: Array<{ ids: number[]; force: boolean }> = [];
  /** Everything that happened, in order, with the queue's calls: upserts must come before their jobs. */
  readonly log: string[];

  constructor(log: string[] = []) {
    this.log = log;
  }

  async upsert(batch: IngestEvent[], force: boolean): Promise<WrittenRow[]> {
    if (batch.length === 0) return [];
    await new Promise((resolve) => setImmediate(resolve));
    const ids = batch.map((e) => e.id);
    if (new Set(ids).size !== ids.length) throw new Error('ON CONFLICT DO UPDATE command cannot affect row a second time');
    this.calls.push({ ids, force });
    this.log.push(`upsert ${ids.join(',')}`);
    const written: WrittenRow[] = [];
    for (const event of batch) {
      const stored = this.rows.get(event.id);
      const rewrite =
        !stored ||
        stored.event.lastUpdatedMicros < event.lastUpdatedMicros ||
        (force && stored.event.lastUpdatedMicros === event.lastUpdatedMicros && dataOf(stored.event) !== dataOf(event));
      if (!rewrite) continue;
      this.rows.set(event.id, { event, embeddedHash: stored?.embeddedHash ?? null });
      const contentHash = md5(event.fullText);
      written.push({ id: event.id, inserted: !stored, contentHash, needsEmbedding: stored?.embeddedHash !== contentHash });
    }
    return written;
  }

  async lastUpdatedOf(ids: number[]): Promise<Map<number, bigint>> {
    this.log.push(`select ${ids.join(',')}`);
    const found = ids.filter((id) => this.rows.has(id));
    return new Map(found.map((id) => [id, this.rows.get(id)!.event.lastUpdatedMicros]));
  }

  /** What a worker does once it embedded a row's current text. */
  markEmbedded(): void {
    for (const row of this.rows.values()) row.embeddedHash = md5(row.event.fullText);
  }

  asRepository(): EventsIngestRepository {
    return this as unknown as EventsIngestRepository;
  }
}

class FakeQueues {
  readonly jobs: Array<EnqueueItem<JobName.EmbedEvent>> = [];
  failing = false;

  constructor(readonly log: string[] = []) {}

  async enqueueMany(_name: JobName, items: Array<EnqueueItem<JobName.EmbedEvent>>): Promise<void> {
    if (items.length === 0) return;
    if (this.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    this.log.push(`enqueue ${items.map((item) => item.data.eventId).join(',')}`);
    this.jobs.push(...items);
  }

  asQueueService(): QueueService {
    return this as unknown as QueueService;
  }
}

const testConfig = (overrides: Partial<AppConfig> = {}): AppConfig =>
  Object.assign(new AppConfig(), { EVENTS_SOURCE: '', EVENT_TEXT_SEPARATOR: 'newline', EVENTS_TIME_ZONE: 'America/Los_Angeles', ...overrides });

/** One JSON line of a talk with the given id and last_updated second. */
const talkLine = (id: number, second = 0, title = `Talk ${id}`, abstract = 'About streams.'): string =>
  JSON.stringify({
    url: `https://talks.example/session/${id}`,
    date: 'September 26, 2023',
    time: '10:30 AM - 11:15 AM',
    title,
    abstract,
    location: 'Room 1',
    speakers: [{ name: ' Ada ', company: ' Example ' }],
    last_updated: `2023-09-18T18:49:${String(second).padStart(2, '0')}.000001Z`,
  });

describe('EventsIngestService', () => {
  let dir: string;
  let log: string[];
  let table: FakeEventsTable;
  let queues: FakeQueues;
  let service: EventsIngestService;

  const file = (name: string, lines: string[]) => {
    const full = path.join(dir, name);
    writeFileSync(full, lines.join('\n'));
    return full;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'semflow-ingest-'));
    log = [];
    table = new FakeEventsTable(log);
    queues = new FakeQueues(log);
    service = new EventsIngestService(table.asRepository(), queues.asQueueService(), testConfig());
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a file: valid records written, blank lines skipped, bad lines rejected with their line numbers', async () => {
    const source = file('talks.jsonl', [talkLine(1), '', talkLine(2), '{"url": "x"', '   ', talkLine(3).replace('"title"', '"name"'), '[]', talkLine(4), '']);
    const summary = await service.ingest(source);
    expect(summary).toMatchObject({ source, files: 1, lines: 8, read: 6, new: 3, updated: 0, unchanged: 0, duplicates: 0, rejected: 3, queued: 3, aborted: false });
    expect(summary.rejections).toEqual([
      { file: source, line: 4, reason: "malformed JSON: Expected ',' or '}' after property value at column 12" },
      { file: source, line: 6, reason: 'title is missing' },
      { file: source, line: 7, reason: 'expected a JSON object, got an array' },
    ]);
    expect([...table.rows.keys()].sort()).toEqual([1, 2, 4]);
    expect(table.rows.get(1)!.event.speakers).toEqual([{ name: 'Ada', title: null, company: 'Example' }]);
    expect(queues.jobs.map((job) => job.data.eventId)).toEqual([1, 2, 4]);
  });

  it('queues the jobs eventEmbeddingJob makes, after the rows are written', async () => {
    await service.ingest(file('a.jsonl', [talkLine(7)]));
    const stored = table.rows.get(7)!.event;
    expect(queues.jobs).toEqual([eventEmbeddingJob(7, createHash('md5').update(stored.fullText).digest('hex'))]);
    expect(log).toEqual(['select 7', 'upsert 7', 'enqueue 7']);
  });

  it('reads a directory: *.jsonl and *.json files by name, nothing else, line numbers per file', async () => {
    file('b.json', [talkLine(2), '{oops']);
    file('a.jsonl', [talkLine(1)]);
    file('c.txt', [talkLine(3)]);
    file('.hidden.jsonl', [talkLine(4)]);
    mkdirSync(path.join(dir, 'sub.jsonl'));
    const summary = await service.ingest(dir);
    expect(summary).toMatchObject({ source: dir, files: 2, lines: 3, read: 3, new: 2, rejected: 1 });
    expect(summary.rejections).toEqual([{ file: path.join(dir, 'b.json'), line: 2, reason: expect.stringMatching(/^malformed JSON/) }]);
    expect(table.calls.flatMap((c) => c.ids)).toEqual([1, 2]);
  });

  it('changes nothing and queues nothing when the same records come again (older or equal)', async () => {
    const source = file('talks.jsonl', [talkLine(1, 5), talkLine(2, 5)]);
    await service.ingest(source);
    table.markEmbedded();
    const jobs = queues.jobs.length;
    const upserts = table.calls.length;

    expect(await service.ingest(source)).toMatchObject({ read: 2, new: 0, updated: 0, unchanged: 2, queued: 0 });
    // Nothing newer: the rows were compared, not offered to the upsert.
    expect(table.calls.length).toBe(upserts);
    expect(await service.ingest(file('older.jsonl', [talkLine(1, 4, 'Old title')]))).toMatchObject({ unchanged: 1, updated: 0, queued: 0 });
    expect(queues.jobs.length).toBe(jobs);
    expect(table.rows.get(1)!.event.title).toBe('Talk 1');
  });

  it('rewrites a talk with a newer record and queues it only when its text changed', async () => {
    await service.ingest(file('v1.jsonl', [talkLine(1, 5), talkLine(2, 5)]));
    table.markEmbedded();
    queues.jobs.length = 0;
    const summary = await service.ingest(file('v2.jsonl', [talkLine(1, 6, 'Talk 1', 'A new abstract.'), talkLine(2, 6)]));
    expect(summary).toMatchObject({ updated: 2, unchanged: 0, queued: 1 });
    expect(queues.jobs.map((job) => job.data.eventId)).toEqual([1]);
  });

  it('with force rewrites equally new records that differ, never older ones, and queues changed texts only', async () => {
    await service.ingest(file('v1.jsonl', [talkLine(1, 5), talkLine(2, 5), talkLine(3, 5)]));
    table.markEmbedded();
    queues.jobs.length = 0;
    const changed = file('v1b.jsonl', [talkLine(1, 5, 'Renamed'), talkLine(2, 5), talkLine(3, 4, 'Older')]);

    expect(await service.ingest(changed)).toMatchObject({ updated: 0, unchanged: 3, queued: 0 });
    const forced = await service.ingest(changed, { force: true });
    expect(forced).toMatchObject({ force: true, updated: 1, unchanged: 2, queued: 1 });
    // Equally new rows go to the upsert, which compares them; the older one does not.
    expect(table.calls.at(-1)).toEqual({ ids: [1, 2], force: true });
    expect(queues.jobs.map((job) => job.data.eventId)).toEqual([1]);
    expect(table.rows.get(3)!.event.title).toBe('Talk 3');
  });

  it('keeps the newest record of an id within a run, the first of equal ones, and counts the rest as duplicates', async () => {
    const summary = await service.ingest(
      file('dups.jsonl', [talkLine(1, 1, 'old'), talkLine(1, 3, 'newest'), talkLine(1, 2, 'middle'), talkLine(2, 1, 'first'), talkLine(2, 1, 'second')]),
    );
    expect(summary).toMatchObject({ read: 5, new: 2, duplicates: 3, queued: 2 });
    expect(table.rows.get(1)!.event.title).toBe('newest');
    expect(table.rows.get(2)!.event.title).toBe('first');
  });

  it('writes large sources in batches, queueing after each, and the newest record wins across batches', async () => {
    const lines = Array.from({ length: 600 }, (_, i) => talkLine(i + 1, 1));
    lines.push(talkLine(5, 2, 'Talk 5, revised'));
    lines.push(talkLine(6, 0, 'Talk 6, older'));
    const summary = await service.ingest(file('big.jsonl', lines));
    expect(table.calls.map((c) => c.ids.length)).toEqual([250, 250, 101]);
    expect(log.map((entry) => entry.split(' ')[0])).toEqual(['select', 'upsert', 'enqueue', 'select', 'upsert', 'enqueue', 'select', 'upsert', 'enqueue']);
    expect(summary).toMatchObject({ read: 602, new: 600, updated: 0, unchanged: 0, duplicates: 2 });
    expect(table.rows.get(5)!.event.title).toBe('Talk 5, revised');
    expect(table.rows.get(6)!.event.title).toBe('Talk 6');
    expect(summary.read).toBe(summary.new + summary.updated + summary.unchanged + summary.duplicates + summary.rejected);
  });

  it('stops after the batch being written when aborted, and says so', async () => {
    const controller = new AbortController();
    const lines = Array.from({ length: 600 }, (_, i) => talkLine(i + 1));
    const original = table.upsert.bind(table);
    table.upsert = async (batch, force) => {
      const rows = await original(batch, force);
      controller.abort();
      return rows;
    };
    const summary = await service.ingest(file('big.jsonl', lines), { signal: controller.signal });
    expect(summary.aborted).toBe(true);
    expect(table.calls).toHaveLength(1);
    expect(table.rows.size).toBe(250);
    expect(queues.jobs).toHaveLength(250);
  });

  it('keeps the rows when the jobs cannot be queued, and reports them as not queued', async () => {
    queues.failing = true;
    const summary = await service.ingest(file('a.jsonl', [talkLine(1), talkLine(2)]));
    expect(summary).toMatchObject({ new: 2, queued: 0, notQueued: 2 });
    expect(table.rows.size).toBe(2);
  });

  it('reports progress in bytes and lines', async () => {
    const source = file('a.jsonl', [talkLine(1), talkLine(2)]);
    const seen: IngestProgress[] = [];
    await service.ingest(source, { onProgress: (p) => seen.push(p) });
    const size = Buffer.byteLength([talkLine(1), talkLine(2)].join('\n'));
    expect(seen.at(-1)).toEqual({ bytes: size, totalBytes: size, lines: 2, read: 2 });
  });

  it('refuses a source that cannot be read, as input the caller must fix, loading nothing', async () => {
    const missing = path.join(dir, 'nope.jsonl');
    await expect(service.ingest(missing)).rejects.toThrow(`cannot read events source ${missing}: no such file or directory`);
    await expect(service.ingest(missing)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(service.ingest(undefined)).rejects.toThrow('no source was given and EVENTS_SOURCE is empty');
    expect(table.calls).toEqual([]);
  });

  it('uses EVENTS_SOURCE when no source is given', async () => {
    const source = file('default.jsonl', [talkLine(9)]);
    service = new EventsIngestService(table.asRepository(), queues.asQueueService(), testConfig({ EVENTS_SOURCE: source }));
    expect(await service.ingest(undefined)).toMatchObject({ source, new: 1 });
  });

  it('runs one ingestion at a time in a process: batches of two runs never interleave', async () => {
    const a = file(
      'a.jsonl',
      Array.from({ length: 300 }, (_, i) => talkLine(i + 1)),
    );
    const b = file(
      'b.jsonl',
      Array.from({ length: 300 }, (_, i) => talkLine(i + 1001)),
    );
    await Promise.all([service.ingest(a), service.ingest(b)]);
    const firstIds = table.calls.map((c) => c.ids[0]);
    expect(firstIds).toEqual([1, 251, 1001, 1251]);
  });

  describe('from an http URL', () => {
    let server: Server;
    let base: string;
    let body = '';
    let authorization: string | undefined;

    beforeAll(async () => {
      server = createServer((req, res) => {
        authorization = req.headers.authorization;
        // One record, then nothing more for longer than any bound here: the body never ends by itself.
        if (req.url === '/stalls.jsonl') {
          res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          res.write(`${talkLine(7)}\n`);
          setTimeout(() => res.end(), 5000).unref();
          return;
        }
        if (req.url === '/talks.jsonl') {
          res.writeHead(200, { 'content-type': 'application/x-ndjson', etag: '"v1"' });
          res.end(body);
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('stops a run past EVENTS_SOURCE_TIMEOUT_MS with an error naming the bound', async () => {
      const bounded = new EventsIngestService(table.asRepository(), queues.asQueueService(), testConfig({ EVENTS_SOURCE_TIMEOUT_MS: 1000 }));
      const started = Date.now();
      await expect(bounded.ingest(`${base}/stalls.jsonl`)).rejects.toThrow(
        'the ingestion run took longer than EVENTS_SOURCE_TIMEOUT_MS (1000 ms) and was stopped; talks written before then stay',
      );
      expect(Date.now() - started).toBeLessThan(4000);
    });

    it('refuses a body past EVENTS_SOURCE_MAX_BYTES by its Content-Length, before a line is read', async () => {
      body = [1, 2, 3, 4, 5, 6].map((id) => talkLine(id)).join('\n');
      const bounded = new EventsIngestService(table.asRepository(), queues.asQueueService(), testConfig({ EVENTS_SOURCE_MAX_BYTES: 1024 }));
      await expect(bounded.ingest(`${base}/talks.jsonl`)).rejects.toThrow(`cannot read events source ${base}/talks.jsonl: larger than EVENTS_SOURCE_MAX_BYTES (1024 bytes)`);
      expect(table.rows.size).toBe(0);
    });

    it('streams the response body like a file', async () => {
      body = [talkLine(1), '', 'nonsense', talkLine(2)].join('\r\n');
      const summary = await service.ingest(`${base}/talks.jsonl`);
      expect(summary).toMatchObject({ source: `${base}/talks.jsonl`, files: 1, lines: 4, read: 3, new: 2, rejected: 1 });
      expect(summary.rejections).toEqual([{ file: `${base}/talks.jsonl`, line: 3, reason: expect.stringMatching(/^malformed JSON/) }]);
    });

    it('refuses an HTTP error status and an unreachable server', async () => {
      await expect(service.ingest(`${base}/missing.jsonl`)).rejects.toThrow(`cannot read events source ${base}/missing.jsonl: HTTP 404 Not Found`);
      const closed = await freePort();
      await expect(service.ingest(`http://127.0.0.1:${closed}/talks.jsonl`)).rejects.toThrow(
        `cannot read events source http://127.0.0.1:${closed}/talks.jsonl: connect ECONNREFUSED`,
      );
      await expect(service.ingest('http://[oops/talks.jsonl')).rejects.toThrow('cannot read events source http://[oops/talks.jsonl: not a valid URL');
      await expect(service.ingest(`${base}/missing.jsonl`)).rejects.toBeInstanceOf(EventsSourceError);
    });

    it('sends credentials in the URL as basic authentication and names the URL without them', async () => {
      body = 'oops';
      const port = (server.address() as AddressInfo).port;
      const summary = await service.ingest(`http://user:s%40cret@127.0.0.1:${port}/talks.jsonl`);
      expect(authorization).toBe(`Basic ${Buffer.from('user:s@cret').toString('base64')}`);
      expect(JSON.stringify(summary)).not.toContain('cret');
      expect(summary.source).toBe(`http://127.0.0.1:${port}/talks.jsonl`);
      expect(summary.rejections[0].file).toBe(`http://127.0.0.1:${port}/talks.jsonl`);
    });
  });
});
