import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CapturedTableSpec } from './captured-rows';
import type { EmbeddingRecord } from './embedding-status';

@Injectable()
export class EmbeddingStatusRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One query for many rows: their embedding columns and failure records; rows with neither are left out. */
  async records(spec: CapturedTableSpec, rowIds: number[]): Promise<Map<number, EmbeddingRecord>> {
    const rows: Array<EmbeddingRecord & { row_id: number }> = await this.db.query(
      `SELECT r.row_id, e.embedding_model AS model, e.embedding_template AS template, e.embedding_dimensions AS dimensions,
              e.embedding_timestamp AS "embeddedAt", e.truncated, f.reason, f.attempts
         FROM unnest($1::int[]) AS r(row_id)
         LEFT JOIN ${spec.embeddingsTable} e ON e.row_id = r.row_id
         LEFT JOIN embedding_errors f ON f.entity = $2 AND f.row_id = r.row_id
        WHERE e.row_id IS NOT NULL OR f.row_id IS NOT NULL`,
      [rowIds, spec.entity],
    );
    return new Map(rows.map(({ row_id, ...record }) => [row_id, record]));
  }
}
