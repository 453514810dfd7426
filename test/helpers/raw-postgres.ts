import * as net from 'node:net';

/**
 * A Postgres wire-protocol client that sends the messages of an extended-protocol batch one by one, so
 * a test can pause between a Parse and its Bind, as a client whose large batch arrives in pieces does.
 */
export class RawPostgres {
  private received = Buffer.alloc(0);
  private waiters: Array<() => void> = [];

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.received = Buffer.concat([this.received, chunk]);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(port: number): Promise<RawPostgres> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new RawPostgres(socket);
    const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(196608, 4);
    socket.write(Buffer.concat([startup, params]));
    await client.readUntilReady();
    return client;
  }

  parse(sql: string): void {
    this.send('P', Buffer.concat([Buffer.from(`\0${sql}\0`), int16(0)]));
  }

  /** Bind (text parameters), Execute and Sync; resolves with the first column of each row, or the error. */
  async bindExecuteSync(values: string[]): Promise<{ rows: string[]; error?: string }> {
    const params = values.flatMap((value) => [int32(Buffer.byteLength(value)), Buffer.from(value)]);
    this.send('B', Buffer.concat([Buffer.from('\0\0'), int16(0), int16(values.length), ...params, int16(0)]));
    this.send('E', Buffer.concat([Buffer.from('\0'), int32(0)]));
    this.send('S', Buffer.alloc(0));
    return this.readUntilReady();
  }

  close(): void {
    this.socket.destroy();
  }

  private send(type: string, body: Buffer): void {
    this.socket.write(Buffer.concat([Buffer.from(type), int32(body.length + 4), body]));
  }

  /** Reads messages up to ReadyForQuery ('Z'), collecting DataRow values and the error message. */
  private async readUntilReady(): Promise<{ rows: string[]; error?: string }> {
    const rows: string[] = [];
    let error: string | undefined;
    for (;;) {
      while (this.received.length >= 5 && this.received.length >= 1 + this.received.readInt32BE(1)) {
        const type = String.fromCharCode(this.received[0]);
        const body = this.received.subarray(5, 1 + this.received.readInt32BE(1));
        this.received = this.received.subarray(1 + this.received.readInt32BE(1));
        if (type === 'D') rows.push(body.subarray(6, 6 + body.readInt32BE(2)).toString());
        if (type === 'E')
          error = body
            .toString()
            .split('\0')
            .find((field) => field.startsWith('M'))
            ?.slice(1);
        if (type === 'Z') return { rows, error };
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

const int16 = (n: number) => {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(n);
  return buffer;
};
const int32 = (n: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(n);
  return buffer;
};
