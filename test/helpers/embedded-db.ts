import { Client } from 'pg';
import { embeddedDatabaseLock, embeddedDatabaseUrl } from '../../src/database/embedded-postgres';

/** A pg client on the embedded database a running service serves for DATA_DIR (port from its lock). */
export async function connectEmbedded(dataDir: string): Promise<Client> {
  const port = embeddedDatabaseLock(dataDir).holder()?.port;
  if (!port) throw new Error(`no embedded database is serving ${dataDir}`);
  const client = new Client({ connectionString: embeddedDatabaseUrl(port) });
  // Tests stop and kill the service under open connections on purpose.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
