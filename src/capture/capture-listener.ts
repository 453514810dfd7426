import type { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { oneLine } from '../common/startup-error';

/** The longest wait between two attempts to LISTEN again. */
const MAX_RETRY_MS = 30000;

export interface CaptureListenerOptions {
  url: string;
  channel: string;
  /** Shown in pg_stat_activity, so the connection is recognised as this process's listener. */
  applicationName: string;
  /** Called for every notification, and whenever listening (re)starts: notifications sent while no one listened are lost. */
  onNotify: () => void;
  logger: Logger;
}

/**
 * Holds a LISTEN connection for as long as it runs, and opens a new one when the old one ends: a
 * Postgres restart, a failover or an idle-connection reaper ends it, and without a listener the relay
 * would fall back to polling for good. Attempts back off from 1 s to 30 s; the first success after a
 * loss is logged.
 */
export class CaptureListener {
  private running = false;
  private client?: Client;
  private loop?: Promise<void>;
  private interrupt?: () => void;

  constructor(private readonly options: CaptureListenerOptions) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.interrupt?.();
    await this.client?.end().catch(() => undefined);
    await this.loop;
  }

  private async run(): Promise<void> {
    let retryMs = 1000;
    let lost = false;
    while (this.running) {
      try {
        const client = new Client({ connectionString: this.options.url, application_name: this.options.applicationName });
        const ended = new Promise<void>((resolve) => client.once('end', resolve));
        client.on('error', () => undefined);
        client.on('notification', () => this.options.onNotify());
        this.client = client;
        await client.connect();
        await client.query(`LISTEN ${this.options.channel}`);
        if (lost) this.options.logger.log({ msg: 'listening for captured changes again' });
        lost = false;
        retryMs = 1000;
        this.options.onNotify();
        await ended;
        if (!this.running) return;
        this.options.logger.warn({ msg: 'the LISTEN connection for captured changes ended; polling until it is back' });
        lost = true;
      } catch (error) {
        await this.client?.end().catch(() => undefined);
        if (!this.running) return;
        if (!lost) this.options.logger.warn({ msg: 'cannot LISTEN for captured changes; polling until it can', error: oneLine(error) });
        lost = true;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, retryMs);
        this.interrupt = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
    }
  }
}
