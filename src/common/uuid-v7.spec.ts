import { uuidV7 } from './uuid-v7';

describe('uuidV7', () => {
  it('has the UUID layout with version 7 and the RFC 9562 variant', () => {
    for (let i = 0; i < 50; i++) expect(uuidV7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('starts with the 48-bit millisecond timestamp, so ids of later milliseconds sort later', () => {
    const at = Date.UTC(2024, 4, 1, 10, 0, 0, 123);
    const id = uuidV7(at);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
    expect(uuidV7(at + 1) > id).toBe(true);
  });

  it('is random after the timestamp', () => {
    const at = Date.now();
    expect(new Set(Array.from({ length: 100 }, () => uuidV7(at))).size).toBe(100);
  });
});
