import { mkdtempSync, rmSync, utimesSync, writeFileSync, renameSync, appendFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readLines, ResolvedSource } from './event-source';
import { SourceWatcher } from './source-watcher';

/** What each ingest call of the watcher was handed: file names (or the URL) and their lines. */
async function contentsOf(changed: ResolvedSource): Promise<string[]> {
  const out: string[] = [];
  for (const input of changed.inputs) {
    const lines: string[] = [];
    for await (const line of readLines(input)) lines.push(String(line));
    out.push(`${input.kind === 'file' ? path.basename(input.path) : input.url}=${lines.join('|')}`);
  }
  return out;
}

describe('SourceWatcher', () => {
  let dir: string;
  let loads: string[][];
  let errors: string[];
  let failNext: boolean;

  const watcher = (source: string, intervalMs = 50) =>
    new SourceWatcher({
      source,
      intervalMs,
      ingest: async (changed) => {
        if (failNext) {
          failNext = false;
          throw new Error('database unreachable');
        }
        loads.push(await contentsOf(changed));
      },
      onError: (error) => errors.push((error as Error).message),
    });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'semflow-watch-'));
    loads = [];
    errors = [];
    failNext = false;
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a directory, then only files that are new or whose size or mtime changed', async () => {
    writeFileSync(path.join(dir, 'a.jsonl'), 'a1');
    writeFileSync(path.join(dir, 'b.json'), 'b1');
    const w = watcher(dir);
    expect(await w.check()).toBe(true);
    expect(await w.check()).toBe(false);

    writeFileSync(path.join(dir, '.c.jsonl.tmp'), 'c1');
    expect(await w.check()).toBe(false);
    renameSync(path.join(dir, '.c.jsonl.tmp'), path.join(dir, 'c.jsonl'));
    expect(await w.check()).toBe(true);

    appendFileSync(path.join(dir, 'a.jsonl'), '\na2');
    expect(await w.check()).toBe(true);

    // Same size, later modification time.
    writeFileSync(path.join(dir, 'b.json'), 'B1');
    utimesSync(path.join(dir, 'b.json'), new Date(), new Date(Date.now() + 5000));
    expect(await w.check()).toBe(true);

    expect(loads).toEqual([['a.jsonl=a1', 'b.json=b1'], ['c.jsonl=c1'], ['a.jsonl=a1|a2'], ['b.json=B1']]);
    await w.stop();
  });

  it('loads a changed file again when its load failed', async () => {
    const file = path.join(dir, 'talks.jsonl');
    writeFileSync(file, 'x');
    const w = watcher(file);
    failNext = true;
    await expect(w.check()).rejects.toThrow('database unreachable');
    expect(await w.check()).toBe(true);
    expect(loads).toEqual([['talks.jsonl=x']]);
  });

  it('polls on its own until stopped, reports failures, and leaves no timer behind', async () => {
    const file = path.join(dir, 'later.jsonl');
    const w = watcher(file, 20);
    w.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(errors[0]).toMatch(/cannot read events source .*later\.jsonl: no such file or directory/);
    expect(loads).toEqual([]);

    writeFileSync(file, 'late');
    const deadline = Date.now() + 5000;
    while (loads.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(loads).toEqual([['later.jsonl=late']]);

    await w.stop();
    const polls = loads.length + errors.length;
    appendFileSync(file, '\nmore');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(loads.length + errors.length).toBe(polls);
    expect(w.signal.aborted).toBe(true);
  });

  describe('a URL', () => {
    let server: Server;
    let url: string;
    let version = 1;
    const requests: Array<{ ifNoneMatch?: string; ifModifiedSince?: string }> = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        requests.push({ ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'] });
        const etag = `"v${version}"`;
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304).end();
          return;
        }
        res.writeHead(200, { etag, 'last-modified': 'Mon, 18 Sep 2023 18:49:17 GMT' }).end(`v${version}`);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/talks.jsonl`;
    });

    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('asks again with If-None-Match / If-Modified-Since and loads only a 200', async () => {
      const w = watcher(url);
      expect(await w.check()).toBe(true);
      expect(await w.check()).toBe(false);
      version = 2;
      expect(await w.check()).toBe(true);
      expect(loads).toEqual([[`${url}=v1`], [`${url}=v2`]]);
      expect(requests).toEqual([
        { ifNoneMatch: undefined, ifModifiedSince: undefined },
        { ifNoneMatch: '"v1"', ifModifiedSince: 'Mon, 18 Sep 2023 18:49:17 GMT' },
        { ifNoneMatch: '"v1"', ifModifiedSince: 'Mon, 18 Sep 2023 18:49:17 GMT' },
      ]);
    });
  });
});
