import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conference talks. content_hash is computed by the database, so rows written by any program (not only
 * through semflow) are embedded and re-embedded when their text changes. embedding has no fixed
 * dimension: the model is chosen per entity type (384 for MiniLM-class models, 256 for ascii-test).
 */
export class CreateEvents1732230000100 implements MigrationInterface {
  name = 'CreateEvents1732230000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE events (
        id integer PRIMARY KEY,
        url text NOT NULL,
        date text NOT NULL,
        time text NOT NULL,
        title text NOT NULL,
        abstract text NOT NULL,
        location text NOT NULL,
        speakers jsonb NOT NULL DEFAULT '[]'::jsonb,
        last_updated timestamptz NOT NULL,
        full_text text NOT NULL,
        start_time text NOT NULL,
        start_timestamp timestamptz,
        content_hash text GENERATED ALWAYS AS (md5(full_text)) STORED,
        embedding vector,
        embedding_model text,
        embedding_dimensions integer,
        embedding_truncated boolean,
        embedded_hash text,
        embedded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE events');
  }
}
