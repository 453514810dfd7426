import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventEntity } from './event.entity';
import { EventsProcessor } from './events.processor';
import { EventsRepository } from './events.repository';
import { EventsResolver } from './events.resolver';
import { EventsService } from './events.service';
import { EventsIngestModule } from './ingest/events-ingest.module';
import { EventsSourceLoader } from './ingest/events-source-loader';

@Module({
  imports: [TypeOrmModule.forFeature([EventEntity]), EventsIngestModule],
  // EventsSourceLoader loads EVENTS_SOURCE in the process that runs the workers.
  providers: [EventsRepository, EventsService, EventsResolver, EventsProcessor, EventsSourceLoader],
  exports: [EventsService],
})
export class EventsModule {}
