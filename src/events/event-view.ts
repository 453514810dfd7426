import { talkFieldsOf, type TalkFields } from './event.entity';
import { formatInZone } from './event-time';

/** The talk columns every query that returns talks selects, for a table aliased e. */
export const EVENT_COLUMNS = `e.id, e.url, e.date, e.time, e.title, e.abstract, e.location, e.speakers,
  e.last_updated, e.start_time, e.start_timestamp`;

/** A row selected with EVENT_COLUMNS (plus whatever else the query adds). */
export interface EventRow extends TalkFields {
  id: number;
  last_updated: Date;
  start_time: string | null;
  start_timestamp: Date | null;
}

/** The fields every GraphQL talk type shares (AbstractEvents plus semflow's additions). */
export interface EventView extends TalkFields {
  id: number;
  startTime: string | null;
  startTimestamp: string;
  last_updated: string;
}

/** Times in the conference zone, with its offset; a talk whose start could not be read has "". */
export function toEventView(row: EventRow, timeZone: string): EventView {
  return {
    id: row.id,
    ...talkFieldsOf(row),
    startTime: row.start_time,
    startTimestamp: row.start_timestamp ? formatInZone(row.start_timestamp, timeZone) : '',
    last_updated: row.last_updated.toISOString(),
  };
}
