import { Prng } from '../embedding/model-builder/prng';

/**
 * The generator's own random numbers: every weight, count, amount, date offset and id digit comes from
 * here, so one seed gives the same rows on every machine (Math.random could not be replayed). Built on
 * the project's xoshiro128** generator, which uses only exact integer arithmetic.
 */
export class SeededRandom {
  private readonly prng: Prng;

  constructor(seed: number) {
    this.prng = new Prng(seed);
  }

  uint32(): number {
    return this.prng.nextUint32();
  }

  /** Uniform in [0, 1) with 53 random bits (one 32-bit draw would leave gaps in wide integer ranges). */
  float(): number {
    const high = this.uint32() >>> 5; // 27 bits
    const low = this.uint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** One element, each equally likely. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[this.int(0, items.length - 1)];
  }

  /** `count` decimal digits, each uniform. */
  digits(count: number): string {
    let text = '';
    for (let i = 0; i < count; i++) text += String(this.int(0, 9));
    return text;
  }

  /** `count` random bytes. */
  bytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i += 4) {
      const word = this.uint32();
      for (let j = 0; j < 4 && i + j < count; j++) out[i + j] = (word >>> (8 * j)) & 0xff;
    }
    return out;
  }
}

/** A choice with its weight, as the reference's weightedOneOf lists them. */
export interface Weighted<T> {
  weight: number;
  value: T;
}

/** Picks a value with probability weight / sum of weights (ShadowTraffic's weightedOneOf). */
export class WeightedPick<T> {
  private readonly cumulative: number[] = [];
  private readonly values: T[] = [];
  private readonly total: number;

  constructor(choices: ReadonlyArray<Weighted<T>>) {
    let sum = 0;
    for (const choice of choices) {
      if (!(choice.weight > 0) || !Number.isFinite(choice.weight)) throw new Error(`weights must be positive numbers, got ${choice.weight}`);
      sum += choice.weight;
      this.cumulative.push(sum);
      this.values.push(choice.value);
    }
    if (this.values.length === 0) throw new Error('a weighted pick needs at least one choice');
    this.total = sum;
  }

  /** The values with their weights, e.g. {Savings: 3, Transaction: 8}, for checks and tests. */
  get choices(): ReadonlyArray<Weighted<T>> {
    return this.values.map((value, i) => ({ value, weight: this.cumulative[i] - (i === 0 ? 0 : this.cumulative[i - 1]) }));
  }

  pick(random: SeededRandom): T {
    const target = random.float() * this.total;
    // Few choices (at most 49 tenants): a linear scan is as fast as a binary search here.
    const index = this.cumulative.findIndex((bound) => target < bound);
    return this.values[index === -1 ? this.values.length - 1 : index];
  }
}
