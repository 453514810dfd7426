import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { EventsIngestModule } from '../events/ingest/events-ingest.module';
import { ReembedModule } from '../reembed/reembed.module';
import { EmbeddingsAdminController } from './embeddings-admin.controller';
import { EventsAdminController } from './events-admin.controller';
import { QueuesAdminController } from './queues-admin.controller';

@Module({
  imports: [EventsModule, EventsIngestModule, ReembedModule],
  controllers: [EmbeddingsAdminController, EventsAdminController, QueuesAdminController],
})
export class AdminModule {}
