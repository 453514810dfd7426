import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { toVectorParam } from '../database/vector-transformer';
import type { Embedding } from '../embedding/embedder.types';
import type { ReembedMode } from '../queue/queue.types';
import { EventEntity } from './event.entity';

export interface EmbeddingTarget {
  id: number;
  contentHash: string;
}

@Injectable()
export class EventsRepository {
  constructor(@InjectRepository(EventEntity) private readonly events: Repository<EventEntity>) {}

  page(limit: number, offset: number): Promise<EventEntity[]> {
    return this.events.find({ order: { id: 'ASC' }, take: limit, skip: offset });
  }

  /**
   * Rows to embed. missing: never embedded; stale: no embedding for the current text or from another
   * model; all: every row.
   */
  async embeddingTargets(mode: ReembedMode, model: string): Promise<EmbeddingTarget[]> {
    const where = {
      missing: 'embedding IS NULL',
      stale: 'embedding IS NULL OR embedded_hash IS DISTINCT FROM content_hash OR embedding_model IS DISTINCT FROM $1',
      all: 'true',
    }[mode];
    const rows: Array<{ id: number; content_hash: string }> = await this.events.query(
      `SELECT id, content_hash FROM events WHERE ${where} ORDER BY id`,
      mode === 'stale' ? [model] : [],
    );
    return rows.map((row) => ({ id: row.id, contentHash: row.content_hash }));
  }

  async textToEmbed(id: number): Promise<{ text: string; contentHash: string } | null> {
    const row = await this.events.findOne({ where: { id }, select: { id: true, fullText: true, contentHash: true } });
    return row ? { text: row.fullText, contentHash: row.contentHash } : null;
  }

  /** Stores the embedding only if the text is still the one that was embedded; returns whether it did. */
  async saveEmbedding(id: number, contentHash: string, model: string, embedding: Embedding): Promise<boolean> {
    const result: [unknown[], number] = await this.events.query(
      `UPDATE events SET embedding = $3, embedding_model = $4, embedding_dimensions = $5,
              embedding_truncated = $6, embedded_hash = content_hash, embedded_at = now(), updated_at = now()
        WHERE id = $1 AND content_hash = $2`,
      [id, contentHash, toVectorParam(embedding.vector), model, embedding.vector.length, embedding.truncated],
    );
    return result[1] === 1;
  }
}
