import { vectorBinaryParam } from './vector-transformer';

describe('vectorBinaryParam', () => {
  it("lays a vector out as pgvector's binary format: int16 dimensions, int16 unused, big-endian float4s", () => {
    const buffer = vectorBinaryParam(Float32Array.from([1, -2.5, 0.1]));
    expect(buffer.length).toBe(4 + 3 * 4);
    expect(buffer.readInt16BE(0)).toBe(3);
    expect(buffer.readInt16BE(2)).toBe(0);
    expect([buffer.readFloatBE(4), buffer.readFloatBE(8), buffer.readFloatBE(12)]).toEqual([1, -2.5, Math.fround(0.1)]);
  });
});
