import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';

/** A pg client on the embedded database a running service serves for DATA_DIR (port from its lock file). */
export async function connectEmbedded(dataDir: string): Promise<Client> {
  const { port } = JSON.parse(readFileSync(path.join(dataDir, 'pglite.lock'), 'utf8')) as { port: number };
  const client = new Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres` });
  // Tests stop and kill the service under open connections on purpose.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
