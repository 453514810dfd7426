import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model an operator chose at run time for an entity type (POST /admin/embeddings/reembed with a
 * model). It outranks the configured one for every process, so api and worker processes agree without
 * a restart; no row means the configured model.
 */
export class CreateEmbeddingModelChoices1732230000700 implements MigrationInterface {
  name = 'CreateEmbeddingModelChoices1732230000700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE embedding_model_choices (
        entity text PRIMARY KEY,
        model text NOT NULL,
        chosen_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE embedding_model_choices');
  }
}
