import { Module } from '@nestjs/common';
import { EmbeddingStatusRepository } from './embedding-status.repository';
import { EmbeddingStatusService } from './embedding-status.service';

/** The embedding field of the GraphQL types of captured rows, shared by their feature modules. */
@Module({
  providers: [EmbeddingStatusRepository, EmbeddingStatusService],
  exports: [EmbeddingStatusService],
})
export class EmbeddingStatusModule {}
