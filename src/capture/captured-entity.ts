import { Injectable, OnModuleInit, Provider } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { TextTemplateName } from '../embedding/text-template';
import { QueueWorkers } from '../queue/queue-workers.service';
import { QueueService } from '../queue/queue.service';
import { JobName } from '../queue/queue.types';
import { CapturedEmbeddings } from './captured-embeddings';
import { CapturedEmbeddingsRegistry } from './captured-embeddings.registry';
import { CapturedModels } from './captured-models';
import { CapturedRows, CapturedTableSpec } from './captured-rows';

/** What a feature module says about one captured entity type; the rest is the same for all of them. */
export interface CapturedEntityDefinition<Row> extends CapturedTableSpec {
  embedJob: JobName.EmbedAccountHolder | JobName.EmbedTransaction;
  fanOutJob: JobName.QueueAccountHolderEmbeddings | JobName.QueueTransactionEmbeddings;
  template: (config: AppConfig) => TextTemplateName;
  textOf: (row: Row, template: TextTemplateName) => string;
}

/**
 * The provider that wires one captured entity type into this process: its embeddings (registered for
 * the relay and the admin API) and the handlers of its embedding and fan-out jobs.
 */
export function capturedEntityProvider<Row>(definition: CapturedEntityDefinition<Row>): Provider {
  @Injectable()
  class CapturedEntityWiring implements OnModuleInit {
    constructor(
      @InjectDataSource() private readonly db: DataSource,
      private readonly models: CapturedModels,
      private readonly queues: QueueService,
      private readonly workers: QueueWorkers,
      private readonly registry: CapturedEmbeddingsRegistry,
      private readonly config: AppConfig,
    ) {}

    onModuleInit(): void {
      const embeddings = new CapturedEmbeddings<Row>({
        rows: new CapturedRows(this.db, definition),
        models: this.models,
        queues: this.queues,
        jobName: definition.embedJob,
        fanOutJobName: definition.fanOutJob,
        template: definition.template(this.config),
        textOf: definition.textOf,
      });
      this.registry.register(embeddings as CapturedEmbeddings<unknown>);
      this.workers.handle(definition.embedJob, (data, job) => embeddings.embed(data.rowId, data.force ?? false, { made: job.attemptsMade, max: job.opts.attempts ?? 1 }));
      this.workers.handle(definition.fanOutJob, (data, job) => embeddings.fanOut(data.mode, (progress) => job.updateProgress({ ...progress }), data.changedOnly ?? false));
    }
  }
  Object.defineProperty(CapturedEntityWiring, 'name', { value: `${definition.entity}CapturedEntityWiring` });
  return CapturedEntityWiring;
}
