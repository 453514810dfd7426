import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Embeddings of captured rows, one table per source table (the source tables belong to the programs
 * that write them, so semflow keeps its columns apart), and the rows whose embedding failed for good.
 * text_hash is the md5 of the text the vector was made from: an update that leaves the text alone is
 * not re-embedded. source_hash is the md5 of the source row's columns when it was last looked at: the
 * sweep finds rows changed since without relying on the capture's queue jobs (which a Redis crash can
 * lose). Deleting a source row deletes its embedding in the same transaction. A failure
 * records the model and template it happened with: sweeps leave the row alone until one of them (or
 * the row) changes, or the failed rows are queued again on request.
 */
export class CreateRowEmbeddings1732230000500 implements MigrationInterface {
  name = 'CreateRowEmbeddings1732230000500';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, source] of [
      ['accountholder_embeddings', 'accountholders'],
      ['transaction_embeddings', 'transactions'],
    ]) {
      await queryRunner.query(`
        CREATE TABLE ${table} (
          row_id integer PRIMARY KEY REFERENCES ${source} (_id) ON DELETE CASCADE,
          embedding_vector vector(384) NOT NULL,
          embedding_dimensions integer NOT NULL,
          embedding_timestamp timestamptz NOT NULL,
          embedding_model text NOT NULL,
          embedding_template text NOT NULL,
          text_hash text NOT NULL,
          source_hash text NOT NULL,
          truncated boolean NOT NULL,
          created_at timestamptz NOT NULL
        )`);
    }
    await queryRunner.query(`
      CREATE TABLE embedding_errors (
        entity text NOT NULL,
        row_id integer NOT NULL,
        reason text NOT NULL,
        attempts integer NOT NULL,
        model text NOT NULL,
        template text NOT NULL,
        source_hash text NOT NULL,
        first_failed_at timestamptz NOT NULL DEFAULT now(),
        last_failed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (entity, row_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE embedding_errors');
    await queryRunner.query('DROP TABLE transaction_embeddings');
    await queryRunner.query('DROP TABLE accountholder_embeddings');
  }
}
