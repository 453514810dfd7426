import { MigrationInterface, QueryRunner } from 'typeorm';

/** HNSW cosine indexes for similarity queries over captured rows, in a migration of their own. */
export class CreateRowEmbeddingIndexes1732230000600 implements MigrationInterface {
  name = 'CreateRowEmbeddingIndexes1732230000600';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX accountholder_embeddings_hnsw ON accountholder_embeddings USING hnsw (embedding_vector vector_cosine_ops)');
    await queryRunner.query('CREATE INDEX transaction_embeddings_hnsw ON transaction_embeddings USING hnsw (embedding_vector vector_cosine_ops)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX transaction_embeddings_hnsw');
    await queryRunner.query('DROP INDEX accountholder_embeddings_hnsw');
  }
}
