import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What users tell semflow: likes (every one sent, and each user's current state per talk) and interest
 * texts, embedded like talks. Plus the full-text search vector of talks for PersonalizedEventSearch.
 */
export class CreateLikesAndInterests1732230000200 implements MigrationInterface {
  name = 'CreateLikesAndInterests1732230000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A talk whose time text has no clock time still is a talk; it just has no start.
    await queryRunner.query('ALTER TABLE events ALTER COLUMN start_time DROP NOT NULL');
    // The same expression DataSQRL's generated query matched on: title, a space, abstract.
    await queryRunner.query(`
      ALTER TABLE events ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || abstract)) STORED`);
    await queryRunner.query('CREATE INDEX events_search_vector_idx ON events USING gin (search_vector)');
    await queryRunner.query('CREATE INDEX events_start_timestamp_idx ON events (start_timestamp, id)');

    // Append-only log of every like sent: the raw-likes profile and EventsLiked compatibility read it.
    await queryRunner.query(`
      CREATE TABLE like_events (
        id bigserial PRIMARY KEY,
        userid text NOT NULL,
        event_id integer NOT NULL REFERENCES events (id),
        liked boolean NOT NULL,
        source_time timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX like_events_userid_idx ON like_events (userid, event_id)');

    // Latest like state per user and talk: profiles, likeCount and EventsLiked read this.
    await queryRunner.query(`
      CREATE TABLE likes (
        userid text NOT NULL,
        event_id integer NOT NULL REFERENCES events (id),
        liked boolean NOT NULL,
        source_time timestamptz NOT NULL,
        PRIMARY KEY (userid, event_id)
      )`);
    await queryRunner.query('CREATE INDEX likes_event_id_liked_idx ON likes (event_id) WHERE liked');

    await queryRunner.query(`
      CREATE TABLE interests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        userid text NOT NULL,
        text text NOT NULL,
        source_time timestamptz NOT NULL,
        content_hash text GENERATED ALWAYS AS (md5(text)) STORED,
        embedding vector,
        embedding_model text,
        embedding_dimensions integer,
        embedding_truncated boolean,
        embedded_hash text,
        embedded_at timestamptz
      )`);
    await queryRunner.query('CREATE INDEX interests_userid_idx ON interests (userid)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE interests');
    await queryRunner.query('DROP TABLE likes');
    await queryRunner.query('DROP TABLE like_events');
    await queryRunner.query('DROP INDEX events_start_timestamp_idx');
    await queryRunner.query('ALTER TABLE events DROP COLUMN search_vector');
    await queryRunner.query(`UPDATE events SET start_time = '' WHERE start_time IS NULL`);
    await queryRunner.query('ALTER TABLE events ALTER COLUMN start_time SET NOT NULL');
  }
}
