import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { embeddedDatabaseLock, embeddedDatabaseUrl, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { repoRoot } from '../../src/common/compiled-path';

export type DatabaseKind = 'embedded' | 'postgres';

const TEST_POSTGRES_SCRIPT = path.join(repoRoot, 'scripts', 'test-postgres');
let created = 0;

/**
 * Which database the e2e tests run the service on: TEST_DATABASE=embedded (the default) or postgres, the
 * latter on the server named by TEST_DATABASE_URL (scripts/test-postgres starts one and sets both).
 */
export function testDatabaseKind(env: NodeJS.ProcessEnv = process.env): DatabaseKind {
  const kind = env.TEST_DATABASE || 'embedded';
  if (kind !== 'embedded' && kind !== 'postgres') throw new Error(`TEST_DATABASE must be embedded or postgres, not ${JSON.stringify(kind)}`);
  return kind;
}

/** describe on the listed databases only; elsewhere the block is reported as skipped. */
export function describeOn(kinds: DatabaseKind[], name: string, body: () => void): void {
  (kinds.includes(testDatabaseKind()) ? describe : describe.skip)(name, body);
}

/** A pg client that tolerates the server going away, as tests stop, kill and restart it on purpose. */
async function connectClient(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * The database of one test's service, fresh for that test. Embedded: the service's own, under its
 * DATA_DIR, reachable while a process of the service serves it. Postgres: a new database on the test
 * server, created here and dropped by drop().
 */
export abstract class TestDatabase {
  abstract readonly kind: DatabaseKind;
  /** Settings every process of the service gets: DATABASE_URL on Postgres; none for the embedded one. */
  abstract readonly env: Record<string, string>;
  /** Where a client beside the service (a CLI, the test) reaches the database. */
  abstract url(): string;
  abstract drop(): Promise<void>;

  /** A database for a service with this DATA_DIR, on the database kind given (default: TEST_DATABASE). */
  static async create(name: string, dataDir: string, kind: DatabaseKind = testDatabaseKind()): Promise<TestDatabase> {
    return kind === 'embedded' ? new EmbeddedTestDatabase(dataDir) : PostgresTestDatabase.create(name);
  }

  connect(): Promise<Client> {
    return connectClient(this.url());
  }
}

/**
 * A fresh, empty database of the kind under test without a service around it (the test applies what
 * it needs): the embedded server on dataDir, or a database of its own on the Postgres test server.
 */
export async function emptyDatabase(label: string, dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (testDatabaseKind() === 'embedded') return startEmbeddedPostgres({ dataDir, maxConnections: 10, log: () => undefined });
  const database = await PostgresTestDatabase.create(label);
  return { url: database.url(), stop: () => database.drop() };
}

class EmbeddedTestDatabase extends TestDatabase {
  readonly kind = 'embedded';
  readonly env = {};

  constructor(private readonly dataDir: string) {
    super();
  }

  url(): string {
    const port = embeddedDatabaseLock(this.dataDir).holder()?.port;
    if (!port) throw new Error(`no embedded database is serving ${this.dataDir}`);
    return embeddedDatabaseUrl(port);
  }

  async drop(): Promise<void> {
    // The data directory, which the service's owner deletes, is the whole database.
  }
}

export class PostgresTestDatabase extends TestDatabase {
  readonly kind = 'postgres';
  readonly env: Record<string, string>;

  private constructor(
    private readonly serverUrl: string,
    readonly name: string,
  ) {
    super();
    this.env = { DATABASE_URL: this.url() };
  }

  /** The test server's superuser URL, as scripts/test-postgres printed it. */
  static serverUrl(): string {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DATABASE=postgres needs TEST_DATABASE_URL (run the tests through scripts/test-postgres with ...)');
    return url;
  }

  static async create(label: string): Promise<PostgresTestDatabase> {
    const name = `semflow_${label
      .replace(/[^a-z0-9]+/gi, '_')
      .toLowerCase()
      .slice(0, 30)}_${process.pid}_${++created}`;
    await PostgresTestDatabase.onServer(async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
    });
    return new PostgresTestDatabase(PostgresTestDatabase.serverUrl(), name);
  }

  /** Runs fn on a superuser connection to the test server's maintenance database, then closes it. */
  static async onServer<T>(fn: (admin: Client) => Promise<T>): Promise<T> {
    const admin = await connectClient(PostgresTestDatabase.serverUrl());
    try {
      return await fn(admin);
    } finally {
      await admin.end();
    }
  }

  url(): string {
    const url = new URL(this.serverUrl);
    url.pathname = `/${this.name}`;
    return url.toString();
  }

  async drop(): Promise<void> {
    await PostgresTestDatabase.onServer((admin) => admin.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`));
  }

  /** Whether the test server is one scripts/test-postgres started, which pauseServer() can stop. */
  static serverIsControllable(): Promise<boolean> {
    return testPostgresScript('status').then(
      () => true,
      () => false,
    );
  }

  /** Stops the whole test server, keeping its data: a database outage for every service on it. */
  pauseServer(): Promise<void> {
    return testPostgresScript('pause');
  }

  /** Starts it again on the same port and data; resolves once it answers. */
  resumeServer(): Promise<void> {
    return testPostgresScript('resume');
  }
}

async function testPostgresScript(command: 'status' | 'pause' | 'resume'): Promise<void> {
  const port = new URL(PostgresTestDatabase.serverUrl()).port;
  await promisify(execFile)(TEST_POSTGRES_SCRIPT, [command, '--port', port], { timeout: 90000 });
}
