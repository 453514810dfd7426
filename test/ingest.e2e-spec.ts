import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { AppProcess, MODELS_DIR, REPO_ROOT } from './helpers/app-process';
import { TestRedis } from './helpers/redis-server';
import { TestDatabase } from './helpers/test-database';
import { sharedDir } from './helpers/shared-dir';
import { runCli } from './helpers/run-cli';
import { waitFor } from './helpers/wait-for';

const MODEL = 'wordpiece-bow-384';
const SEED = path.join(REPO_ROOT, 'seed', 'current23-demo.jsonl');
const TALKS_143 = sharedDir('data', 'current23', 'blog-2023', 'data', 'events.json');

/** The ingest command, with no talks loaded from EVENTS_SOURCE unless a test says so. */
const runIngest = (args: string[], env: Record<string, string>) => runCli('ingest', args, { EVENTS_SOURCE: '', ...env });

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim());
const idOf = (url: string) => Number(/(\d+)$/.exec(url)![1]);
const talkWithId = (line: string, id: number) => {
  const talk = JSON.parse(line);
  return { ...talk, url: talk.url.replace(/\d+$/, String(id)) };
};

/** The default source, the CLI, the admin endpoint and URL sources, against one running service. */
describe('events ingestion (real app, database, Redis, ONNX)', () => {
  let redis: TestRedis;
  let database: TestDatabase;
  let app: AppProcess;
  let db: Client;
  let dataDir: string;
  let work: string;
  let cliEnv: Record<string, string>;
  const measured: Record<string, number> = {};
  // The URL source: a server on this host, which the service may fetch from only because the test
  // allow-lists it and allows private addresses (both off by default).
  let server: Server;
  let url: string;
  const served = lines(SEED)
    .slice(0, 2)
    .map((line, i) => JSON.stringify(talkWithId(line, 9200001 + i)));

  const count = async (where = 'true') => Number((await db.query(`SELECT count(*) AS n FROM events WHERE ${where}`)).rows[0].n);
  const embeddedCount = () => count('embedding IS NOT NULL AND embedded_hash = content_hash');
  const embeddedAt = async () => new Map<number, string>((await db.query('SELECT id, embedded_at::text AS at FROM events')).rows.map((r) => [r.id, r.at]));
  const queueTotal = async () => {
    const { body } = await app.request('GET', '/admin/queues/events');
    return body.waiting + body.active + body.delayed + body.completed + body.failed;
  };
  const queueIdle = async () => {
    const { body } = await app.request('GET', '/admin/queues/events');
    return body.waiting + body.active + body.delayed === 0;
  };

  beforeAll(async () => {
    redis = await TestRedis.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'semflow-ingest-e2e-'));
    work = mkdtempSync(path.join(tmpdir(), 'semflow-ingest-files-'));
    database = await TestDatabase.create('ingest', dataDir);
    server = createServer((req, res) => {
      if (req.url === '/moved.jsonl') return void res.writeHead(302, { location: '/talks.jsonl' }).end();
      if (req.url !== '/talks.jsonl') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(served.join('\n'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    url = `${origin}/talks.jsonl`;
    // EVENTS_SOURCE: undefined = the service's own default, the bundled demo talks. The sweep runs at
    // start only, so queue counts move only when ingestion queues something.
    app = await AppProcess.start({
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      MODELS_DIR,
      EMBEDDING_MODEL: MODEL,
      EVENTS_SOURCE: undefined,
      EMBEDDING_SWEEP_INTERVAL_MS: '0',
      EVENTS_SOURCE_ALLOWED_DIRS: work,
      EVENTS_SOURCE_ALLOWED_URLS: `${origin}/`,
      EVENTS_SOURCE_ALLOW_PRIVATE_URLS: 'true',
      ...database.env,
    });
    db = await database.connect();
    cliEnv = { DATA_DIR: dataDir, REDIS_URL: redis.url, ...database.env };
  });

  afterAll(async () => {
    if (Object.keys(measured).length) console.log(`ingestion measurements: ${JSON.stringify(measured)}`);
    await db?.end();
    await app?.stop();
    await redis?.destroy();
    await database?.drop();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('loads the demo talks of the default EVENTS_SOURCE at start, and the workers embed them', async () => {
    const line = await app.waitForLog(/"events ingested"/, 30000);
    const logged = JSON.parse(line);
    expect(logged).toMatchObject({ source: SEED, files: 1, read: 30, new: 30, updated: 0, unchanged: 0, rejected: 0, queued: 30 });
    // In the background: the service said it started before the load finished logging.
    expect(app.output.findIndex((l) => l.includes('"semflow started"'))).toBeLessThan(app.output.indexOf(line));

    const seedIds = lines(SEED)
      .map((l) => idOf(JSON.parse(l).url))
      .sort((a, b) => a - b);
    expect((await db.query('SELECT id FROM events ORDER BY id')).rows.map((r) => r.id)).toEqual(seedIds);
    await waitFor('demo talks embedded', async () => (await embeddedCount()) === 30, 60000);
  });

  it('ingests the 143 Current23 talks with the CLI into the running service database, which embeds them', async () => {
    const result = await runIngest([TALKS_143, '--json'], cliEnv);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ source: TALKS_143, files: 1, lines: 143, read: 143, new: 143, updated: 0, unchanged: 0, duplicates: 0, rejected: 0, queued: 143 });
    // stderr is not a terminal here: a plain progress line, not a redrawn bar.
    expect(result.stderr).toMatch(/ingest progress: 186\.\d KB \/ 186\.\d KB, 143 lines, 143 records/);
    expect(result.stderr).not.toContain('\r');
    measured.cliIngest143Ms = summary.durationMs;
    measured.cliWallMs = result.ms;

    const embedStart = Date.now();
    await waitFor('143 talks embedded', async () => (await embeddedCount()) === 173, 120000, 50);
    measured.embed143Ms = Date.now() - embedStart;

    const { rows } = await db.query(`SELECT full_text, start_time, start_timestamp, speakers, last_updated, embedding_model FROM events WHERE id = 1136821`);
    expect(rows[0].full_text).toBe('Streaming into the Future: The Evolution and Impact of Data Streaming Platforms\nN/A');
    expect(rows[0].start_time).toBe('September 26, 2023 11:45 PM');
    // 11:45 PM Pacific daylight time is 06:45 UTC the next day.
    expect(rows[0].start_timestamp.toISOString()).toBe('2023-09-27T06:45:00.000Z');
    expect(rows[0].speakers[2]).toEqual({ name: 'Jay Kreps', title: 'Co-founder and CEO', company: 'Confluent' });
    expect(rows[0].embedding_model).toBe(MODEL);
    // Microseconds survive (2023-09-18T18:49:17.798614Z).
    expect((await db.query(`SELECT to_char(last_updated AT TIME ZONE 'UTC', 'US') AS us FROM events WHERE id = 1136821`)).rows[0].us).toBe('798614');
  });

  it('changes nothing, queues nothing and re-embeds nothing when the same file is ingested again', async () => {
    await waitFor('queue idle', queueIdle, 60000);
    const jobsBefore = await queueTotal();
    const embeddedBefore = await embeddedAt();

    const result = await runIngest([TALKS_143], cliEnv);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ingested .*events\.json \(1 file, 143 lines\) in \d+ ms\n/);
    expect(result.stdout).toMatch(/^ {2}new +0$/m);
    expect(result.stdout).toMatch(/^ {2}updated +0$/m);
    expect(result.stdout).toMatch(/^ {2}unchanged +143$/m);
    expect(result.stdout).toMatch(/^ {2}queued +0 embedding jobs$/m);

    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await queueTotal()).toBe(jobsBefore);
    expect(await embeddedAt()).toEqual(embeddedBefore);
  });

  it('takes a newer record, ignores an older one and duplicates, rejects bad lines by line number, re-embeds only the changed talk', async () => {
    const original = lines(TALKS_143);
    const index = (id: number) => original.findIndex((l) => idOf(JSON.parse(l).url) === id);
    const changedId = 1136822;
    const olderId = 1136823;
    const copy = [...original];
    const changed = { ...JSON.parse(original[index(changedId)]), abstract: 'Rewritten: Apache Flink checkpoints and Kafka transactions.', last_updated: '2023-09-20T08:00:00Z' };
    copy[index(changedId)] = JSON.stringify(changed);
    copy[index(olderId)] = JSON.stringify({ ...JSON.parse(original[index(olderId)]), title: 'An outdated title', last_updated: '2023-09-01T00:00:00Z' });
    const { title, ...noTitle } = talkWithId(original[0], 9999001);
    expect(title).toBeDefined();
    const file = path.join(work, 'modified.jsonl');
    writeFileSync(
      file,
      [
        '', // line 1
        'this is not json', // line 2
        ...copy, // lines 3-145
        '', // line 146
        original[index(changedId)], // line 147: the talk as it was, older than its new version above
        JSON.stringify(noTitle), // line 148
        JSON.stringify({ ...talkWithId(original[1], 9999002), last_updated: 'last tuesday' }), // line 149
      ].join('\n') + '\n',
    );
    await waitFor('queue idle', queueIdle, 60000);
    const jobsBefore = await queueTotal();
    const embeddedBefore = await embeddedAt();
    const hashBefore = (await db.query('SELECT content_hash FROM events WHERE id = $1', [changedId])).rows[0].content_hash;

    const result = await runIngest([file, '--json'], cliEnv);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ lines: 149, read: 147, new: 0, updated: 1, unchanged: 142, duplicates: 1, rejected: 3, rejectionsOmitted: 0, queued: 1 });
    expect(summary.rejections).toEqual([
      { file, line: 2, reason: expect.stringMatching(/^malformed JSON/) },
      { file, line: 148, reason: 'title is missing' },
      { file, line: 149, reason: expect.stringMatching(/^last_updated must be an ISO-8601 timestamp with a zone/) },
    ]);

    const { rows } = await db.query('SELECT id, title, abstract, content_hash, embedded_hash FROM events WHERE id = ANY($1)', [[changedId, olderId]]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(changedId).abstract).toBe(changed.abstract);
    expect(byId.get(changedId).content_hash).not.toBe(hashBefore);
    expect(byId.get(olderId).title).toBe(JSON.parse(original[index(olderId)]).title);
    expect(await count('id IN (9999001, 9999002)')).toBe(0);

    await waitFor('changed talk re-embedded', async () => (await embeddedCount()) === 173, 60000);
    const embeddedAfter = await embeddedAt();
    for (const [id, at] of embeddedAfter) {
      if (id === changedId) expect(at).not.toBe(embeddedBefore.get(id));
      else expect(at).toBe(embeddedBefore.get(id));
    }
    await waitFor('queue idle', queueIdle, 60000);
    expect(await queueTotal()).toBe(jobsBefore + 1);
  });

  it('rewrites an equally new record only with force, and queues it because its text changed', async () => {
    const id = 1136824;
    const stored = lines(TALKS_143)
      .map((l) => JSON.parse(l))
      .find((t) => idOf(t.url) === id);
    const file = path.join(work, 'same-time.jsonl');
    writeFileSync(file, JSON.stringify({ ...stored, title: 'Analytics, retitled' }) + '\n');

    const plain = await app.request('POST', '/admin/events/reingest', { source: file });
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ source: file, force: false, updated: 0, unchanged: 1, queued: 0 });

    const forced = await app.request('POST', '/admin/events/reingest', { source: file, force: true });
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ force: true, updated: 1, unchanged: 0, queued: 1 });
    expect((await db.query('SELECT title FROM events WHERE id = $1', [id])).rows[0].title).toBe('Analytics, retitled');
    await waitFor('retitled talk re-embedded', async () => (await embeddedCount()) === 173, 60000);
  });

  describe('from an http URL', () => {
    it('ingests a URL through POST /admin/events/reingest and answers with the summary', async () => {
      const { status, body } = await app.request('POST', '/admin/events/reingest', { source: url });
      expect(status).toBe(200);
      expect(body).toEqual({
        source: url,
        files: 1,
        lines: 2,
        read: 2,
        new: 2,
        updated: 0,
        unchanged: 0,
        duplicates: 0,
        rejected: 0,
        rejections: [],
        rejectionsOmitted: 0,
        queued: 2,
        notQueued: 0,
        force: false,
        aborted: false,
        durationMs: expect.any(Number),
      });
      await waitFor('URL talks embedded', async () => (await count('id IN (9200001, 9200002) AND embedded_hash = content_hash')) === 2, 60000);
    });

    it('answers 400 to bad bodies and unreadable sources, and changes nothing', async () => {
      await waitFor('queue idle', queueIdle, 60000);
      const jobsBefore = await queueTotal();
      const rowsBefore = (await db.query('SELECT count(*) AS n, max(updated_at)::text AS at FROM events')).rows[0];
      const cases: Array<[unknown, RegExp]> = [
        [{ source: 5 }, /source must be a string/],
        [{ source: '' }, /source should not be empty/],
        [{ force: 'yes' }, /force must be a boolean/],
        [{ sauce: SEED }, /property sauce should not exist/],
        [{ source: path.join(work, 'missing.jsonl') }, /cannot read events source .*missing\.jsonl: no such file or directory/],
        [{ source: url.replace('talks.jsonl', 'gone.jsonl') }, /cannot read events source .*gone\.jsonl: HTTP 404/],
        // A redirect is not followed, also on an allowed server: where it leads was not checked.
        [{ source: url.replace('talks.jsonl', 'moved.jsonl') }, /moved\.jsonl: HTTP 302: redirects are not followed/],
      ];
      for (const [body, message] of cases) {
        const answer = await app.request('POST', '/admin/events/reingest', body);
        expect(answer.status).toBe(400);
        expect(JSON.stringify(answer.body.message)).toMatch(message);
      }
      expect((await db.query('SELECT count(*) AS n, max(updated_at)::text AS at FROM events')).rows[0]).toEqual(rowsBefore);
      expect(await queueTotal()).toBe(jobsBefore);
    });
  });

  it('loads EVENTS_SOURCE with an empty body, and the CLI exits 1 with one line for an unreadable source', async () => {
    const { status, body } = await app.request('POST', '/admin/events/reingest');
    expect(status).toBe(200);
    expect(body).toMatchObject({ source: SEED, read: 30, unchanged: 30, queued: 0 });

    const missing = await runIngest([path.join(work, 'nowhere.jsonl')], cliEnv);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`semflow ingest: cannot read events source ${path.join(work, 'nowhere.jsonl')}: no such file or directory\n`);
  });
});

/**
 * EVENTS_WATCH on a directory in a worker process, with an api process on the same database:
 * only the worker loads the source; files dropped into the directory are picked up while it runs.
 */
describe('events source watch (worker and api processes)', () => {
  let redis: TestRedis;
  let database: TestDatabase;
  let dataDir: string;
  let watched: string;
  let worker: AppProcess;
  let api: AppProcess | undefined;
  let db: Client;
  const seed = lines(SEED);

  beforeAll(async () => {
    redis = await TestRedis.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'semflow-watch-e2e-'));
    watched = path.join(dataDir, 'incoming');
    mkdirSync(watched);
    writeFileSync(path.join(watched, 'a.jsonl'), seed.slice(0, 2).join('\n') + '\n');
    database = await TestDatabase.create('watch', dataDir);
    worker = await AppProcess.start({
      APP_ROLE: 'worker',
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      MODELS_DIR,
      EMBEDDING_MODEL: MODEL,
      EVENTS_SOURCE: watched,
      EVENTS_WATCH: 'true',
      EVENTS_WATCH_INTERVAL_MS: '200',
      ...database.env,
    });
    db = await database.connect();
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await redis?.destroy();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ids = async () => (await db.query('SELECT id FROM events ORDER BY id')).rows.map((r) => r.id as number);
  const seedIds = (from: number, to: number) => seed.slice(from, to).map((l) => idOf(JSON.parse(l).url));

  it('loads the directory at start and then every file dropped into it', async () => {
    const first = JSON.parse(await worker.waitForLog(/"events ingested"/, 30000));
    expect(first).toMatchObject({ source: watched, files: 1, new: 2 });
    expect(await ids()).toEqual(seedIds(0, 2).sort((a, b) => a - b));

    // Written under a name the watcher ignores, then renamed into place: never read half-written.
    writeFileSync(path.join(watched, '.b.jsonl.part'), seed.slice(2, 5).join('\n'));
    renameSync(path.join(watched, '.b.jsonl.part'), path.join(watched, 'b.jsonl'));
    // The summary is logged once the rows are committed and their jobs queued.
    const runs = () => worker.output.filter((l) => l.includes('"events ingested"')).map((l) => JSON.parse(l));
    await waitFor('dropped file loaded', () => runs().length === 2, 20000);
    expect(runs()[1]).toMatchObject({ source: watched, files: 1, read: 3, new: 3, unchanged: 0, queued: 3 });
    expect(await ids()).toEqual(seedIds(0, 5).sort((a, b) => a - b));

    await waitFor('watched talks embedded', async () => Number((await db.query('SELECT count(*) AS n FROM events WHERE embedded_hash = content_hash')).rows[0].n) === 5, 60000);
  });

  it('loads nothing in an api process, which still serves the admin endpoint (the worker embeds what it queues)', async () => {
    const other = path.join(dataDir, 'api-source.jsonl');
    writeFileSync(other, JSON.stringify(talkWithId(seed[10], 9300001)) + '\n');
    api = await AppProcess.start({ APP_ROLE: 'api', DATA_DIR: dataDir, REDIS_URL: redis.url, MODELS_DIR, EMBEDDING_MODEL: MODEL, EVENTS_SOURCE: other, ...database.env });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(api.output.some((l) => l.includes('"events ingested"'))).toBe(false);
    expect(await ids()).not.toContain(9300001);

    const { status, body } = await api.request('POST', '/admin/events/reingest', {});
    expect(status).toBe(200);
    expect(body).toMatchObject({ source: other, new: 1, queued: 1 });
    await waitFor(
      'api-queued talk embedded by the worker',
      async () => Number((await db.query('SELECT count(*) AS n FROM events WHERE id = 9300001 AND embedded_hash = content_hash')).rows[0].n) === 1,
      60000,
    );
    expect(await api.stop()).toEqual({ code: 0, signal: null });
    api = undefined;
  });

  it('stops cleanly while watching', async () => {
    await db.end();
    const started = Date.now();
    expect(await worker.stop()).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10000);
    expect(worker.output.some((l) => l.includes('"stopped"'))).toBe(true);
    expect(worker.output.some((l) => l.includes('"could not ingest the events source"'))).toBe(false);
  });
});
