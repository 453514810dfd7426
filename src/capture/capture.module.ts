import { Global, Module } from '@nestjs/common';
import { CaptureOutboxRepository } from './capture-outbox.repository';
import { CaptureRelayService } from './capture-relay.service';
import { CapturedEmbeddingsAdminService } from './captured-embeddings-admin.service';
import { CapturedEmbeddingsRegistry } from './captured-embeddings.registry';
import { CapturedModels } from './captured-models';

/** Change data capture of the source tables: outbox relay and the registry of captured entity types. */
@Global()
@Module({
  providers: [CaptureOutboxRepository, CaptureRelayService, CapturedEmbeddingsRegistry, CapturedModels, CapturedEmbeddingsAdminService],
  exports: [CapturedEmbeddingsRegistry, CaptureRelayService, CapturedModels, CapturedEmbeddingsAdminService],
})
export class CaptureModule {}
