import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EmbeddedTable } from '../embedding/embedded-table';
import { InterestEntity } from './interest.entity';

export interface StoredInterest {
  id: string;
  contentHash: string;
  sourceTime: Date;
}

@Injectable()
export class InterestsRepository {
  readonly embeddings: EmbeddedTable<string>;

  constructor(@InjectRepository(InterestEntity) private readonly interests: Repository<InterestEntity>) {
    this.embeddings = new EmbeddedTable((sql, params) => this.interests.query(sql, params), { table: 'interests', textColumn: 'text' });
  }

  /** One statement: once it returns, the interest is durable; source_time is that moment. */
  async add(userid: string, text: string): Promise<StoredInterest> {
    const [row]: Array<{ id: string; content_hash: string; source_time: Date }> = await this.interests.query(
      `INSERT INTO interests (userid, text, source_time) VALUES ($1, $2, clock_timestamp())
       RETURNING id, content_hash, source_time`,
      [userid, text],
    );
    return { id: row.id, contentHash: row.content_hash, sourceTime: row.source_time };
  }
}
