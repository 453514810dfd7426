/**
 * The text formats the reference generator wrote its dates and times in. All in UTC: the values are
 * varchar columns, and a generator's output must not depend on the zone of the machine it runs on.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export const DAY_MS = 86_400_000;

/** yyyy-MM-dd (dob, openingDate, requestExecutionDate, settlementDate). */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** yyyy-MM-dd'T'HH:mm:ss (creationDate). */
export function formatCreationDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * MM/yy (credit card expDate). The reference's pattern "MM/YY" is a week-based year in Java, which
 * prints the next year in the last days of December: the calendar year is what a card shows.
 */
export function formatCardExpiry(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCFullYear() % 100)}`;
}

/**
 * A timestamp as Postgres prints one (eventTime, which the reference serialised as a Postgres
 * timestamp): "2026-01-01 00:00:00.125", fraction without trailing zeros and left out when zero.
 */
export function formatPostgresTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}`;
}
