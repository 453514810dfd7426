/**
 * Seeded pseudo-random numbers for the stand-in models. Only 32-bit integer arithmetic and correctly
 * rounded IEEE operations (+ - * / sqrt) are used, so every build on every machine yields the same bits
 * (Math.random, Math.log or Math.cos would not guarantee that).
 *
 * Generator: xoshiro128** (128-bit state), seeded through a splitmix32-style mixer.
 */

// Module-level bindings: hot loops then avoid global lookups, which are slow inside vm contexts (jest).
const imul = Math.imul;
const SQRT3 = Math.sqrt(3);

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/** One splitmix32-style step: a well-mixed 32-bit value from a counter. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = imul(z ^ (z >>> 16), 0x85ebca6b);
  z = imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a hash of a string (UTF-16 code units), used to derive one independent stream per tensor name. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    this.s0 = mix32((x = (x + 1) | 0));
    this.s1 = mix32((x = (x + 1) | 0));
    this.s2 = mix32((x = (x + 1) | 0));
    this.s3 = mix32((x + 1) | 0);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A stream for one named tensor: independent of the order in which tensors are generated. */
  static forName(seed: number, name: string): Prng {
    return new Prng(mix32(seed ^ hashString(name)));
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = imul(rotl(imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * Approximately standard normal: the Irwin-Hall sum of four 16-bit uniforms, centred and scaled to
   * unit variance (bounded at about +-3.46). Two 32-bit draws per value, no transcendental functions.
   */
  normal(): number {
    const a = this.nextUint32();
    const b = this.nextUint32();
    const sum = (a & 0xffff) + (a >>> 16) + (b & 0xffff) + (b >>> 16) + 2; // four (u + 0.5) / 65536 terms
    return (sum / 65536 - 2) * SQRT3;
  }

  /** `count` float32 values, normal with the given standard deviation. */
  normalFloat32(count: number, std: number): Float32Array {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.normal() * std;
    return out;
  }
}
