import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EmbeddedTable } from '../embedding/embedded-table';
import { EventEntity } from './event.entity';
import { EVENT_COLUMNS, EventRow } from './event-view';

@Injectable()
export class EventsRepository {
  /** The embedding columns of events, embedded from full_text. */
  readonly embeddings: EmbeddedTable<number>;

  constructor(@InjectRepository(EventEntity) private readonly events: Repository<EventEntity>) {
    this.embeddings = new EmbeddedTable((sql, params) => this.events.query(sql, params), { table: 'events', textColumn: 'full_text' });
  }

  page(limit: number, offset: number): Promise<EventRow[]> {
    return this.events.query(`SELECT ${EVENT_COLUMNS} FROM events e ORDER BY e.id LIMIT $1 OFFSET $2`, [limit, offset]);
  }
}
