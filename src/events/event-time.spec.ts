import { formatInZone, parseStartTime, startTimeOf } from './event-time';

const PACIFIC = 'America/Los_Angeles';

describe('event start time', () => {
  it('takes the first day of a date range and the first clock time of a time range', () => {
    expect(startTimeOf('September 26, 2023 - September 27, 2023', 'Sep 26, 11:45 PM - Sep 27, 1:15 AM')).toBe('September 26, 2023 11:45 PM');
    expect(startTimeOf('September 26, 2023', '11:30 AM - 11:50 AM')).toBe('September 26, 2023 11:30 AM');
    expect(startTimeOf('September 26, 2023', 'all day')).toBeNull();
  });

  it('does not treat a no-break space as the space before AM/PM, as the reference regex did not', () => {
    expect(startTimeOf('September 26, 2023', '9:00\u00a0AM - 10:00 AM')).toBe('September 26, 2023 10:00 AM');
  });

  it('reads the wall time in the conference zone, daylight saving included', () => {
    expect(parseStartTime('September 26, 2023 11:45 PM', PACIFIC)!.toISOString()).toBe('2023-09-27T06:45:00.000Z');
    expect(parseStartTime('January 5, 2024 12:15 AM', PACIFIC)!.toISOString()).toBe('2024-01-05T08:15:00.000Z');
    expect(parseStartTime('March 1, 2024 12:00 PM', 'Europe/Berlin')!.toISOString()).toBe('2024-03-01T11:00:00.000Z');
  });

  it('rejects text that is not "MMMM d, yyyy h:mm a" or not a real date', () => {
    expect(parseStartTime('Sept 26, 2023 11:45 PM', PACIFIC)).toBeNull();
    expect(parseStartTime('February 30, 2023 11:45 PM', PACIFIC)).toBeNull();
    expect(parseStartTime('September 26, 2023 13:45 PM', PACIFIC)).toBeNull();
    expect(parseStartTime('September 26, 2023', PACIFIC)).toBeNull();
  });

  it('formats an instant with the offset of the zone at that instant', () => {
    expect(formatInZone(new Date('2023-09-27T06:45:00Z'), PACIFIC)).toBe('2023-09-26T23:45:00-07:00');
    expect(formatInZone(new Date('2024-01-05T08:15:00Z'), PACIFIC)).toBe('2024-01-05T00:15:00-08:00');
    expect(formatInZone(new Date('2024-01-05T08:15:00Z'), 'Asia/Kolkata')).toBe('2024-01-05T13:45:00+05:30');
  });
});
