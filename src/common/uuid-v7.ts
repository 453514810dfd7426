import { randomBytes } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then version and variant bits around 74
 * random bits, so ids sort by creation time (to the millisecond), as the ids the reference generator
 * writes do. `randomBits` gives the random bytes: crypto by default; the data generator passes its
 * seeded generator (with its simulated clock) so that a replayed run writes the same ids.
 */
export function uuidV7(nowMs: number = Date.now(), randomBits: (count: number) => Uint8Array = randomBytes): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(Math.floor(nowMs), 0, 6);
  bytes.set(randomBits(10), 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
