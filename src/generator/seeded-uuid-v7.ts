import type { SeededRandom } from './seeded-random';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then version and variant bits around 74
 * random bits. The milliseconds come from the simulated clock and the random bits from the seeded
 * generator, so ids are reproducible and still sort by time like the reference's. (The service's own
 * ids use crypto random bytes and the wall clock instead: a replayable run must not.)
 */
export function seededUuidV7(unixMs: number, random: SeededRandom): string {
  const bytes = new Uint8Array(16);
  let ms = Math.floor(unixMs);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes.set(random.bytes(10), 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const text = hex(bytes);
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}
