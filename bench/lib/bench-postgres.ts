/**
 * The PostgreSQL server of a benchmark run with --database postgres|both: the one TEST_DATABASE_URL
 * names, or one scripts/test-postgres starts on first use and stops when this process exits, however it
 * exits. Each service then gets a database of its own on it (TestDatabase).
 */
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../src/common/compiled-path';
import { log } from './report';

const TEST_POSTGRES = path.join(repoRoot, 'scripts', 'test-postgres');

let server: Promise<string> | undefined;

const BENCH_SERVER_SETTINGS = '-c shared_buffers=1GB -c effective_cache_size=4GB';

/** The server's superuser URL; also set as TEST_DATABASE_URL, where TestDatabase looks for it. */
export function benchPostgresUrl(): Promise<string> {
  server ??= startServer();
  return server;
}

async function startServer(): Promise<string> {
  if (process.env.TEST_DATABASE_URL) {
    log(`PostgreSQL: the server TEST_DATABASE_URL names (port ${new URL(process.env.TEST_DATABASE_URL).port})`);
    return process.env.TEST_DATABASE_URL;
  }
  // Memory as a server for 100k vectors would get: the two vector indexes alone are ~400 MB at 100k, more
  // than the test default of 256 MB shared_buffers, which made every HNSW walk read from the OS cache.
  const settings = process.env.TEST_POSTGRES_SETTINGS ?? BENCH_SERVER_SETTINGS;
  const { stdout } = await promisify(execFile)(TEST_POSTGRES, ['start'], { timeout: 300000, env: { ...process.env, TEST_POSTGRES_SETTINGS: settings } });
  const url = stdout.trim();
  const port = new URL(url).port;
  stopOnExit(port);
  process.env.TEST_DATABASE_URL = url;
  log(`PostgreSQL: started a server with scripts/test-postgres on port ${port} (${settings})`);
  return url;
}

function stopOnExit(port: string): void {
  // 'exit' handlers must be synchronous, and run on process.exit() and after an uncaught error alike.
  process.once('exit', () => {
    try {
      execFileSync(TEST_POSTGRES, ['stop', '--port', port], { stdio: 'ignore', timeout: 60000 });
    } catch {
      // Nothing more can be done on the way out; the script's state directory names the port.
    }
  });
  // A signal ends the process without 'exit' unless someone handles it. When a benchmark handles it
  // itself (to stop its service first), it exits afterwards; otherwise exit here.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) process.exit(130);
    });
  }
}

/**
 * The pid of the process listening on 127.0.0.1:port when it is a postgres server on this machine (the
 * postmaster, parent of every backend), from /proc; undefined otherwise (another host, or a container
 * whose proxy holds the port).
 */
export function postgresServerPid(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXADDR:HEXPORT; state 0A is LISTEN; field 9 is the socket's inode.
      if (fields[3] === '0A' && parseInt(fields[1].split(':')[1], 16) === port) inodes.add(`socket:[${fields[9]}]`);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      if (readdirSync(`/proc/${entry}/fd`).some((fd) => inodes.has(readlinkSync(`/proc/${entry}/fd/${fd}`)))) return Number(entry);
    } catch {
      // The process ended meanwhile, or is not ours to read.
    }
  }
  return undefined;
}
