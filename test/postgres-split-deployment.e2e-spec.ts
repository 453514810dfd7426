import type { Client } from 'pg';
import { embeddedSnapshot, embeddingWriteCounts, embeddingWritesAfter, logEmbeddingWrites } from './helpers/embedding-write-log';
import { countByCode } from './helpers/graphql-call';
import { LikeLedger } from './helpers/like-ledger';
import { LikeStream } from './helpers/like-stream';
import { waitForQueuesDrained } from './helpers/queues';
import { runCli } from './helpers/run-cli';
import { insertEventsDirectly, readSharedEvents } from './helpers/shared-events';
import { SplitService } from './helpers/split-service';
import { describeOn, PostgresTestDatabase } from './helpers/test-database';
import { waitFor } from './helpers/wait-for';

const LEASE_LOG = 'test_outbox_leases';

/**
 * The deployment a team runs once it outgrows one process: one api process and two worker processes on
 * one PostgreSQL, started at the same moment. Rows written by another program are relayed by both
 * workers' capture relays at once, a worker is SIGKILLed in the middle of a backfill, and the database
 * server itself goes away during a stream of likes and comes back.
 */
describeOn(['postgres'], 'split deployment on PostgreSQL: one api and two workers', () => {
  let service: SplitService;
  let db: Client;

  const count = async (sql: string) => (await db.query(sql)).rows[0].n as number;
  const embedded = () => count('SELECT ((SELECT count(*) FROM accountholder_embeddings) + (SELECT count(*) FROM transaction_embeddings))::int AS n');
  const sourceRows = () => count('SELECT ((SELECT count(*) FROM accountholders) + (SELECT count(*) FROM transactions))::int AS n');
  const generate = async (holders: number, transactions: number, seed: number) => {
    const run = await runCli('generate', ['--holders', String(holders), '--transactions', String(transactions), '--seed', String(seed), '--json'], {
      DATABASE_URL: service.database.url(),
      MIGRATIONS_RUN: 'false',
    });
    if (run.code !== 0) throw new Error(`the generator failed (${run.code}): ${run.stderr.slice(-2000)}`);
  };
  const applicationName = (role: string, pid: number | undefined) => `semflow ${role} ${pid}`;
  /** The workers' relays whose LISTEN connection for captured changes is open now. */
  const listeners = async () =>
    (await db.query(`SELECT application_name AS name FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN semflow_capture' ORDER BY 1`)).rows.map(
      (r) => r.name as string,
    );
  const runningWorkers = () => service.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  const workerListeners = () =>
    runningWorkers()
      .map((w) => `${applicationName('worker', w.child.pid)} capture listener`)
      .sort();

  beforeAll(async () => {
    service = await SplitService.start(
      'split-pg',
      {
        // Small relay rounds, so that both relays get their share of a backlog.
        CAPTURE_BATCH_SIZE: '50',
        // A killed worker's jobs are handed on once their locks lapse (default: 2 minutes).
        QUEUE_LOCK_DURATION_MS: '10000',
        CAPTURE_LEASE_MS: '5000',
      },
      { workers: 2 },
    );
    db = service.db;
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('starts an api and two workers at the same moment and applies each migration once', async () => {
    const processes = [service.api, ...service.workers];
    const migrated = processes.filter((p) => p.output.some((line) => /"applied .*CreateEvents/.test(line)));
    const upToDate = processes.filter((p) => p.output.some((line) => line.includes('schema is up to date')));
    expect(migrated).toHaveLength(1);
    expect(upToDate).toHaveLength(2);
    const { rows } = await db.query('SELECT name, count(*)::int AS n FROM typeorm_migrations GROUP BY name');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.filter((row) => row.n !== 1)).toEqual([]);

    // Each process's connections carry its role and pid, so an operator can tell them apart on the server.
    const names = (await db.query(`SELECT DISTINCT application_name AS name FROM pg_stat_activity WHERE datname = current_database()`)).rows.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining([applicationName('api', service.api.child.pid), ...service.workers.map((worker) => applicationName('worker', worker.child.pid))]));
    await waitFor('both relays listening', async () => JSON.stringify(await listeners()) === JSON.stringify(workerListeners()), 10000);
  });

  it('shares the capture relay between the workers: every written row embedded exactly once, no change leased twice', async () => {
    await logEmbeddingWrites(db);
    // Each lease of a captured change, with the process whose connection took it.
    await db.query(`CREATE TABLE ${LEASE_LOG} (outbox_id bigint NOT NULL, relay text NOT NULL)`);
    await db.query(`CREATE FUNCTION test_log_lease() RETURNS trigger LANGUAGE plpgsql AS $$
                      BEGIN INSERT INTO ${LEASE_LOG} VALUES (NEW.id, current_setting('application_name')); RETURN NULL; END $$`);
    await db.query(`CREATE TRIGGER capture_outbox_test_leases AFTER UPDATE OF leased_until ON capture_outbox FOR EACH ROW EXECUTE FUNCTION test_log_lease()`);

    await generate(500, 2500, 11);
    const rows = await sourceRows();
    expect(rows).toBe(3000);
    await waitFor('every written row embedded', async () => (await embedded()) === rows, 180000, 250);
    await waitForQueuesDrained(service.api, 120000);

    const writes = await embeddingWriteCounts(db);
    expect(writes).toEqual({ writes: rows, rows, rowsWrittenTwice: 0 });
    const leases = (await db.query(`SELECT relay, count(*)::int AS n, count(DISTINCT outbox_id)::int AS changes FROM ${LEASE_LOG} GROUP BY relay ORDER BY relay`)).rows;
    const leasedTwice = await count(`SELECT count(*)::int AS n FROM (SELECT outbox_id FROM ${LEASE_LOG} GROUP BY outbox_id HAVING count(*) > 1) twice`);
    expect(leasedTwice).toBe(0);
    // Both relays took part: the backlog was split between them, not handed to one.
    expect(leases.map((lease) => lease.relay).sort()).toEqual(service.workers.map((worker) => applicationName('worker', worker.child.pid)).sort());
    expect(leases.every((lease) => lease.n >= 50)).toBe(true);
    expect(await count('SELECT count(*)::int AS n FROM capture_outbox')).toBe(0);
    console.log(`shared relay: ${rows} rows written, ${writes.writes} vectors written (0 twice); leases per relay ${JSON.stringify(leases)}`);
  });

  it('finishes a backfill when one of the two workers is SIGKILLed midway, each new row embedded exactly once', async () => {
    const before = await embedded();
    const lastWriteBefore = (await embeddedSnapshot(db)).lastWrite;
    const [victim] = service.workers;
    await generate(1000, 5000, 12);
    const rows = await sourceRows();
    expect(rows - before).toBe(6000);
    await waitFor('a fifth of the new rows embedded', async () => (await embedded()) - before >= 1200, 180000, 20);
    await victim.crash();
    const atKill = (await embedded()) - before;
    expect(atKill).toBeLessThan(6000);
    const replacement = await service.startWorker();
    await waitFor('every row embedded', async () => (await embedded()) === rows, 300000, 250);
    await waitForQueuesDrained(service.api, 120000);

    expect(await embeddingWritesAfter(db, lastWriteBefore)).toBe(6000);
    expect(await embeddingWriteCounts(db)).toEqual({ writes: rows, rows, rowsWrittenTwice: 0 });
    const failed = ((await service.api.request('GET', '/admin/queues')).body as Array<{ failed: number }>).filter((q) => q.failed > 0);
    expect(failed).toEqual([]);
    console.log(`worker ${victim.child.pid} SIGKILLed at ${atKill} of 6000 new rows; the other worker and replacement ${replacement.child.pid} embedded the rest, every row once`);
  });

  it('keeps every acknowledged like when PostgreSQL is restarted under a stream of likes; requests meanwhile get DATABASE_UNAVAILABLE', async () => {
    if (!(await PostgresTestDatabase.serverIsControllable())) {
      console.log('skipped: the server of TEST_DATABASE_URL was not started by scripts/test-postgres, so it cannot be restarted here');
      return;
    }
    const database = service.database as PostgresTestDatabase;
    const talks = await insertEventsDirectly(db, readSharedEvents('head-2026/events-test/events.jsonl').slice(0, 6));
    const ledger = new LikeLedger();
    const stream = new LikeStream(service.api.baseUrl, ledger, { senders: 4, usersPerSender: 2, talks, seed: 3, prefix: 'pg-restart' });
    const started = Date.now();
    const outage = { from: 0, to: 0 };
    try {
      await waitFor('likes acknowledged before the restart', async () => stream.acknowledgedSince(started) >= 100, 60000, 20);
      outage.from = Date.now();
      await database.pauseServer();
      // An outage of a few seconds, as a server restart or a failover takes, with requests refused throughout.
      await waitFor(
        'likes refused while the server is down',
        async () => Date.now() - outage.from >= 3000 && stream.sentSince(outage.from) - stream.acknowledgedSince(outage.from) >= 30,
        60000,
        20,
      );
      const health = await service.api.request('GET', '/health');
      expect(health.status).toBe(503);
      expect(health.body.database.status).toBe('down');
      const status = await service.api.request('GET', '/admin/embeddings/status');
      expect(status).toEqual({ status: 503, body: { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'the database is unavailable; try again shortly' } });
      outage.to = Date.now();
      await database.resumeServer();
      const recoveredAt = Date.now();
      await waitFor('likes acknowledged after the restart', async () => stream.acknowledgedSince(recoveredAt) >= 100, 60000, 20);
    } finally {
      await stream.stop();
    }

    // While the server was down nothing was acknowledged, and every refusal said why.
    const during = stream.counts(outage.from, outage.to);
    expect(during.sent).toBeGreaterThanOrEqual(30);
    const refusals = countByCode(ledger.sent.filter((like) => !like.ok));
    expect(Object.keys(refusals)).toEqual(['DATABASE_UNAVAILABLE']);
    // The test's own connection ended with the server; the service's pools replaced theirs by themselves.
    db = await database.connect();
    const check = await ledger.check(db, service.api.baseUrl);
    expect(check.mismatches).toEqual([]);

    // The workers came back too: a holder written now is captured, relayed and embedded.
    const holders = await count('SELECT count(*)::int AS n FROM accountholder_embeddings');
    await db.query(`INSERT INTO accountholders (nationalid, firstname, lastname) VALUES ('900101-0101-091', 'Thandi', 'Mokoena')`);
    await waitFor('a holder written after the restart embedded', async () => (await count('SELECT count(*)::int AS n FROM accountholder_embeddings')) === holders + 1, 60000, 100);
    // Each relay opened a new LISTEN connection: notifications wake it again instead of the poll interval.
    await waitFor('every relay listening again', async () => JSON.stringify(await listeners()) === JSON.stringify(workerListeners()), 60000, 250);
    expect(runningWorkers().every((w) => w.output.some((line) => line.includes('listening for captured changes again')))).toBe(true);
    await db.end();
    console.log(
      [
        `PostgreSQL stopped and started under a stream of likes: ${ledger.sent.length} sent, ${ledger.acknowledged().length} acknowledged, refused ${JSON.stringify(refusals)}`,
        `  while the server was down (${((outage.to - outage.from) / 1000).toFixed(1)} s): ${JSON.stringify(during)}`,
        `  consistency: ${check.pairs} (user, talk) pairs, ${check.liked} liked, ${check.ambiguous} ambiguous; mismatches ${check.mismatches.length}`,
      ].join('\n'),
    );
  });
});
