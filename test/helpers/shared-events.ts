import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { EventRecord } from '../../src/events/ingest/event-record';
import { sharedDir } from './shared-dir';

export type RawEvent = Omit<EventRecord, 'speakers'> & Partial<Pick<EventRecord, 'speakers'>>;

/** Talks of the Current23 data set (JSON Lines) from the shared data folder. */
export function readSharedEvents(relative: string): RawEvent[] {
  return readFileSync(sharedDir('data', 'current23', relative), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as RawEvent);
}

/**
 * Writes talks straight into the events table with plain SQL, as another program sharing the database
 * would: semflow must pick them up without having been told through its own API.
 */
export async function insertEventsDirectly(db: Client, events: RawEvent[]): Promise<number[]> {
  const ids: number[] = [];
  for (const event of events) {
    const id = Number(/(\d+)$/.exec(event.url)?.[1] ?? 0);
    ids.push(id);
    await db.query(
      `INSERT INTO events (id, url, date, time, title, abstract, location, speakers, last_updated, full_text, start_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        event.url,
        event.date,
        event.time,
        event.title,
        event.abstract,
        event.location,
        JSON.stringify(event.speakers ?? []),
        event.last_updated,
        `${event.title}\n${event.abstract}`,
        `${event.date} ${event.time}`,
      ],
    );
  }
  return ids;
}
