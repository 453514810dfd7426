import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { downloadFile, downloadModel, fileUrl, ModelDownloadError } from './model-download';
import type { ModelManifestEntry } from './model-manifest.types';

const BODY = Buffer.from('tiny model bytes for the download test\n');
const GOOD = createHash('sha256').update(BODY).digest('hex');
const BAD = 'f'.repeat(64);

describe('model download', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/files/tiny.bin') {
        res.writeHead(200, { 'content-length': BODY.length, 'content-type': 'application/octet-stream' });
        res.end(BODY);
      } else if (req.url === '/moved/tiny.bin') {
        res.writeHead(302, { location: '/files/tiny.bin' });
        res.end();
      } else {
        res.writeHead(404);
        res.end('not here');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'semflow-download-'));
    requests.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const quiet = { onProgress: () => undefined };

  it('downloads, follows redirects, verifies and moves the file into place', async () => {
    const dest = path.join(dir, 'sub', 'tiny.bin');
    const progress: string[] = [];
    const outcome = await downloadFile(`${base}/moved/tiny.bin`, dest, { sha256: GOOD, size: BODY.length }, { baseUrl: base, onProgress: (l) => progress.push(l) });
    expect(outcome).toBe('downloaded');
    expect(readFileSync(dest)).toEqual(BODY);
    expect(readdirSync(path.dirname(dest))).toEqual(['tiny.bin']);
    expect(requests).toEqual(['/moved/tiny.bin', '/files/tiny.bin']);
    expect(progress[progress.length - 1]).toMatch(/^tiny\.bin: 100% \(0\.0 of 0\.0 MB\)$/);
  });

  it('deletes the download and names file, expected and actual sha256 on a mismatch', async () => {
    const dest = path.join(dir, 'tiny.bin');
    const error = await downloadFile(`${base}/files/tiny.bin`, dest, { sha256: BAD }, { baseUrl: base, ...quiet }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelDownloadError);
    const message = (error as Error).message;
    expect(message).toContain(dest);
    expect(message).toContain(`expected ${BAD}`);
    expect(message).toContain(`sha256 ${GOOD}`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('skips a file that is already present with the right hash', async () => {
    const dest = path.join(dir, 'tiny.bin');
    writeFileSync(dest, BODY);
    expect(await downloadFile(`${base}/files/tiny.bin`, dest, { sha256: GOOD }, { baseUrl: base, ...quiet })).toBe('present');
    expect(requests).toEqual([]);
  });

  it('replaces a present file with the wrong hash', async () => {
    const dest = path.join(dir, 'tiny.bin');
    writeFileSync(dest, 'stale');
    expect(await downloadFile(`${base}/files/tiny.bin`, dest, { sha256: GOOD }, { baseUrl: base, ...quiet })).toBe('downloaded');
    expect(readFileSync(dest)).toEqual(BODY);
  });

  it('reports HTTP errors with the URL and status', async () => {
    const dest = path.join(dir, 'tiny.bin');
    await expect(downloadFile(`${base}/nothing`, dest, { sha256: GOOD }, { baseUrl: base, ...quiet })).rejects.toThrow(`cannot download ${base}/nothing: HTTP 404 Not Found`);
    expect(existsSync(dest)).toBe(false);
  });

  it('downloads a model entry relative to the base URL', async () => {
    const file = { path: 'onnx/model.onnx', sha256: GOOD, size: BODY.length, url: 'files/tiny.bin' };
    const entry: ModelManifestEntry = {
      name: 'tiny',
      origin: 'download',
      description: '',
      dimensions: 4,
      maxLength: 16,
      pooling: 'mean',
      normalize: true,
      onnx: { int8: file },
      tokenizer: [{ ...file, path: 'vocab.txt' }],
    };
    expect(fileUrl(`${base}/`, file)).toBe(`${base}/files/tiny.bin`);
    const results = await downloadModel(dir, entry, ['int8'], { baseUrl: base, ...quiet });
    expect(results.map((r) => [path.relative(dir, r.path), r.outcome])).toEqual([
      [path.join('tiny', 'onnx', 'model.onnx'), 'downloaded'],
      [path.join('tiny', 'vocab.txt'), 'downloaded'],
    ]);
    expect(readFileSync(path.join(dir, 'tiny', 'onnx', 'model.onnx'))).toEqual(BODY);
  });
});
