import { MigrationInterface, QueryRunner } from 'typeorm';

/** The capture trigger's function: with stamped, it also stamps captured_row_changes (up), else as before (down). */
function captureFunction(stamped: boolean): string {
  const stampDelete = stamped ? `DELETE FROM captured_row_changes WHERE entity = TG_ARGV[0] AND row_id = OLD._id;` : '';
  const stampWrite = stamped
    ? `INSERT INTO captured_row_changes (entity, row_id, changed_xid) VALUES (TG_ARGV[0], NEW._id, pg_current_xact_id())
         ON CONFLICT (entity, row_id) DO UPDATE SET changed_xid = EXCLUDED.changed_xid;`
    : '';
  return `
    CREATE OR REPLACE FUNCTION semflow_capture() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        INSERT INTO capture_outbox (entity, row_id, op) VALUES (TG_ARGV[0], OLD._id, 'D');
        ${stampDelete}
      ELSE
        INSERT INTO capture_outbox (entity, row_id, op) VALUES (TG_ARGV[0], NEW._id, left(TG_OP, 1));
        ${stampWrite}
      END IF;
      PERFORM pg_notify('semflow_capture', TG_ARGV[0]);
      RETURN NULL;
    END $$`;
}

/**
 * What makes the periodic embedding sweep of captured rows incremental. The capture trigger now also
 * stamps each written row in captured_row_changes with the id of the transaction that wrote it
 * (pg_current_xact_id(), an xid8: 64 bits, never wraps); a deleted row's stamp goes with it. The sweep
 * keeps, per entity type, a watermark in embedding_sweep_watermarks: the xmin of the snapshot of its
 * last scan (every transaction older than it had ended by then). The next sweep examines only rows
 * stamped at or above it, through the (entity, changed_xid) index, instead of hashing every source row.
 * An xid, unlike a timestamp or a sequence, is safe against a long transaction that commits late: it
 * is still running when a sweep takes its snapshot, so that snapshot's xmin is at or below its xid, and
 * the following sweep still examines its rows. Rows written before this migration have no stamp: the
 * sweep at start-up and the periodic full pass examine every row.
 */
export class CreateCapturedRowChanges1732230001000 implements MigrationInterface {
  name = 'CreateCapturedRowChanges1732230001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE captured_row_changes (
        entity text NOT NULL,
        row_id integer NOT NULL,
        changed_xid xid8 NOT NULL,
        PRIMARY KEY (entity, row_id)
      )`);
    await queryRunner.query('CREATE INDEX captured_row_changes_xid_idx ON captured_row_changes (entity, changed_xid)');
    await queryRunner.query(`
      CREATE TABLE embedding_sweep_watermarks (
        entity text PRIMARY KEY,
        since_xid xid8 NOT NULL,
        swept_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(captureFunction(true));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(captureFunction(false));
    await queryRunner.query('DROP TABLE embedding_sweep_watermarks');
    await queryRunner.query('DROP TABLE captured_row_changes');
  }
}
