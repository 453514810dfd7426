import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { RawPostgres } from './helpers/raw-postgres';
import { describeOn } from './helpers/test-database';

/**
 * Several connections to the embedded database at once, as a connection pool (or an api and a worker
 * process) uses it: their parameterised statements must never meet each other's, and a connection that
 * goes away in the middle of its work must not stop the others.
 */
describeOn(['embedded'], 'embedded database under concurrent connections', () => {
  let dataDir: string;
  let db: EmbeddedPostgresHandle;
  let clients: Client[];

  const connect = async () => {
    const client = new Client({ connectionString: db.url });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'semflow-concurrency-'));
    db = await startEmbeddedPostgres({ dataDir, maxConnections: 16, log: () => undefined });
    clients = await Promise.all([1, 2, 3, 4].map(connect));
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await db?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps each connection's Parse, Bind and Execute together", async () => {
    // A batch that reaches the server in pieces: its Parse first, the Bind a little later.
    const slow = await RawPostgres.connect(Number(new URL(db.url).port));
    try {
      slow.parse('SELECT ($1::int + $2::int)::text');
      // Another connection's statement with one parameter, sent while the first batch is half there.
      const other = clients[1].query('SELECT $1::text AS one', ['x']);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await slow.bindExecuteSync(['1', '2'])).toEqual({ rows: ['3'], error: undefined });
      expect((await other).rows).toEqual([{ one: 'x' }]);
    } finally {
      slow.close();
    }
  });

  it('lets the others go on when a connection dies halfway through a batch', async () => {
    const dying = await RawPostgres.connect(Number(new URL(db.url).port));
    dying.parse('SELECT $1::int');
    const other = clients[2].query('SELECT $1::int * 2 AS doubled', [21]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    dying.close();
    expect((await other).rows).toEqual([{ doubled: 42 }]);
  });

  it('answers many concurrent parameterised statements correctly', async () => {
    for (let round = 0; round < 50; round++) {
      const [b, c, d] = await Promise.all([
        clients[1].query('SELECT $1::text AS one', [`r${round}`]),
        clients[2].query('SELECT $1::int * $2::int AS product', [round, 3]),
        clients[3].query('SELECT count(*)::int AS n FROM generate_series(1, $1::int)', [round + 1]),
      ]);
      expect([b.rows[0].one, c.rows[0].product, d.rows[0].n]).toEqual([`r${round}`, round * 3, round + 1]);
    }
  });

  it('keeps a transaction to its connection while others query', async () => {
    await clients[0].query('CREATE TABLE IF NOT EXISTS t (v int)');
    await clients[0].query('BEGIN');
    await clients[0].query('INSERT INTO t VALUES ($1)', [1]);
    const other = clients[1].query('SELECT count(*)::int AS n FROM t');
    await clients[0].query('INSERT INTO t VALUES ($1)', [2]);
    await clients[0].query('COMMIT');
    expect((await other).rows[0].n).toBe(2);
  });

  it('lets the others go on when a connection dies inside its transaction', async () => {
    const doomed = await connect();
    await doomed.query('BEGIN');
    await doomed.query('INSERT INTO t VALUES ($1)', [99]);
    const waiting = clients[1].query('SELECT count(*)::int AS n FROM t WHERE v = $1', [99]);
    (doomed as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    // The dead connection's transaction is rolled back and the waiting query runs.
    expect((await waiting).rows[0].n).toBe(0);
    expect((await clients[2].query('SELECT $1::int AS ok', [1])).rows[0].ok).toBe(1);
  });
});
