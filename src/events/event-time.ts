/**
 * The start of a talk, as the Current23 agenda writes it: a date ("September 26, 2023 - September 27,
 * 2023") and a time range ("Sep 26, 11:45 PM - Sep 27, 1:15 AM") in the conference's local time.
 */

// Java's \s (DataSQRL's REGEXP_EXTRACT), which unlike JavaScript's does not match no-break spaces.
const JAVA_SPACE = '[ \\t\\n\\x0B\\f\\r]';
const FIRST_CLOCK_TIME = new RegExp(`\\d\\d?:\\d\\d${JAVA_SPACE}(AM|PM)`);
const START_TIME = /^([A-Za-z]+) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}) (AM|PM)$/;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Text before the first '-' of date, trimmed, a space, and the first "h:mm AM|PM" of time. */
export function startTimeOf(date: string, time: string): string | null {
  const day = date.split('-')[0].trim();
  const clock = FIRST_CLOCK_TIME.exec(time)?.[0].trim();
  return clock === undefined ? null : `${day} ${clock}`;
}

// Building a formatter costs ~0.3 ms, formatting with one a few microseconds: one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of a zone from UTC at an instant, in milliseconds (-7 h for Pacific daylight time). */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = wallClockFormatter(timeZone).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)!.value);
  const wallMs = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wallMs - Math.floor(instantMs / 1000) * 1000;
}

/**
 * Parses "MMMM d, yyyy h:mm a" as wall-clock time in timeZone. Null when startTime does not have that
 * shape. A wall time that a daylight-saving change skips or repeats resolves to the earlier offset.
 */
export function parseStartTime(startTime: string, timeZone: string): Date | null {
  const match = START_TIME.exec(startTime);
  if (!match) return null;
  const [, monthName, day, year, hour12, minute, meridiem] = match;
  const month = MONTHS.indexOf(monthName.toLowerCase());
  const hour = Number(hour12);
  if (month < 0 || hour < 1 || hour > 12 || Number(minute) > 59) return null;
  const wallMs = Date.UTC(Number(year), month, Number(day), (hour % 12) + (meridiem === 'PM' ? 12 : 0), Number(minute));
  const check = new Date(wallMs);
  if (check.getUTCDate() !== Number(day) || check.getUTCMonth() !== month) return null;
  let instant = wallMs - zoneOffsetMs(wallMs, timeZone);
  instant = wallMs - zoneOffsetMs(instant, timeZone);
  return new Date(instant);
}

/** ISO-8601 with the zone's offset, e.g. 2023-09-26T23:45:00-07:00. */
export function formatInZone(instant: Date, timeZone: string): string {
  const offsetMinutes = Math.round(zoneOffsetMs(instant.getTime(), timeZone) / 60000);
  const wall = new Date(instant.getTime() + offsetMinutes * 60000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${wall}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
