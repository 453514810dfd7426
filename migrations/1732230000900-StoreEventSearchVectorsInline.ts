import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Talks' search vectors stay in the row (storage MAIN), as their embeddings already do (migration
 * CreateEventEmbeddingIndex). A talk row passes the 2 kB at which Postgres moves values out of the row;
 * with the embedding kept inline, the tsvector (about 0.7 kB) was the value moved, and
 * PersonalizedEventSearch, which ranks every talk matching its text (ts_rank_cd reads the tsvector),
 * fetched it from the TOAST table through its index for each one: at 100,000 talks (about 8,000 matches
 * per query) that was half of the query's time. Inline, p50 / p95 fell from 84 / 201 ms to 28 / 70 ms on
 * the same server (bench:query). The row grows from about 1.8 to 2.4 kB; title, abstract and text still
 * move out. Rows written before this migration keep their layout until rewritten (VACUUM FULL events
 * rewrites them all at once).
 */
export class StoreEventSearchVectorsInline1732230000900 implements MigrationInterface {
  name = 'StoreEventSearchVectorsInline1732230000900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE events ALTER COLUMN search_vector SET STORAGE MAIN');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE events ALTER COLUMN search_vector SET STORAGE EXTENDED');
  }
}
