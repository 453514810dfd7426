import { talkFieldsOf, type Speaker, type TalkFields } from '../event.entity';
import { parseStartTime, startTimeOf } from '../event-time';
import { parseIsoInstant } from './iso-instant';

/**
 * One line of a talks file, checked against the Current23 record schema
 * (blog-2023/mysourcepackage/events.schema.yml), and the columns semflow derives from it.
 */

/** A record as the schema describes it, strings as given. */
export interface EventRecord extends TalkFields {
  last_updated: string;
}

/** A talk ready to be written: the record's fields plus the derived columns. */
export interface IngestEvent extends TalkFields {
  id: number;
  /** last_updated normalised to UTC with microseconds, exactly what the database stores. */
  lastUpdated: string;
  /** last_updated in microseconds since the epoch: the newest record per id wins. */
  lastUpdatedMicros: bigint;
  fullText: string;
  startTime: string | null;
  startTimestamp: Date | null;
}

export type TextSeparatorSetting = 'newline' | 'literal-backslash-n';

export interface DeriveOptions {
  /** What goes between title and abstract in full_text. */
  separator: string;
  /** Zone of the agenda's wall-clock times. */
  timeZone: string;
  /** Longest string a record field may hold (EVENT_FIELD_MAX_CHARS). */
  maxFieldChars: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const REQUIRED_STRINGS = ['url', 'date', 'time', 'title', 'abstract', 'location'] as const;
const MAX_EVENT_ID = 2 ** 31 - 1;
const SHOWN_VALUE_CHARS = 40;
/** Far more than any talk has; bounds what one record can make the service store and embed. */
const MAX_SPEAKERS = 100;

/** newline: a line break; literal-backslash-n: the two characters \ and n (DataSQRL's SQL literal '\n'). */
export function textSeparator(setting: TextSeparatorSetting): string {
  return setting === 'literal-backslash-n' ? '\\n' : '\n';
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function shown(value: string): string {
  return JSON.stringify(value.length > SHOWN_VALUE_CHARS ? `${value.slice(0, SHOWN_VALUE_CHARS)}…` : value);
}

/** Postgres text cannot hold U+0000: one such record would fail the whole batch it is written in. */
function checkText(field: string, value: string, maxChars: number, problems: string[]): void {
  if (value.includes('\u0000')) problems.push(`${field} contains a NUL character, which Postgres text cannot store`);
  if (value.length > maxChars) problems.push(`${field} is ${value.length} characters long; the limit is ${maxChars}`);
}

function optionalSpeakerText(field: string, value: unknown, maxChars: number, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    problems.push(`${field} must be a string, got ${typeName(value)}`);
    return null;
  }
  checkText(field, value, maxChars, problems);
  return value.trim();
}

/** Speaker strings in the scrape carry stray spaces (" Confluent  "): they are trimmed. */
function validateSpeakers(value: unknown, maxChars: number, problems: string[]): Speaker[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`speakers must be an array, got ${typeName(value)}`);
    return [];
  }
  if (value.length > MAX_SPEAKERS) {
    problems.push(`speakers has ${value.length} entries; the limit is ${MAX_SPEAKERS}`);
    return [];
  }
  return value.map((speaker: unknown, index) => {
    const field = `speakers[${index}]`;
    if (typeof speaker !== 'object' || speaker === null || Array.isArray(speaker)) {
      problems.push(`${field} must be an object, got ${typeName(speaker)}`);
      return { name: '' };
    }
    const { name, title, company } = speaker as Record<string, unknown>;
    if (typeof name !== 'string') problems.push(`${field}.name must be a string, got ${name === undefined ? 'nothing' : typeName(name)}`);
    else checkText(`${field}.name`, name, maxChars, problems);
    return {
      name: typeof name === 'string' ? name.trim() : '',
      title: optionalSpeakerText(`${field}.title`, title, maxChars, problems),
      company: optionalSpeakerText(`${field}.company`, company, maxChars, problems),
    };
  });
}

/** Checks a parsed JSON value against the record schema; every problem is named, not only the first. */
export function validateEventRecord(value: unknown, maxFieldChars: number): Parsed<EventRecord> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: `expected a JSON object, got ${typeName(value)}` };
  }
  const raw = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of REQUIRED_STRINGS) {
    const v = raw[field];
    if (v === undefined) problems.push(`${field} is missing`);
    else if (typeof v !== 'string') problems.push(`${field} must be a string, got ${typeName(v)}`);
    else checkText(field, v, maxFieldChars, problems);
  }
  const speakers = validateSpeakers(raw.speakers, maxFieldChars, problems);
  const lastUpdated = raw.last_updated;
  if (lastUpdated === undefined) problems.push('last_updated is missing');
  else if (typeof lastUpdated !== 'string') problems.push(`last_updated must be a string, got ${typeName(lastUpdated)}`);
  else if (!parseIsoInstant(lastUpdated)) {
    problems.push(`last_updated must be an ISO-8601 timestamp with a zone (e.g. 2023-09-18T18:49:17.798Z), got ${shown(lastUpdated)}`);
  }
  if (problems.length > 0) return { ok: false, reason: problems.join('; ') };
  const { url, date, time, title, abstract, location, last_updated } = raw as unknown as EventRecord;
  return { ok: true, value: { url, date, time, title, abstract, location, speakers, last_updated } };
}

/** The trailing digits of the url (…/session/1136821 -> 1136821), 0 when it ends in none. */
export function eventIdOf(url: string): Parsed<number> {
  const digits = /(\d+)$/.exec(url)?.[1]?.replace(/^0+(?=\d)/, '');
  if (digits === undefined) return { ok: true, value: 0 };
  // Compared as text first: Number() of a 20-digit string is already rounded.
  if (digits.length > 10 || Number(digits) > MAX_EVENT_ID) {
    return { ok: false, reason: `id ${digits} (the trailing digits of url) is larger than ${MAX_EVENT_ID}, the largest id events can hold` };
  }
  return { ok: true, value: Number(digits) };
}

/** id, full_text, startTime and startTimestamp of a valid record. */
export function deriveEvent(record: EventRecord, options: DeriveOptions): Parsed<IngestEvent> {
  const id = eventIdOf(record.url);
  if (!id.ok) return id;
  const instant = parseIsoInstant(record.last_updated)!;
  const startTime = startTimeOf(record.date, record.time);
  return {
    ok: true,
    value: {
      id: id.value,
      ...talkFieldsOf(record),
      lastUpdated: instant.iso,
      lastUpdatedMicros: instant.micros,
      fullText: `${record.title}${options.separator}${record.abstract}`,
      startTime,
      startTimestamp: startTime === null ? null : parseStartTime(startTime, options.timeZone),
    },
  };
}

/** V8's grammar messages ("Expected ',' or '}' after property value"): letters and quoted JSON punctuation only. */
const GRAMMAR_MESSAGE = /^(?:[A-Za-z ]|'[,:{}[\]]')+$/;

/**
 * What JSON.parse objected to and where, without any character of the line: the source may be any file
 * the server can read, and the reason travels back in an HTTP answer. V8 quotes the offending character
 * ("Unexpected token 'r'") and the start of the line; only its grammar messages are passed on.
 */
export function jsonErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message)?.[1];
  const where = position === undefined ? '' : ` at column ${Number(position) + 1}`;
  if (message.startsWith('Unexpected token')) return `malformed JSON: unexpected character${where}`;
  const what = message.replace(/ (?:in JSON )?at position \d+.*$/s, '').trim();
  return `malformed JSON${GRAMMAR_MESSAGE.test(what) ? `: ${what}` : ''}${where}`;
}

/** One non-blank line of a JSON Lines source: parse, validate, derive. */
export function parseEventLine(line: string, options: DeriveOptions): Parsed<IngestEvent> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: jsonErrorReason(error) };
  }
  const record = validateEventRecord(value, options.maxFieldChars);
  return record.ok ? deriveEvent(record.value, options) : record;
}
