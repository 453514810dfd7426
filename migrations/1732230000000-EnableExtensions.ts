import { MigrationInterface, QueryRunner } from 'typeorm';

/** pgvector first: every later table stores vectors. pgcrypto provides gen_random_uuid(). */
export class EnableExtensions1732230000000 implements MigrationInterface {
  name = 'EnableExtensions1732230000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS vector');
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pgcrypto');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP EXTENSION IF EXISTS pgcrypto');
    await queryRunner.query('DROP EXTENSION IF EXISTS vector');
  }
}
