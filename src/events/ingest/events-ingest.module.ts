import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventEntity } from '../event.entity';
import { EventsIngestRepository } from './events-ingest.repository';
import { EventsIngestService } from './events-ingest.service';

/**
 * Loading talks from files or URLs. Needs the database and the queues but no embedding model, so the
 * ingest CLI can use it without loading one (the workers embed what it queues).
 */
@Module({
  imports: [TypeOrmModule.forFeature([EventEntity])],
  providers: [EventsIngestRepository, EventsIngestService],
  exports: [EventsIngestService],
})
export class EventsIngestModule {}
