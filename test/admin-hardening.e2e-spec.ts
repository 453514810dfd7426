import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CHROMIUM_PATH, HeadlessChromium } from './helpers/headless-chromium';
import { REPO_ROOT, TEST_ADMIN_API_KEY } from './helpers/app-process';
import { TestService } from './helpers/test-service';

const SEED = path.join(REPO_ROOT, 'seed', 'current23-demo.jsonl');
const MAX_LINE_BYTES = 4096;
const MAX_BYTES = 16384;
const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`operator:${password}`).toString('base64')}` });
const withChromium = existsSync(CHROMIUM_PATH) ? it : it.skip;

/**
 * Attacks on the admin API and talk re-ingestion, each refused with nothing changed: forged browser
 * requests (remembered Basic credentials, form posts, framing), dashboard writes in read-only mode, and
 * reingest sources outside the allow-lists or beyond the bounds.
 */
describe('admin hardening (real app, database, Redis)', () => {
  let service: TestService;
  let root: string;
  let allowed: string;
  let server: Server;
  let port: number;
  let serverHits = 0;

  const talkCount = async () => Number((await (await service.db()).query('SELECT count(*) AS n FROM events')).rows[0].n);
  const paused = async () => (await service.app.request('GET', '/admin/queues/events')).body.paused as boolean;
  const send = (method: string, urlPath: string, headers: Record<string, string>, body?: string) => fetch(service.app.baseUrl + urlPath, { method, headers, body });
  const reingest = (source: string) => service.app.request('POST', '/admin/events/reingest', { source });

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'semflow-hardening-'));
    allowed = path.join(root, 'allowed');
    mkdirSync(path.join(allowed, 'sub'), { recursive: true });
    const seedLines = readFileSync(SEED, 'utf8')
      .split('\n')
      .filter((line) => line.trim());
    writeFileSync(path.join(allowed, 'two.jsonl'), `${seedLines.slice(0, 2).join('\n')}\n`);
    writeFileSync(path.join(root, 'outside.jsonl'), `${seedLines.slice(2, 4).join('\n')}\n`);
    symlinkSync(path.join(root, 'outside.jsonl'), path.join(allowed, 'link.jsonl'));
    writeFileSync(path.join(allowed, 'sub', 'long-line.jsonl'), `${JSON.stringify({ title: 'x'.repeat(MAX_LINE_BYTES) })}\n`);
    writeFileSync(path.join(allowed, 'sub', 'large.jsonl'), readFileSync(SEED));

    server = createServer((req, res) => {
      serverHits++;
      res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(seedLines.slice(4, 6).join('\n'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;

    service = await TestService.start('admin-hardening', {
      EVENTS_SOURCE_ALLOWED_DIRS: allowed,
      EVENTS_SOURCE_MAX_LINE_BYTES: String(MAX_LINE_BYTES),
      EVENTS_SOURCE_MAX_BYTES: String(MAX_BYTES),
    });
  });

  afterAll(async () => {
    await service?.stop();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  describe('forged browser requests', () => {
    it('refuses remembered Basic credentials on an admin POST with 401, and pauses nothing', async () => {
      for (const route of ['/admin/queues/events/pause', '/admin/queues/events/empty', '/admin/events/reingest']) {
        const refused = await send('POST', route, basic(TEST_ADMIN_API_KEY));
        expect(refused.status).toBe(401);
        expect(((await refused.json()) as { message: string }).message).toBe(
          'HTTP Basic authentication is accepted only by the queue dashboard: send the admin API key in the x-api-key header',
        );
      }
      expect(await paused()).toBe(false);
      expect(await talkCount()).toBe(0);
    });

    it('still lets the queue dashboard take the key as a Basic password', async () => {
      const page = await send('GET', '/admin/queues/ui', basic(TEST_ADMIN_API_KEY));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('semflow queues (read-only)');
      expect((await send('GET', '/admin/queues/ui/api/queues', basic(TEST_ADMIN_API_KEY))).status).toBe(200);
    });

    it('refuses a form post to an admin route with 415 even with the key, and runs nothing', async () => {
      const forms: Array<[string, string]> = [
        ['application/x-www-form-urlencoded', `source=${encodeURIComponent(path.join(allowed, 'two.jsonl'))}`],
        ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="source"\r\n\r\n${path.join(allowed, 'two.jsonl')}\r\n--x--\r\n`],
        ['text/plain', '{"source": "x"}'],
      ];
      for (const [type, body] of forms) {
        for (const route of ['/admin/events/reingest', '/admin/queues/events/pause']) {
          const refused = await send('POST', route, { 'x-api-key': TEST_ADMIN_API_KEY, 'content-type': type }, body);
          expect({ type, route, status: refused.status }).toEqual({ type, route, status: 415 });
        }
      }
      expect(await paused()).toBe(false);
      expect(await talkCount()).toBe(0);
    });

    it('forbids framing of every page and answer: frame-ancestors none and X-Frame-Options DENY', async () => {
      const answers = [
        await send('GET', '/', {}),
        await send('GET', '/graphiql', {}),
        await send('GET', '/admin/queues/ui', { 'x-api-key': TEST_ADMIN_API_KEY }),
        await send('GET', '/admin/docs', {}),
        await send('GET', '/graphql?query=%7B__typename%7D', { 'apollo-require-preflight': 'true' }),
        await send('GET', '/admin/queues', {}),
      ];
      for (const answer of answers) {
        const where = answer.url;
        expect({ where, frameOptions: answer.headers.get('x-frame-options') }).toEqual({ where, frameOptions: 'DENY' });
        expect({ where, csp: answer.headers.get('content-security-policy') }).toEqual({ where, csp: expect.stringContaining("frame-ancestors 'none'") });
        expect({ where, sniff: answer.headers.get('x-content-type-options') }).toEqual({ where, sniff: 'nosniff' });
      }
      // GraphiQL's one inline script runs by its hash; no other inline script may.
      expect(answers[1].headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+={0,2}';/);
    });

    it('refuses every write of the read-only dashboard on the server, not only in its UI', async () => {
      const writes: Array<[string, string]> = [
        ['PUT', '/admin/queues/ui/api/queues/events/pause'],
        ['PUT', '/admin/queues/ui/api/queues/events/clean/failed'],
        ['PUT', '/admin/queues/ui/api/queues/events/retry/failed'],
        ['DELETE', '/admin/queues/ui/api/queues/events/empty'],
        ['POST', '/admin/queues/ui/api/queues/events/add'],
      ];
      for (const [method, route] of writes) {
        const refused = await send(method, route, basic(TEST_ADMIN_API_KEY));
        expect({ method, route, status: refused.status }).toEqual({ method, route, status: 403 });
        expect(((await refused.json()) as { message: string }).message).toMatch(/read-only \(QUEUE_DASHBOARD_READ_ONLY\)/);
      }
      expect(await paused()).toBe(false);
      const listed = (await (await send('GET', '/admin/queues/ui/api/queues', basic(TEST_ADMIN_API_KEY))).json()) as { queues: Array<{ readOnlyMode: boolean }> };
      expect(listed.queues.map((queue) => queue.readOnlyMode)).toEqual([true, true, true, true]);
    });
  });

  describe('pages under their Content-Security-Policy in a browser', () => {
    let browser: HeadlessChromium;
    const problems: string[] = [];

    beforeAll(async () => {
      if (!existsSync(CHROMIUM_PATH)) return;
      browser = await HeadlessChromium.launch();
      const page = await browser.page();
      // The browser asks for /favicon.ico by itself; that 404 is no page's doing.
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(`${message.text()} ${message.location().url}`);
      });
      page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
    });

    afterAll(async () => {
      await browser?.close();
    });

    withChromium('runs GraphiQL: its inline script and styles load, nothing is refused', async () => {
      const page = await browser.page();
      problems.length = 0;
      await page.goto(`${service.app.baseUrl}/graphiql`);
      await page.locator('.graphiql-container').waitFor({ timeout: 30000 });
      await page.locator('.graphiql-execute-button').click();
      await page
        .getByText('"__typename"', { exact: false })
        .or(page.getByText('"Events"', { exact: false }))
        .first()
        .waitFor({ timeout: 30000 });
      expect(problems).toEqual([]);
    });

    withChromium('runs the queue dashboard: it lists the queues; only its web-font stylesheet from another origin is refused', async () => {
      const page = await browser.page();
      problems.length = 0;
      await page.setExtraHTTPHeaders({ 'x-api-key': TEST_ADMIN_API_KEY });
      await page.goto(`${service.app.baseUrl}/admin/queues/ui`);
      await page.getByText('accountholders').first().waitFor({ timeout: 30000 });
      await page.setExtraHTTPHeaders({});
      expect(problems.filter((problem) => !problem.includes('https://fonts.googleapis.com/'))).toEqual([]);
    });
  });

  describe('reingest sources', () => {
    const refusedUnchanged = async (source: string, message: string) => {
      const before = await talkCount();
      const answer = await reingest(source);
      expect({ source, status: answer.status, message: answer.body.message }).toEqual({ source, status: 400, message });
      expect(await talkCount()).toBe(before);
      return answer;
    };
    const PATH_REFUSED = 'events source refused: a path in a request must lie under EVENTS_SOURCE_ALLOWED_DIRS';
    const URL_REFUSED = 'events source refused: a URL in a request must lie under EVENTS_SOURCE_ALLOWED_URLS';

    it('refuses /etc/passwd with 400, without a line of it, and writes no talk', async () => {
      const answer = await refusedUnchanged('/etc/passwd', PATH_REFUSED);
      expect(JSON.stringify(answer.body)).not.toMatch(/root:|\/bin\/|nologin/);
      // A file that is not there gets the same answer: the refusal tells nothing about what exists.
      await refusedUnchanged('/etc/no-such-file', PATH_REFUSED);
    });

    it('refuses a .. escape and a symlink out of the allowed directory', async () => {
      await refusedUnchanged(path.join(allowed, '..', 'outside.jsonl'), PATH_REFUSED);
      await refusedUnchanged(path.join(allowed, 'sub', '..', '..', 'outside.jsonl'), PATH_REFUSED);
      await refusedUnchanged(path.join(allowed, 'link.jsonl'), PATH_REFUSED);
      // A directory holding such a symlink is refused whole.
      await refusedUnchanged(allowed, PATH_REFUSED);
    });

    it('refuses URLs by default: loopback and the cloud metadata address are never fetched', async () => {
      await refusedUnchanged(`http://127.0.0.1:${port}/x.jsonl`, URL_REFUSED);
      await refusedUnchanged('http://169.254.169.254/', URL_REFUSED);
      await refusedUnchanged('http://[::1]/x.jsonl', URL_REFUSED);
      expect(serverHits).toBe(0);
    });

    it('refuses an over-long line by line, naming the bound and not the line', async () => {
      const answer = await reingest(path.join(allowed, 'sub', 'long-line.jsonl'));
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ read: 1, rejected: 1, new: 0 });
      expect(answer.body.rejections).toEqual([
        { file: path.join(allowed, 'sub', 'long-line.jsonl'), line: 1, reason: `line is longer than EVENTS_SOURCE_MAX_LINE_BYTES (${MAX_LINE_BYTES} bytes)` },
      ]);
      expect(await talkCount()).toBe(0);
    });

    it('refuses an over-size source before reading it, naming the bound', async () => {
      const file = path.join(allowed, 'sub', 'large.jsonl');
      await refusedUnchanged(file, `cannot read events source ${file}: larger than EVENTS_SOURCE_MAX_BYTES (${MAX_BYTES} bytes)`);
    });

    it('loads a file of the allowed directory', async () => {
      const answer = await reingest(path.join(allowed, 'two.jsonl'));
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ read: 2, new: 2, rejected: 0 });
      expect(await talkCount()).toBe(2);
    });
  });
});

/** With a URL allow-list but private addresses refused (the default), the address check alone refuses. */
describe('reingest URL address check', () => {
  let service: TestService;
  let server: Server;
  let hits = 0;
  let port: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      res.writeHead(200).end('');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    service = await TestService.start('admin-hardening-urls', {
      EVENTS_SOURCE_ALLOWED_URLS: `http://127.0.0.1:${port}/,http://169.254.169.254/,http://localhost:${port}/`,
    });
  });

  afterAll(async () => {
    await service?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('refuses allow-listed URLs whose host is or resolves to a non-public address, and fetches nothing', async () => {
    const refusal = 'events source refused: the host resolves to a loopback, private, link-local or other non-public address (EVENTS_SOURCE_ALLOW_PRIVATE_URLS)';
    for (const source of [`http://127.0.0.1:${port}/x.jsonl`, 'http://169.254.169.254/latest/meta-data/', `http://localhost:${port}/x.jsonl`]) {
      const answer = await service.app.request('POST', '/admin/events/reingest', { source });
      expect({ source, status: answer.status, message: answer.body.message }).toEqual({ source, status: 400, message: refusal });
    }
    expect(hits).toBe(0);
  });
});
