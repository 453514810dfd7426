import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { vectorBinaryParam } from '../database/vector-transformer';
import { EmbeddedTable } from '../embedding/embedded-table';
import type { Embedding } from '../embedding/embedder.types';
import { InterestEntity } from './interest.entity';

export interface StoredInterest {
  id: string;
  contentHash: string;
  sourceTime: Date;
}

/** An interest's text embedded before it was stored. */
export interface InterestEmbedding {
  model: string;
  embedding: Embedding;
}

@Injectable()
export class InterestsRepository {
  readonly embeddings: EmbeddedTable<string>;

  constructor(@InjectRepository(InterestEntity) private readonly interests: Repository<InterestEntity>) {
    this.embeddings = new EmbeddedTable((sql, params) => this.interests.query(sql, params), { table: 'interests', textColumn: 'text' });
  }

  /**
   * One statement: once it returns, the interest is durable, with its embedding when one is given;
   * source_time is that moment. embedded_hash is md5(text), the expression content_hash is generated
   * from (a generated column cannot be read within the INSERT that computes it).
   */
  async add(userid: string, text: string, embedded?: InterestEmbedding): Promise<StoredInterest> {
    const [row]: Array<{ id: string; content_hash: string; source_time: Date }> = embedded
      ? await this.interests.query(
          `INSERT INTO interests (userid, text, source_time, embedding, embedding_model, embedding_dimensions, embedding_truncated, embedded_hash, embedded_at)
           VALUES ($1, $2, clock_timestamp(), $3::vector, $4, $5, $6, md5($2), clock_timestamp())
           RETURNING id, content_hash, source_time`,
          [userid, text, vectorBinaryParam(embedded.embedding.vector), embedded.model, embedded.embedding.vector.length, embedded.embedding.truncated],
        )
      : await this.interests.query(
          `INSERT INTO interests (userid, text, source_time) VALUES ($1, $2, clock_timestamp())
           RETURNING id, content_hash, source_time`,
          [userid, text],
        );
    return { id: row.id, contentHash: row.content_hash, sourceTime: row.source_time };
  }
}
