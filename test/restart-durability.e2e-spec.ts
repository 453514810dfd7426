import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { AppProcess, MODELS_DIR } from './helpers/app-process';
import { TestRedis } from './helpers/redis-server';
import { insertEventsDirectly, readSharedEvents } from './helpers/shared-events';
import { describeOn, TestDatabase } from './helpers/test-database';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The embedded default keeps every committed row across a graceful stop and across SIGKILL. */
describeOn(['embedded'], 'embedded database across restarts', () => {
  let redis: TestRedis;
  let dataDir: string;
  const events = readSharedEvents('blog-2023/data/events.json');

  beforeAll(async () => {
    redis = await TestRedis.start();
    dataDir = mkdtempSync(path.join(tmpdir(), 'semflow-restart-'));
  });

  afterAll(async () => {
    await redis.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const connectEmbedded = async (dir: string) => (await TestDatabase.create('restart', dir, 'embedded')).connect();
  const start = () => AppProcess.start({ DATA_DIR: dataDir, REDIS_URL: redis.url, MODELS_DIR, EMBEDDING_MODEL: 'wordpiece-bow-384' });
  const ids = async (db: Client) => (await db.query('SELECT id FROM events ORDER BY id')).rows.map((r) => r.id as number);

  it('keeps rows committed right before a SIGKILL of the whole process group', async () => {
    const app = await start();
    const db = await connectEmbedded(dataDir);
    const acknowledged = await insertEventsDirectly(db, events.slice(0, 60));
    // Keep writing while the crash happens: every insert that returned must survive it.
    const inFlight = (async () => {
      for (const event of events.slice(60)) {
        try {
          acknowledged.push(...(await insertEventsDirectly(db, [event])));
        } catch {
          return;
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 150));
    await app.crash();
    await inFlight;
    await db.end().catch(() => undefined);
    expect(acknowledged.length).toBeGreaterThan(60);

    const again = await start();
    expect(again.output.join('\n')).toMatch(/schema is up to date/);
    const db2 = await connectEmbedded(dataDir);
    const stored = await ids(db2);
    for (const id of acknowledged) expect(stored).toContain(id);
    const { rows } = await db2.query('SELECT title, abstract FROM events WHERE id = $1', [acknowledged[0]]);
    expect(rows[0]).toEqual({ title: events[0].title, abstract: events[0].abstract });
    await db2.end();
    expect(await again.stop()).toEqual({ code: 0, signal: null });
  });

  it('keeps rows across a graceful stop, and stops the embedded database it started', async () => {
    const app = await start();
    const db = await connectEmbedded(dataDir);
    const before = await ids(db);
    await db.query(`UPDATE events SET title = 'renamed before stop' WHERE id = $1`, [before[0]]);
    await db.end();
    const dbPid = Number(/pid (\d+) on 127/.exec(app.output.find((l) => l.includes('started the embedded database'))!)![1]);
    expect(isAlive(dbPid)).toBe(true);
    expect(await app.stop()).toEqual({ code: 0, signal: null });
    expect(isAlive(dbPid)).toBe(false);

    const again = await start();
    const db2 = await connectEmbedded(dataDir);
    expect(await ids(db2)).toEqual(before);
    expect((await db2.query('SELECT title FROM events WHERE id = $1', [before[0]])).rows[0].title).toBe('renamed before stop');
    await db2.end();
    await again.stop();
  });

  it('stops with a non-zero code, saying why, when the embedded database process dies under it', async () => {
    const app = await start();
    const dbPid = Number(/pid (\d+) on 127/.exec(app.output.find((l) => l.includes('started the embedded database'))!)![1]);
    expect((await app.request('GET', '/health')).status).toBe(200);
    process.kill(dbPid, 'SIGKILL');
    expect(await app.waitForExit(60000)).toEqual({ code: 1, signal: null });
    expect(app.output.join('\n')).toMatch(new RegExp(`the embedded database process \\(pid ${dbPid}\\) ended unexpectedly \\(SIGKILL\\); stopping`));

    // The data survives: the next start opens it again.
    const again = await start();
    const db = await connectEmbedded(dataDir);
    expect((await ids(db)).length).toBeGreaterThan(60);
    await db.end();
    await again.stop();
  });

  it('starts a local redis-server when REDIS_URL is unset and stops it on shutdown', async () => {
    const app = await AppProcess.start({ DATA_DIR: dataDir, MODELS_DIR, EMBEDDING_MODEL: 'wordpiece-bow-384', REDIS_URL: undefined });
    const line = app.output.find((l) => l.includes('started local redis-server'))!;
    expect(line).toBeDefined();
    const pid = Number(/pid (\d+)/.exec(line)![1]);
    expect(isAlive(pid)).toBe(true);
    expect((await app.request('GET', '/health')).body.redis).toEqual({ status: 'up' });
    expect(await app.stop()).toEqual({ code: 0, signal: null });
    expect(isAlive(pid)).toBe(false);
  });
});
