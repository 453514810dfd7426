import { readFileSync } from 'node:fs';
import { sharedDir } from '../../../test/helpers/shared-dir';
import { deriveEvent, eventIdOf, IngestEvent, jsonErrorReason, parseEventLine, textSeparator, validateEventRecord } from './event-record';

const PACIFIC = 'America/Los_Angeles';
const DATASQRL = { separator: textSeparator('literal-backslash-n'), timeZone: PACIFIC, maxFieldChars: 20000 };
const SEMFLOW = { separator: textSeparator('newline'), timeZone: PACIFIC, maxFieldChars: 20000 };
const HOUR_MS = 3600_000;

const record = (overrides: Record<string, unknown> = {}) => ({
  url: 'https://events.bizzabo.com/468544/agenda/session/1136822',
  date: 'September 26, 2023',
  time: '11:30 AM - 11:50 AM',
  title: 'The Top 5 Mistakes',
  abstract: 'Flink in production.',
  location: 'Breakout Room 7',
  speakers: [{ name: ' Robert Metzger ', title: ' PMC Chair ', company: ' Decodable  ' }],
  last_updated: '2023-09-18T18:49:17.798614Z',
  ...overrides,
});

const parse = (value: unknown, options = SEMFLOW) => parseEventLine(JSON.stringify(value), options);
const ok = (value: unknown, options = SEMFLOW): IngestEvent => {
  const parsed = parse(value, options);
  if (!parsed.ok) throw new Error(`expected a valid record, got: ${parsed.reason}`);
  return parsed.value;
};
const reason = (value: unknown): string => {
  const parsed = typeof value === 'string' ? parseEventLine(value, SEMFLOW) : parse(value);
  if (parsed.ok) throw new Error('expected a rejection');
  return parsed.reason;
};

describe('derivation against DataSQRL EventsSubsetTest snapshot', () => {
  const snapshot: Array<Record<string, unknown>> = JSON.parse(
    readFileSync(sharedDir('data', 'current23', 'v05-integration-test', 'snapshots', 'EventsSubsetTest.snapshot'), 'utf8'),
  ).data.EventsSubsetTest;
  const sourceByUrl = new Map<string, string>(
    readFileSync(sharedDir('data', 'current23', 'v05-integration-test', 'events-data', 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => [JSON.parse(line).url as string, line]),
  );

  it('covers the five snapshot talks, each found in the source file', () => {
    expect(snapshot).toHaveLength(5);
    for (const expected of snapshot) expect(sourceByUrl.has(expected.url as string)).toBe(true);
  });

  it.each([0, 1, 2, 3, 4])('talk %#: id, full_text (literal backslash-n), startTime and last_updated match', (index) => {
    const expected = snapshot[index];
    const event = ok(JSON.parse(sourceByUrl.get(expected.url as string)!), DATASQRL);
    expect(event.id).toBe(expected.id);
    expect(event.fullText).toBe(expected.full_text);
    expect(event.fullText).toContain('\\n');
    expect(event.startTime).toBe(expected.startTime);
    // Same instant; the snapshot printed it with milliseconds only.
    expect(new Date(event.lastUpdated).getTime()).toBe(new Date(expected.last_updated as string).getTime());
  });

  // DataSQRL parsed the Pacific wall time without a zone and printed it as if it were UTC; semflow stores
  // the real instant, which in September (PDT, UTC-7) is 7 hours later than that mislabelled value.
  it.each([0, 1, 2, 3, 4])('talk %#: startTimestamp is the Pacific instant, 7 h after DataSQRL zone-less value', (index) => {
    const expected = snapshot[index];
    const event = ok(JSON.parse(sourceByUrl.get(expected.url as string)!), DATASQRL);
    const datasqrl = new Date(expected.startTimestamp as string).getTime();
    expect(event.startTimestamp!.getTime() - datasqrl).toBe(7 * HOUR_MS);
  });

  it('gives the first snapshot talk (11:45 PM, crossing midnight) 06:45 UTC the next day', () => {
    const event = ok(JSON.parse(sourceByUrl.get(snapshot[0].url as string)!), DATASQRL);
    expect(snapshot[0].startTimestamp).toBe('2023-09-26T23:45:00.000Z');
    expect(event.startTimestamp!.toISOString()).toBe('2023-09-27T06:45:00.000Z');
  });

  it('joins title and abstract with a real line break by default', () => {
    const event = ok(JSON.parse(sourceByUrl.get(snapshot[1].url as string)!), SEMFLOW);
    expect(event.fullText).toBe((snapshot[1].full_text as string).replace('\\n', '\n'));
  });
});

describe('event record parsing', () => {
  it('derives every column of a valid record', () => {
    const event = ok(record());
    expect(event).toEqual({
      id: 1136822,
      url: record().url,
      date: 'September 26, 2023',
      time: '11:30 AM - 11:50 AM',
      title: 'The Top 5 Mistakes',
      abstract: 'Flink in production.',
      location: 'Breakout Room 7',
      speakers: [{ name: 'Robert Metzger', title: 'PMC Chair', company: 'Decodable' }],
      lastUpdated: '2023-09-18T18:49:17.798614Z',
      lastUpdatedMicros: 1695062957798614n,
      fullText: 'The Top 5 Mistakes\nFlink in production.',
      startTime: 'September 26, 2023 11:30 AM',
      startTimestamp: new Date('2023-09-26T18:30:00Z'),
    });
  });

  it('accepts records without speakers, with null speakers and with speakers lacking title or company', () => {
    const { speakers, ...withoutSpeakers } = record();
    expect(speakers).toHaveLength(1);
    expect(ok(withoutSpeakers).speakers).toEqual([]);
    expect(ok(record({ speakers: null })).speakers).toEqual([]);
    expect(ok(record({ speakers: [{ name: 'Ada' }, { name: ' Bo ', title: null, company: ' X ' }] })).speakers).toEqual([
      { name: 'Ada', title: null, company: null },
      { name: 'Bo', title: null, company: 'X' },
    ]);
  });

  it('reads the start in the configured zone, also for a start time seen before in another zone', () => {
    expect(ok(record(), { separator: '\n', timeZone: PACIFIC, maxFieldChars: 20000 }).startTimestamp).toEqual(new Date('2023-09-26T18:30:00Z'));
    expect(ok(record(), { separator: '\n', timeZone: 'Europe/Berlin', maxFieldChars: 20000 }).startTimestamp).toEqual(new Date('2023-09-26T09:30:00Z'));
    expect(ok(record(), { separator: '\n', timeZone: PACIFIC, maxFieldChars: 20000 }).startTimestamp).toEqual(new Date('2023-09-26T18:30:00Z'));
  });

  it('keeps a talk whose time has no clock time, without a start', () => {
    const event = ok(record({ time: 'all day' }));
    expect(event.startTime).toBeNull();
    expect(event.startTimestamp).toBeNull();
  });

  it('keeps a talk whose start is not a parsable date, with startTime but no startTimestamp', () => {
    const event = ok(record({ date: 'Sept 26, 2023' }));
    expect(event.startTime).toBe('Sept 26, 2023 11:30 AM');
    expect(event.startTimestamp).toBeNull();
  });

  it('normalises last_updated offsets to UTC with microseconds', () => {
    expect(ok(record({ last_updated: '2023-09-18T18:49:17.798614+05:30' })).lastUpdated).toBe('2023-09-18T13:19:17.798614Z');
    expect(ok(record({ last_updated: '2023-09-18T18:49:17Z' })).lastUpdated).toBe('2023-09-18T18:49:17.000000Z');
    expect(ok(record({ last_updated: '2023-09-18 18:49-0700' })).lastUpdated).toBe('2023-09-19T01:49:00.000000Z');
    // Microseconds order records a millisecond Date would call equal.
    const a = ok(record({ last_updated: '2023-09-18T18:49:17.798614Z' })).lastUpdatedMicros;
    const b = ok(record({ last_updated: '2023-09-18T18:49:17.798615Z' })).lastUpdatedMicros;
    expect(b - a).toBe(1n);
  });

  it('rejects malformed JSON with what is wrong and where, without echoing the line', () => {
    expect(reason('{"url": "x", "title": "secret text" oops}')).toBe("malformed JSON: Expected ',' or '}' after property value at column 37");
    expect(reason('{"url":')).toBe('malformed JSON: Unexpected end of JSON input');
    expect(reason('not json at all')).toBe('malformed JSON: unexpected character');
    // A file that is no JSON at all (the first line of /etc/passwd): not one of its characters comes back.
    expect(reason('root:x:0:0:root:/root:/bin/bash')).toBe('malformed JSON: unexpected character');
    expect(reason('{"a": "x')).toBe('malformed JSON: Unterminated string at column 9');
    expect(reason('{"a": "b\u0001"}')).toBe('malformed JSON: Bad control character in string literal at column 9');
    // A message of another shape, which might quote the line, is reduced to where.
    expect(jsonErrorReason(new Error('Unexpected "secret" in JSON at position 3'))).toBe('malformed JSON at column 4');
  });

  it('rejects values that are not objects', () => {
    expect(reason('[1, 2]')).toBe('expected a JSON object, got an array');
    expect(reason('42')).toBe('expected a JSON object, got a number');
    expect(reason('null')).toBe('expected a JSON object, got null');
  });

  it('names every missing or mistyped field', () => {
    const { title, ...noTitle } = record();
    expect(title).toBeDefined();
    expect(reason(noTitle)).toBe('title is missing');
    expect(reason(record({ abstract: 5, location: null }))).toBe('abstract must be a string, got a number; location must be a string, got null');
    expect(reason(record({ speakers: 'Ada' }))).toBe('speakers must be an array, got a string');
    expect(reason(record({ speakers: [{ title: 'CTO' }, 'Bo'] }))).toBe('speakers[0].name must be a string, got nothing; speakers[1] must be an object, got a string');
    expect(reason(record({ speakers: [{ name: 'Ada', company: 3 }] }))).toBe('speakers[0].company must be a string, got a number');
  });

  it('rejects a last_updated that is missing, zone-less or not a real time', () => {
    const { last_updated, ...noTimestamp } = record();
    expect(last_updated).toBeDefined();
    expect(reason(noTimestamp)).toBe('last_updated is missing');
    for (const bad of ['yesterday', '2023-09-18T18:49:17', '2023-02-30T10:00:00Z', '2023-09-18T24:00:00Z', '2023-09-18T10:00:00+25:00']) {
      expect(reason(record({ last_updated: bad }))).toBe(`last_updated must be an ISO-8601 timestamp with a zone (e.g. 2023-09-18T18:49:17.798Z), got ${JSON.stringify(bad)}`);
    }
    expect(reason(record({ last_updated: 1695062957 }))).toBe('last_updated must be a string, got a number');
  });

  it('rejects text Postgres cannot store instead of failing the batch it would be written in', () => {
    expect(reason(record({ abstract: 'a\u0000b' }))).toBe('abstract contains a NUL character, which Postgres text cannot store');
  });

  it('rejects fields longer than the configured limit and more speakers than a talk can have', () => {
    const limit = SEMFLOW.maxFieldChars;
    expect(parse(record({ abstract: 'a'.repeat(limit) })).ok).toBe(true);
    expect(reason(record({ abstract: 'a'.repeat(limit + 1) }))).toBe(`abstract is ${limit + 1} characters long; the limit is ${limit}`);
    expect(reason(record({ speakers: [{ name: 'Ann', company: 'c'.repeat(limit + 1) }] }))).toBe(`speakers[0].company is ${limit + 1} characters long; the limit is ${limit}`);
    expect(reason(record({ speakers: Array.from({ length: 101 }, () => ({ name: 'Ann' })) }))).toBe('speakers has 101 entries; the limit is 100');
  });
});

describe('event id', () => {
  it('is the trailing digits of the url, 0 when there are none', () => {
    expect(eventIdOf('https://events.bizzabo.com/468544/agenda/session/1136821')).toEqual({ ok: true, value: 1136821 });
    expect(eventIdOf('https://semflow.example/talks/flink-0042')).toEqual({ ok: true, value: 42 });
    expect(eventIdOf('https://semflow.example/talks/no-number')).toEqual({ ok: true, value: 0 });
    expect(eventIdOf('')).toEqual({ ok: true, value: 0 });
    expect(eventIdOf('x/2147483647')).toEqual({ ok: true, value: 2147483647 });
  });

  it('rejects ids beyond the 32-bit integer column', () => {
    expect(eventIdOf('x/2147483648')).toEqual({ ok: false, reason: 'id 2147483648 (the trailing digits of url) is larger than 2147483647, the largest id events can hold' });
    expect(eventIdOf('x/123456789012345678901234567890').ok).toBe(false);
    expect(reason(record({ url: 'https://x.example/99999999999' }))).toMatch(/^id 99999999999 .* larger than 2147483647/);
  });

  it('is derived the same way by deriveEvent from a validated record', () => {
    const validated = validateEventRecord(record({ url: 'a/7' }), 20000);
    expect(validated.ok && deriveEvent(validated.value, SEMFLOW)).toMatchObject({ ok: true, value: { id: 7 } });
  });
});
