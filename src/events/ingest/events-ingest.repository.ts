import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EventEntity } from '../event.entity';
import type { IngestEvent } from './event-record';
import type { WrittenRow } from './ingest-run';

/** Columns written from a record, in VALUES order, with the type each parameter is cast to. */
const COLUMNS: Array<[column: string, type: string]> = [
  ['id', 'integer'],
  ['url', 'text'],
  ['date', 'text'],
  ['time', 'text'],
  ['title', 'text'],
  ['abstract', 'text'],
  ['location', 'text'],
  ['speakers', 'jsonb'],
  ['last_updated', 'timestamptz'],
  ['full_text', 'text'],
  ['start_time', 'text'],
  ['start_timestamp', 'timestamptz'],
];
const NAMES = COLUMNS.map(([column]) => column);
const DATA_COLUMNS = NAMES.filter((name) => name !== 'id' && name !== 'last_updated');

const params = (event: IngestEvent): unknown[] => [
  event.id,
  event.url,
  event.date,
  event.time,
  event.title,
  event.abstract,
  event.location,
  JSON.stringify(event.speakers),
  event.lastUpdated,
  event.fullText,
  event.startTime,
  event.startTimestamp,
];

/** Largest batch one statement takes: Postgres allows 65535 parameters per statement. */
export const MAX_UPSERT_ROWS = Math.floor(65000 / COLUMNS.length);

/**
 * The SQL of loading talks. One statement per batch, so a batch is written entirely or not at all
 * without an explicit transaction (on the embedded database a transaction would hold up every other
 * connection for its whole length).
 */
@Injectable()
export class EventsIngestRepository {
  constructor(@InjectRepository(EventEntity) private readonly events: Repository<EventEntity>) {}

  /**
   * last_updated of the stored rows among ids, in microseconds (a Date would drop them). Lets a replay
   * skip the upsert: comparing is far cheaper than offering every row to ON CONFLICT.
   */
  async lastUpdatedOf(ids: number[]): Promise<Map<number, bigint>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: number; micros: string }> = await this.events.query(
      `SELECT id, (extract(epoch FROM last_updated) * 1000000)::bigint::text AS micros FROM events WHERE id = ANY($1::integer[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, BigInt(row.micros)]));
  }

  /**
   * Inserts new talks and rewrites those whose stored row is older than the record. With force, a row
   * exactly as new is rewritten as well when any column differs (a changed EVENT_TEXT_SEPARATOR, a fixed
   * parser); an older record never overwrites a newer row. Returns the rows written; a row left alone is
   * not returned. Ids must be distinct within one call (ON CONFLICT cannot touch a row twice).
   *
   * previous reads the rows as they were before this statement: every part of a WITH sees the same
   * snapshot. That tells an insert from an update and gives the hash of the text that was replaced.
   */
  async upsert(batch: IngestEvent[], force: boolean): Promise<WrittenRow[]> {
    if (batch.length === 0) return [];
    if (batch.length > MAX_UPSERT_ROWS) throw new Error(`at most ${MAX_UPSERT_ROWS} talks per upsert, got ${batch.length}`);
    const values: unknown[] = [force];
    const tuples = batch.map((event) => {
      const placeholders = params(event).map((value, i) => {
        values.push(value);
        return `$${values.length}::${COLUMNS[i][1]}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const rows: Array<{ id: number; inserted: boolean; content_hash: string; needs_embedding: boolean }> = await this.events.query(
      `WITH incoming (${NAMES.join(', ')}) AS (VALUES ${tuples.join(',\n')}),
       previous AS (
         SELECT e.id FROM events e JOIN incoming i ON i.id = e.id
       ),
       written AS (
         INSERT INTO events AS e (${NAMES.join(', ')})
         SELECT ${NAMES.join(', ')} FROM incoming
         ON CONFLICT (id) DO UPDATE SET
           ${[...DATA_COLUMNS, 'last_updated'].map((name) => `${name} = EXCLUDED.${name}`).join(', ')},
           updated_at = now()
         WHERE e.last_updated < EXCLUDED.last_updated
            OR ($1::boolean AND e.last_updated = EXCLUDED.last_updated
                AND (${DATA_COLUMNS.map((name) => `e.${name}`).join(', ')})
                    IS DISTINCT FROM (${DATA_COLUMNS.map((name) => `EXCLUDED.${name}`).join(', ')}))
         RETURNING e.id, e.content_hash, e.embedded_hash
       )
       SELECT w.id, p.id IS NULL AS inserted, w.content_hash,
              w.embedded_hash IS DISTINCT FROM w.content_hash AS needs_embedding
         FROM written w LEFT JOIN previous p ON p.id = w.id
        ORDER BY w.id`,
      values,
    );
    return rows.map((row) => ({ id: row.id, inserted: row.inserted, contentHash: row.content_hash, needsEmbedding: row.needs_embedding }));
  }
}
