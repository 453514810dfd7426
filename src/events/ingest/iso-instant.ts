/**
 * ISO-8601 timestamps with microsecond precision. The source data has microseconds
 * (2023-09-18T18:49:17.798614Z) and Postgres keeps them, but a JavaScript Date stops at milliseconds:
 * comparing Dates would call two records equal that the database orders, so the newest-record-wins rule
 * of one run would disagree with the one the upsert applies.
 */
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

export interface IsoInstant {
  /** Microseconds since 1970-01-01T00:00:00Z. */
  micros: bigint;
  /** The same instant as the database will store it: UTC, six fraction digits. */
  iso: string;
}

function offsetMinutes(zone: string): number | null {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 15 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/** Fraction digits as microseconds, rounded to the nearest microsecond as Postgres does. */
function fractionMicros(fraction: string | undefined): bigint {
  if (!fraction) return 0n;
  const padded = (fraction + '000000').slice(0, 6);
  const roundUp = fraction.length > 6 && Number(fraction[6]) >= 5;
  return BigInt(padded) + (roundUp ? 1n : 0n);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** Formats microseconds since the epoch as YYYY-MM-DDTHH:MM:SS.ffffffZ. */
export function isoFromMicros(micros: bigint): string {
  const ms = floorDiv(micros, 1000n);
  const fraction = String(micros - floorDiv(micros, 1_000_000n) * 1_000_000n).padStart(6, '0');
  return new Date(Number(ms)).toISOString().replace(/\.\d{3}Z$/, `.${fraction}Z`);
}

/**
 * Parses an ISO-8601 date-time that names its zone (Z or an offset). A zone-less time is refused: the
 * database would read it in its session's zone, so the same file could order records differently on
 * two servers. Null when the text is not such a timestamp or not a real calendar time.
 */
export function parseIsoInstant(text: string): IsoInstant | null {
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '0', fraction, zone] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  const offset = offsetMinutes(zone);
  if (offset === null || hour > 23 || minute > 59 || second > 59) return null;
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  if (wall.getUTCFullYear() !== year || wall.getUTCMonth() !== month - 1 || wall.getUTCDate() !== day) return null;
  const micros = BigInt(wall.getTime() - offset * 60000) * 1000n + fractionMicros(fraction);
  return { micros, iso: isoFromMicros(micros) };
}
