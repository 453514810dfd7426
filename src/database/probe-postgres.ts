import { Client } from 'pg';
import { oneLine, StartupError } from '../common/startup-error';

/** The URL with its password hidden, for messages. */
export const redactUrl = (url: string): string => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

/**
 * Checks, before anything else uses it, that the database answers, is Postgres 15 or newer, and offers
 * pgvector; each failure becomes one line saying what to fix.
 */
export async function probePostgres(url: string, timeoutMs = 5000): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError(`cannot reach the database at ${redactUrl(url)}: ${oneLine(error) || (error as { code?: string }).code}`);
  }
  try {
    const { rows } = await client.query<{ version: string; vector: string | null }>(
      `SELECT current_setting('server_version_num') AS version,
              (SELECT default_version FROM pg_available_extensions WHERE name = 'vector') AS vector`,
    );
    const version = Number(rows[0].version);
    if (version < 150000) {
      throw new StartupError(`the database at ${redactUrl(url)} runs Postgres ${version}; semflow needs 15 or newer`);
    }
    if (!rows[0].vector) {
      throw new StartupError(`the database at ${redactUrl(url)} has no pgvector extension: install it (or use the pgvector/pgvector image)`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
