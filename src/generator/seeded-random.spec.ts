import { formatCardExpiry, formatCreationDate, formatDate, formatPostgresTimestamp } from './finflow-formats';
import { SeededRandom, WeightedPick } from './seeded-random';
import { SimulatedClock } from './simulated-clock';
import { uuidV7 } from '../common/uuid-v7';

const shares = <T>(values: T[]) => {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return new Map([...counts].map(([value, n]) => [value, n / values.length]));
};

describe('SeededRandom', () => {
  it('repeats its numbers for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => random.int(0, 1_000_000));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws integers in [min, max], both ends included, evenly', () => {
    const random = new SeededRandom(1);
    const values = Array.from({ length: 60_000 }, () => random.int(0, 5));
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(5);
    for (const share of shares(values).values()) expect(Math.abs(share - 1 / 6)).toBeLessThan(0.01);
    // Wide ranges (epoch milliseconds) stay inside their bounds too.
    for (let i = 0; i < 1000; i++) {
      const ms = random.int(170_176_905, 1_767_225_600_000);
      expect(ms).toBeGreaterThanOrEqual(170_176_905);
      expect(ms).toBeLessThanOrEqual(1_767_225_600_000);
    }
  });
});

describe('WeightedPick', () => {
  it('picks each value with probability weight / total over many draws', () => {
    const random = new SeededRandom(42);
    const pick = new WeightedPick([
      { weight: 3, value: 'Savings' },
      { weight: 8, value: 'Transaction' },
      { weight: 6, value: 'Cheque' },
      { weight: 5, value: 'Overdraft' },
    ]);
    const observed = shares(Array.from({ length: 100_000 }, () => pick.pick(random)));
    for (const { value, weight } of pick.choices) expect(Math.abs(observed.get(value)! - weight / 22)).toBeLessThan(0.01);
  });

  it('refuses an empty list and non-positive weights', () => {
    expect(() => new WeightedPick([])).toThrow('at least one choice');
    expect(() => new WeightedPick([{ weight: 0, value: 'x' }])).toThrow('weights must be positive');
  });
});

describe('uuidV7 from the seeded generator', () => {
  const seededId = (ms: number, seed: number) => {
    const random = new SeededRandom(seed);
    return uuidV7(ms, (count) => random.bytes(count));
  };
  it('carries the given milliseconds, version 7 and the RFC variant, with seeded random bits', () => {
    const ms = Date.parse('2026-01-01T00:00:00.125Z');
    const id = seededId(ms, 3);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
    expect(seededId(ms, 3)).toBe(id);
    expect(seededId(ms, 4)).not.toBe(id);
  });
});

describe('time formats and the simulated clock', () => {
  it('writes dates and times as the reference did, in UTC', () => {
    const ms = Date.parse('2026-03-04T05:06:07.250Z');
    expect(formatDate(ms)).toBe('2026-03-04');
    expect(formatCreationDate(ms)).toBe('2026-03-04T05:06:07');
    expect(formatCardExpiry(ms)).toBe('03/26');
    expect(formatCardExpiry(Date.parse('2027-12-31T00:00:00Z'))).toBe('12/27');
    expect(formatPostgresTimestamp(ms)).toBe('2026-03-04 05:06:07.25');
    expect(formatPostgresTimestamp(Date.parse('2026-03-04T05:06:07Z'))).toBe('2026-03-04 05:06:07');
    expect(formatPostgresTimestamp(Date.parse('2026-03-04T05:06:07.125Z'))).toBe('2026-03-04 05:06:07.125');
  });

  it('moves 125 ms per row', () => {
    const clock = new SimulatedClock(1000);
    expect(clock.now()).toBe(1000);
    clock.advance();
    clock.advance();
    expect(clock.now()).toBe(1250);
  });
});
