import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { EmbeddingsAdminController } from './embeddings-admin.controller';
import { QueuesAdminController } from './queues-admin.controller';
import { ReembedService } from './reembed.service';

@Module({
  imports: [EventsModule],
  controllers: [EmbeddingsAdminController, QueuesAdminController],
  providers: [ReembedService],
})
export class AdminModule {}
