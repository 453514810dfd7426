import { TEST_AUTHORIZATION } from './helpers/app-process';
import { Scrape } from './helpers/prometheus-text';
import { TestService } from './helpers/test-service';

const post = async (service: TestService, query: string) => {
  const started = performance.now();
  const response = await fetch(`${service.app.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TEST_AUTHORIZATION },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  return { ms: performance.now() - started, status: response.status, bytes: text.length, body: JSON.parse(text) as any };
};
/** Texts the embedding models have embedded so far, query texts included. */
const textsEmbedded = async (service: TestService) => Scrape.parse(await (await fetch(`${service.app.baseUrl}/metrics`)).text()).sum('semflow_embedding_batch_size_sum');
const aliased = (n: number, field: string) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');

/** The denial-of-service requests of the security review, at the default settings: refused before they run. */
describe('GraphQL denial of service', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start('graphql-dos');
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('refuses 400 aliased __schema reads fast, with a short answer, by tokens or by cost and aliases', async () => {
    // Before: 43 KB of this answered 10 MB in 1.3 to 2.1 s, the event loop blocked meanwhile.
    const full = await post(service, `{ ${aliased(400, '__schema { types { name kind fields { name args { name } type { name kind ofType { name kind } } } } }')} }`);
    expect(full.status).toBe(400);
    expect(full.body.errors[0]).toMatchObject({
      message: 'Syntax Error: Document contains more that 10000 tokens. Parsing aborted.',
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
    expect(full.bytes).toBeLessThan(300);
    expect(full.ms).toBeLessThan(1000);

    // The short form fits the tokens; the aliases, the root fields and the cost each refuse it.
    const short = await post(service, `{ ${aliased(400, '__schema { types { name } }')} }`);
    expect(short.status).toBe(400);
    expect(short.body.errors.map((e: any) => e.message)).toEqual([
      'operation selects 400 root fields; at most 50 are allowed (GRAPHQL_MAX_ROOT_FIELDS)',
      'operation has 400 aliases; at most 50 are allowed (GRAPHQL_MAX_ALIASES)',
    ]);
    expect(short.body.data).toBeUndefined();
    expect(short.ms).toBeLessThan(1000);
    const underTheCaps = await post(service, `{ ${aliased(20, '__schema { types { name } }')} }`);
    expect(underTheCaps.body.errors[0]).toMatchObject({
      message: 'operation costs 1060; at most 1000 is allowed (GRAPHQL_MAX_COST)',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    // One schema read still answers.
    expect((await post(service, '{ __schema { queryType { name } } }')).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('stops parsing a document of more than GRAPHQL_MAX_TOKENS tokens', async () => {
    // Before: 990 KB of __typename was parsed whole and validated (415 ms) before GraphQL gave up.
    const huge = await post(service, `{ ${'__typename '.repeat(90000)} }`);
    expect(huge.status).toBe(400);
    expect(huge.body.errors).toEqual([
      expect.objectContaining({ message: 'Syntax Error: Document contains more that 10000 tokens. Parsing aborted.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
    ]);
  });

  it('refuses aliased TransactionSearch pages by cost, without embedding a text; one search still runs', async () => {
    const before = await textsEmbedded(service);
    // Before: 500 of these cost 1000 and ran 500 inferences (3.2 s).
    const many = await post(service, `{ ${aliased(500, 'TransactionSearch(text: "refund", limit: 1000) { score }')} }`);
    expect(many.status).toBe(400);
    expect(many.body.errors[0].message).toBe('operation selects 500 root fields; at most 50 are allowed (GRAPHQL_MAX_ROOT_FIELDS)');
    const fewer = await post(service, `{ ${aliased(7, 'TransactionSearch(text: "refund", limit: 1000) { score }')} }`);
    expect(fewer.status).toBe(400);
    expect(fewer.body.errors[0]).toMatchObject({ message: 'operation costs 1064; at most 1000 is allowed (GRAPHQL_MAX_COST)', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    // A limit sent as a variable weighs what it says.
    const byVariable = await fetch(`${service.app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...TEST_AUTHORIZATION },
      body: JSON.stringify({ query: `query Q($n: Int) { ${aliased(7, 'TransactionSearch(text: "refund", limit: $n) { score }')} }`, variables: { n: 1000 } }),
    });
    expect(byVariable.status).toBe(400);
    expect(((await byVariable.json()) as any).errors[0].message).toBe('operation costs 1064; at most 1000 is allowed (GRAPHQL_MAX_COST)');
    expect(await textsEmbedded(service)).toBe(before);

    expect((await post(service, '{ TransactionSearch(text: "refund", limit: 1000) { score } }')).body).toEqual({ data: { TransactionSearch: [] } });
    expect(await textsEmbedded(service)).toBe(before + 1);
  });
});

describe('GraphQL introspection in production', () => {
  const schemaQuery = '{ __schema { queryType { name } } }';

  it('is off with NODE_ENV=production, and on again with GRAPHQL_INTROSPECTION=true', async () => {
    const production = await TestService.start('introspection-production', { NODE_ENV: 'production', EMBEDDED_DATABASE_IN_PRODUCTION: 'true' });
    try {
      const refused = await post(production, schemaQuery);
      expect(refused.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(refused.body.errors[0].message).toMatch(/introspection/i);
    } finally {
      await production.stop();
    }
    const allowed = await TestService.start('introspection-allowed', { NODE_ENV: 'production', EMBEDDED_DATABASE_IN_PRODUCTION: 'true', GRAPHQL_INTROSPECTION: 'true' });
    try {
      expect((await post(allowed, schemaQuery)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    } finally {
      await allowed.stop();
    }
  });
});
