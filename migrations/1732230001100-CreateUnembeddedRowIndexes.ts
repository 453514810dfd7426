import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partial indexes of the talks and interests without an embedding of their current text (the
 * predicate is EmbeddedTable's, word for word, so the planner can use them). The periodic sweep asks
 * for exactly those rows, and reads only them instead of every talk and interest each minute; a
 * model change comes with new settings, and the sweep at start compares the model on every row.
 */
export class CreateUnembeddedRowIndexes1732230001100 implements MigrationInterface {
  name = 'CreateUnembeddedRowIndexes1732230001100';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['events', 'interests']) {
      await queryRunner.query(`CREATE INDEX ${table}_unembedded_idx ON ${table} (id) WHERE embedding IS NULL OR embedded_hash IS DISTINCT FROM content_hash`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX interests_unembedded_idx');
    await queryRunner.query('DROP INDEX events_unembedded_idx');
  }
}
