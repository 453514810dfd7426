import { readdirSync, readFileSync } from 'node:fs';
import { buildClientSchema, buildSchema, getIntrospectionQuery, GraphQLSchema, parse, validate } from 'graphql';
import type { IntrospectionQuery } from 'graphql';
import type { AppProcess } from './helpers/app-process';
import { TestService } from './helpers/test-service';
import { schemaIncompatibilities } from './helpers/schema-compat';
import { sharedDir } from './helpers/shared-dir';

const data = (relative: string) => sharedDir('data', 'current23', relative);

/** DataSQRL's Current23 API as published (blog) and as tested in v0.5: semflow must serve a superset. */
const GIVEN_SDLS = ['blog-2023/recAPI.graphqls', 'blog-2023/conference-rec-graphql/conference-rec.schema.graphqls', 'v05-integration-test/conference.graphqls'];

/**
 * The operations DataSQRL's clients and tests send. head-2026's operations are included; its
 * compile-snapshot schema is not: it has Events(id: Long!) and a list-valued likeCount, which conflict
 * with the blog's Events(limit: Int!) and likeCount: LikeCount that semflow keeps.
 */
const OPERATION_DIRS = ['blog-2023/conference-rec-graphql', 'v05-integration-test/tests', 'head-2026/tests-conference'];
const OPERATION_FILES = OPERATION_DIRS.flatMap((dir) =>
  readdirSync(data(dir))
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => `${dir}/${file}`),
);

describe('GraphQL contract: the served schema keeps DataSQRL Current23 clients valid', () => {
  let service: TestService;
  let app: AppProcess;
  let served: GraphQLSchema;

  beforeAll(async () => {
    service = await TestService.start('contract');
    app = service.app;
    // The schema a client sees: introspection over HTTP, not the SDL files it was built from.
    const result = await app.graphql(getIntrospectionQuery({ inputValueDeprecation: true }));
    expect(result.errors).toBeUndefined();
    served = buildClientSchema(result.data as IntrospectionQuery);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('finds every operation file of the reference data', () => {
    // A missing or moved data folder must fail here rather than leave no per-file tests to run.
    expect(OPERATION_FILES).toHaveLength(10);
  });

  it.each(GIVEN_SDLS)('serves a superset of %s', (file) => {
    const given = buildSchema(readFileSync(data(file), 'utf8'));
    expect(schemaIncompatibilities(given, served)).toEqual([]);
  });

  it.each(OPERATION_FILES)('validates %s', (file) => {
    const document = parse(readFileSync(data(file), 'utf8'));
    expect(validate(served, document).map((error) => error.message)).toEqual([]);
  });
});
