import type { PGlite } from '@electric-sql/pglite';

interface PendingMessage {
  connection: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

const SYNC = 0x53; // 'S': ends an extended-protocol batch
const QUERY = 0x51; // 'Q': a simple query is a batch of its own
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/** After this message the session is idle (unless a transaction is open): another connection may go. */
function endsBatch(message: Uint8Array): boolean {
  // Startup and SSL requests carry no type byte; their first byte is the high byte of a small length.
  return message[0] === SYNC || message[0] === QUERY || message[0] === TERMINATE || message[0] === 0;
}

/**
 * Puts the wire-protocol messages of every client connection onto PGlite's one Postgres session. A
 * connection keeps the session from its first message until the session is idle again: the end of its
 * batch (Sync, a simple Query), or of its transaction. The queue that pglite-socket 0.2.17 brings keeps
 * a connection only for open transactions, so the Parse of one connection could land between the Parse
 * and the Bind of another (seen as "bind message supplies 1717 parameters, but prepared statement
 * requires 1"), and one failed message stopped its queue for good. This replaces it: same interface.
 */
export class SessionScheduler {
  private queue: PendingMessage[] = [];
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(connection: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ connection, message, onData, resolve, reject });
      void this.run();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** A connection went away: its queued messages are dropped. */
  clearQueueForHandler(connection: number): void {
    const dropped = this.queue.filter((pending) => pending.connection === connection);
    this.queue = this.queue.filter((pending) => pending.connection !== connection);
    for (const pending of dropped) pending.reject(new Error('connection closed'));
  }

  /**
   * A connection went away while it held the session: end its half-sent batch (Postgres skips messages
   * after an error until a Sync) and roll back its transaction, then let the others go.
   */
  async clearTransactionIfNeeded(connection: number): Promise<void> {
    if (this.owner !== connection) return;
    await this.db.runExclusive(async () => {
      await this.db.execProtocolRaw(SYNC_MESSAGE);
      if (this.db.isInTransaction()) await this.db.execProtocolRaw(simpleQuery('ROLLBACK'));
    });
    this.owner = null;
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.queue.findIndex((pending) => pending.connection === this.owner);
        // The owner's next message has not arrived yet: the others wait for it.
        if (index < 0 || this.queue.length === 0) return;
        const [pending] = this.queue.splice(index, 1);
        this.owner = pending.connection;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(pending.message, {
              onRawData: (data) => {
                bytes += data.length;
                pending.onData(data);
              },
            }),
          );
          pending.resolve(bytes);
        } catch (error) {
          pending.reject(error);
        }
        if (endsBatch(pending.message) && !this.db.isInTransaction()) this.owner = null;
      }
    } finally {
      this.running = false;
    }
  }
}

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = QUERY;
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}
