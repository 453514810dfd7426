import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EventsSourceError, FileInput, LINE_TOO_LONG, LineBounds, readLines } from './event-source';

describe('readLines', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'semflow-lines-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const lines = async (content: string | Buffer, bounds?: LineBounds) => {
    const file = path.join(dir, 'source.jsonl');
    writeFileSync(file, content);
    const input: FileInput = { kind: 'file', path: file, size: 0, mtimeMs: 0 };
    const out: Array<string | typeof LINE_TOO_LONG> = [];
    for await (const line of readLines(input, undefined, undefined, bounds)) out.push(line);
    return out;
  };

  it('splits on \\n and \\r\\n, drops a byte order mark, keeps a last line without a break', async () => {
    expect(await lines('\uFEFFa\r\nb\n\nc')).toEqual(['a', 'b', '', 'c']);
    expect(await lines('a\n')).toEqual(['a']);
    expect(await lines('')).toEqual([]);
    expect(await lines('ä€😀\n')).toEqual(['ä€😀']);
  });

  it('gives LINE_TOO_LONG for a line over the bound and goes on with the next', async () => {
    const bounds = { maxLineBytes: 8 };
    expect(await lines(`12345678\n123456789\nshort\n${'x'.repeat(100)}`, bounds)).toEqual(['12345678', LINE_TOO_LONG, 'short', LINE_TOO_LONG]);
  });

  it('stops with the error the byte budget throws', async () => {
    let taken = 0;
    const take = (bytes: number) => {
      taken += bytes;
      if (taken > 4) throw new EventsSourceError('s', 'larger than EVENTS_SOURCE_MAX_BYTES (4 bytes)');
    };
    await expect(lines('abcdefgh\n', { maxLineBytes: 100, take })).rejects.toThrow('larger than EVENTS_SOURCE_MAX_BYTES (4 bytes)');
  });
});
