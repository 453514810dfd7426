import type { IngestEvent } from './event-record';
import { IngestRun, WrittenRow } from './ingest-run';
import { formatSummary } from './ingest-summary';

let clock = 1000;
const now = () => clock;

const event = (id: number, lastUpdatedMicros: bigint, title = `talk ${id}`): IngestEvent => ({
  id,
  url: `https://x.example/${id}`,
  date: 'September 26, 2023',
  time: '10:00 AM - 11:00 AM',
  title,
  abstract: 'N/A',
  location: 'Hall',
  speakers: [],
  lastUpdated: `micros ${lastUpdatedMicros}`,
  lastUpdatedMicros,
  fullText: `${title}\nN/A`,
  startTime: null,
  startTimestamp: null,
});

const written = (id: number, inserted: boolean, needsEmbedding = true): WrittenRow => ({ id, inserted, contentHash: `h${id}`, needsEmbedding });

describe('IngestRun', () => {
  beforeEach(() => (clock = 1000));

  it('keeps the newest record per id, and of equally new ones the first seen', () => {
    const run = new IngestRun('src', false, 100, now);
    run.offer(event(1, 10n, 'first'));
    run.offer(event(1, 30n, 'newest'));
    run.offer(event(1, 20n, 'older'));
    run.offer(event(2, 5n, 'first of equals'));
    run.offer(event(2, 5n, 'second of equals'));
    const batch = run.takeBatch();
    expect(batch.map((e) => [e.id, e.title])).toEqual([
      [1, 'newest'],
      [2, 'first of equals'],
    ]);
    expect(run.duplicates).toBe(3);
    expect(run.takeBatch()).toEqual([]);
  });

  it('holds a newer record of an id already written for the next batch, but not an older or equal one', () => {
    const run = new IngestRun('src', false, 100, now);
    run.offer(event(1, 10n));
    run.recordWritten(run.takeBatch(), [written(1, true)]);
    run.offer(event(1, 10n, 'equal'));
    run.offer(event(1, 9n, 'older'));
    expect(run.takeBatch()).toEqual([]);
    run.offer(event(1, 11n, 'newer'));
    expect(run.takeBatch().map((e) => e.title)).toEqual(['newer']);
    expect(run.duplicates).toBe(3);
  });

  it('tracks the text the pending batch carries, replacements included', () => {
    const run = new IngestRun('src', false, 100, now);
    run.offer(event(1, 1n, 'aaaa'));
    run.offer(event(2, 1n, 'bb'));
    expect(run.pendingSize).toEqual({ rows: 2, chars: 'aaaa\nN/A'.length + 'bb\nN/A'.length });
    run.offer(event(1, 2n, 'a'));
    expect(run.pendingSize).toEqual({ rows: 2, chars: 'a\nN/A'.length + 'bb\nN/A'.length });
    run.takeBatch();
    expect(run.pendingSize).toEqual({ rows: 0, chars: 0 });
  });

  it('counts each id once: new, updated or unchanged, from what the upsert returned', () => {
    const run = new IngestRun('file.jsonl', false, 100, now);
    for (const id of [1, 2, 3, 4]) run.offer(event(id, 10n));
    run.read = 6;
    run.reject('file.jsonl', 5, 'title is missing');
    run.recordWritten(run.takeBatch(), [written(1, true), written(2, false)]);
    run.queued = 2;
    clock = 1250;
    expect(run.summary()).toEqual({
      source: 'file.jsonl',
      files: 0,
      lines: 0,
      read: 6,
      new: 1,
      updated: 1,
      unchanged: 2,
      duplicates: 0,
      rejected: 1,
      rejections: [{ file: 'file.jsonl', line: 5, reason: 'title is missing' }],
      rejectionsOmitted: 0,
      queued: 2,
      notQueued: 0,
      force: false,
      aborted: false,
      durationMs: 250,
    });
  });

  it('merges the outcomes of an id written in two batches: new stays new, a rewrite makes it updated', () => {
    const run = new IngestRun('src', false, 100, now);
    run.offer(event(1, 1n));
    run.offer(event(2, 1n));
    run.offer(event(3, 1n));
    run.recordWritten(run.takeBatch(), [written(1, true)]); // 1 new, 2 and 3 unchanged
    run.offer(event(1, 2n));
    run.offer(event(2, 2n));
    run.offer(event(3, 2n));
    run.recordWritten(run.takeBatch(), [written(1, false), written(2, false)]); // 1 and 2 rewritten, 3 left alone
    expect(run.summary()).toMatchObject({ new: 1, updated: 1, unchanged: 1, duplicates: 3 });
  });

  it('keeps the first rejections and says how many more there were', () => {
    const run = new IngestRun('src', false, 3, now);
    for (let line = 1; line <= 5; line++) run.reject('f', line, 'malformed JSON');
    const summary = run.summary();
    expect(summary.rejected).toBe(5);
    expect(summary.rejections.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(summary.rejectionsOmitted).toBe(2);
  });
});

describe('formatSummary', () => {
  it('prints the counts and the rejected lines as file:line: reason, capped', () => {
    const run = new IngestRun('/data/talks.jsonl', true, 1, now);
    run.files = 1;
    run.lines = 12;
    run.read = 10;
    run.reject('/data/talks.jsonl', 3, 'malformed JSON');
    run.reject('/data/talks.jsonl', 9, 'title is missing');
    run.offer(event(1, 1n));
    run.recordWritten(run.takeBatch(), [written(1, true)]);
    run.queued = 1;
    clock = 1042;
    const text = formatSummary(run.summary());
    expect(text).toBe(
      [
        'ingested /data/talks.jsonl (1 file, 12 lines) in 42 ms (force)',
        '  read           10',
        '  new             1',
        '  updated         0',
        '  unchanged       0',
        '  duplicate       0',
        '  rejected        2',
        '  queued          1 embedding jobs',
        'rejected lines:',
        '  /data/talks.jsonl:3: malformed JSON',
        '  … and 1 more',
      ].join('\n'),
    );
  });
});
