import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change data capture without a log reader: a trigger on each source table records every insert,
 * update and delete in capture_outbox in the writer's own transaction (so a committed row always has
 * its outbox entry, whoever wrote it) and wakes the relay with NOTIFY. The relay leases outbox rows
 * (FOR UPDATE SKIP LOCKED, so several workers share the work), turns them into queue jobs and deletes
 * them; a lease that lapses (relay died) makes the rows visible again.
 */
export class CreateCapture1732230000400 implements MigrationInterface {
  name = 'CreateCapture1732230000400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE capture_outbox (
        id bigserial PRIMARY KEY,
        entity text NOT NULL,
        row_id integer NOT NULL,
        op char(1) NOT NULL CHECK (op IN ('I', 'U', 'D')),
        captured_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        leased_until timestamptz
      )`);
    await queryRunner.query(`
      CREATE FUNCTION semflow_capture() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          INSERT INTO capture_outbox (entity, row_id, op) VALUES (TG_ARGV[0], OLD._id, 'D');
        ELSE
          INSERT INTO capture_outbox (entity, row_id, op) VALUES (TG_ARGV[0], NEW._id, left(TG_OP, 1));
        END IF;
        PERFORM pg_notify('semflow_capture', TG_ARGV[0]);
        RETURN NULL;
      END $$`);
    for (const [table, entity] of [
      ['accountholders', 'accountholder'],
      ['transactions', 'transaction'],
    ]) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_capture AFTER INSERT OR UPDATE OR DELETE ON ${table}
           FOR EACH ROW EXECUTE FUNCTION semflow_capture('${entity}')`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER transactions_capture ON transactions');
    await queryRunner.query('DROP TRIGGER accountholders_capture ON accountholders');
    await queryRunner.query('DROP FUNCTION semflow_capture()');
    await queryRunner.query('DROP TABLE capture_outbox');
  }
}
