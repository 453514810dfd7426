import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { oneLine } from '../common/startup-error';
import { AppConfig } from '../config/app-config';
import { CaptureListener } from './capture-listener';
import { CaptureOutboxRepository, CapturedChange } from './capture-outbox.repository';
import { CapturedEmbeddingsRegistry } from './captured-embeddings.registry';
import { CAPTURED_ENTITIES, type CapturedEntity } from './captured-rows';

const CHANNEL = 'semflow_capture';

/** Changes relayed between two VACUUMs of the outbox (see CaptureOutboxRepository.vacuum). */
const VACUUM_EVERY_CHANGES = 1000;

/**
 * Moves captured changes from capture_outbox to the embedding queues, in the processes that run
 * workers. NOTIFY from the capture trigger wakes it at once; polling every CAPTURE_POLL_INTERVAL_MS is
 * the safety net (a notification is lost while no one listens, and the embedded database delivers it
 * to the writer's connection instead), tightened while changes keep coming (CAPTURE_ACTIVE_POLL_INTERVAL_MS).
 * A notification does not always reach it: the embedded database has one Postgres session, which hands
 * a NOTIFY to the writer's own connection, never to the relay's LISTEN connection. With the fixed
 * interval a steady stream of writes there waited half an interval per row on average (about 250 ms);
 * the backoff keeps a stream's rows a few milliseconds apart from their jobs, and a quiet outbox costs a
 * handful of extra polls.
 * An entry is deleted only after its job is queued: a relay or Redis that fails in between leaves the
 * entry to be relayed again, and the job's idempotence makes the repetition harmless.
 */
@Injectable()
export class CaptureRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CaptureRelay');
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private listener?: CaptureListener;
  private lastError?: string;
  private relayedSinceVacuum = 0;

  constructor(
    private readonly outbox: CaptureOutboxRepository,
    private readonly registry: CapturedEmbeddingsRegistry,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.APP_ROLE === 'api') return;
    this.running = true;
    const options = this.db.options as PostgresConnectionOptions;
    this.listener = new CaptureListener({
      url: options.url!,
      channel: CHANNEL,
      applicationName: `${options.applicationName} capture listener`,
      onNotify: () => this.wake?.(),
      logger: this.logger,
    });
    this.listener.start();
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.stop();
  }

  /** One round: look, lease, queue, delete. Returns how many changes it moved. */
  async relayOnce(): Promise<number> {
    if (!(await this.outbox.hasWaiting())) return 0;
    const changes = await this.outbox.lease(this.config.CAPTURE_BATCH_SIZE, this.config.CAPTURE_LEASE_MS);
    if (changes.length === 0) return 0;
    for (const embeddings of this.registry.all()) {
      const upserts = changes.filter((change) => change.entity === embeddings.entity && change.op !== 'D');
      // Many changes of one row in a batch need one job: it reads the row as it is by then.
      const latest = new Map(upserts.map((change) => [change.rowId, change]));
      await embeddings.queueChanges([...latest.values()].map((change) => ({ rowId: change.rowId, key: `o${change.id}` })));
    }
    await this.forgetDeleted(changes.filter((change) => change.op === 'D'));
    await this.outbox.remove(changes.map((change) => change.id));
    this.relayedSinceVacuum += changes.length;
    return changes.length;
  }

  /** Captured changes waiting to be relayed, per captured entity type (0 for a type with none). */
  async backlog(): Promise<Record<CapturedEntity, number>> {
    const counts = await this.outbox.backlogByEntity();
    return Object.fromEntries(CAPTURED_ENTITIES.map((entity) => [entity, counts.get(entity) ?? 0])) as Record<CapturedEntity, number>;
  }

  /** The embedding of a deleted row went with it (ON DELETE CASCADE); its failure record goes too. */
  private async forgetDeleted(deleted: CapturedChange[]): Promise<void> {
    for (const change of deleted) await this.registry.get(change.entity).forget(change.rowId);
  }

  private async run(): Promise<void> {
    // Empty rounds since the last one that moved something; "many" until the first change arrives.
    let emptyRounds = Number.POSITIVE_INFINITY;
    while (this.running) {
      let moved = 0;
      try {
        moved = await this.relayOnce();
        this.lastError = undefined;
      } catch (error) {
        const message = oneLine(error);
        if (message !== this.lastError) this.logger.warn({ msg: 'could not relay captured changes; retrying', error: message });
        this.lastError = message;
      }
      emptyRounds = moved > 0 ? 0 : emptyRounds + 1;
      if (moved >= this.config.CAPTURE_BATCH_SIZE) continue;
      await this.vacuumNowAndThen();
      await this.sleep(this.pollInterval(emptyRounds));
    }
  }

  /** Between rounds, once enough changes went through; a failure waits for the next VACUUM_EVERY_CHANGES. */
  private async vacuumNowAndThen(): Promise<void> {
    if (this.relayedSinceVacuum < VACUUM_EVERY_CHANGES) return;
    this.relayedSinceVacuum = 0;
    await this.outbox.vacuum().catch((error) => this.logger.warn({ msg: 'could not vacuum the capture outbox', error: oneLine(error) }));
  }

  /** CAPTURE_ACTIVE_POLL_INTERVAL_MS right after a change, doubling per empty round, at most CAPTURE_POLL_INTERVAL_MS. */
  private pollInterval(emptyRounds: number): number {
    return Math.min(this.config.CAPTURE_POLL_INTERVAL_MS, this.config.CAPTURE_ACTIVE_POLL_INTERVAL_MS * 2 ** Math.min(emptyRounds, 30));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
