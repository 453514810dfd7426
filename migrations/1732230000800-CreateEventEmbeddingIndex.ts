import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Talk vectors for RecommendedEvents, SimilarEvents and PersonalizedEventSearch.
 *
 * 1. An HNSW cosine index. events.embedding has no fixed dimension (the ascii-test model of the DataSQRL
 *    compatibility mode makes 256, the ONNX models 384) and pgvector indexes only fixed-size vectors, so
 *    the index is on the expression embedding::vector(384) of the rows whose vectors have 384
 *    dimensions; the queries order by that same expression (src/recommendations/recommendations.repository.ts).
 *    pgvector's default build parameters, as for the captured rows' indexes: denser graphs (m 32,
 *    ef_construction 128) built 2-4x slower, and every embedding written later pays the same on insert,
 *    while profile queries already reach recall@10 1.0 at 100,000 talks with ef_search 100 (bench:query).
 * 2. Vectors stay in the row (storage MAIN instead of pgvector's EXTERNAL). A talk row with its title,
 *    abstract, text and search vector passes the 2 kB at which Postgres moves values out of the row, and
 *    the 1.5 kB vector was the value moved: every similarity computed on a scan then fetched it from the
 *    TOAST table through its index. Inline, an exact RecommendedEvents scan of 10,000 talks ran 3-4x
 *    faster and PersonalizedEventSearch, which scores every talk matching its text, about 15% faster
 *    (bench:query). Rows written before this migration keep their layout until rewritten (re-embedded).
 */
export class CreateEventEmbeddingIndex1732230000800 implements MigrationInterface {
  name = 'CreateEventEmbeddingIndex1732230000800';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE events ALTER COLUMN embedding SET STORAGE MAIN');
    // pgvector builds the graph in memory while it fits in maintenance_work_mem (64 MB by default, about
    // 25,000 talks), then on disk, far slower: over 100,000 existing talks the build took 115 s with
    // 512 MB and had not finished after 8 minutes with 64 MB. A limit, not an allocation; this
    // transaction only.
    await queryRunner.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    await queryRunner.query(
      `CREATE INDEX events_embedding_384_hnsw ON events USING hnsw ((embedding::vector(384)) vector_cosine_ops)
        WITH (m = 16, ef_construction = 64) WHERE vector_dims(embedding) = 384`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX events_embedding_384_hnsw');
    await queryRunner.query('ALTER TABLE events ALTER COLUMN embedding SET STORAGE EXTERNAL');
  }
}
