import { TEST_AUTHORIZATION } from './helpers/app-process';
import { TestService } from './helpers/test-service';

/** Request body size, GraphQL depth and cost, introspection and GraphiQL, as configured for production. */
describe('HTTP and GraphQL limits', () => {
  let service: TestService;
  const post = async (body: string) => {
    const response = await fetch(`${service.app.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...TEST_AUTHORIZATION }, body });
    return { status: response.status, body: (await response.json()) as any };
  };
  const interests = async () => (await (await service.db()).query('SELECT count(*)::int AS n FROM interests')).rows[0].n;
  const addInterest = 'mutation { AddInterest(interest: {userid: "ann", text: "stream processing"}) { userid } }';

  beforeAll(async () => {
    service = await TestService.start('http-limits', {
      HTTP_BODY_LIMIT_BYTES: '2048',
      GRAPHQL_MAX_DEPTH: '3',
      GRAPHQL_MAX_COST: '60',
      GRAPHQL_INTROSPECTION: 'false',
      GRAPHIQL: 'false',
    });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('refuses a body over HTTP_BODY_LIMIT_BYTES with 413 and stores nothing, and accepts one under it', async () => {
    const tooLarge = await post(JSON.stringify({ query: addInterest, padding: 'x'.repeat(3000) }));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ statusCode: 413, message: 'request entity too large' });
    expect(await interests()).toBe(0);

    const fits = await post(JSON.stringify({ query: addInterest }));
    expect(fits.body).toEqual({ data: { AddInterest: { userid: 'ann' } } });
    expect(await interests()).toBe(1);
  });

  it('refuses an operation deeper than GRAPHQL_MAX_DEPTH or costlier than GRAPHQL_MAX_COST before running it', async () => {
    const deep = await post(JSON.stringify({ query: '{ SimilarTransactions(eventId: "e1") { transaction { embedding { model } } } }' }));
    expect(deep.body.errors[0]).toMatchObject({
      message: 'operation is 4 levels deep; at most 3 are allowed (GRAPHQL_MAX_DEPTH)',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(deep.body.data).toBeUndefined();

    // Each AddInterest: 1, its userid 1, and 50 for the embedding it may run within the request.
    const aliases = Array.from({ length: 2 }, (_, i) => `a${i}: AddInterest(interest: {userid: "bob", text: "t${i}"}) { userid }`).join(' ');
    const costly = await post(JSON.stringify({ query: `mutation { ${aliases} }` }));
    expect(costly.status).toBe(400);
    expect(costly.body.errors[0]).toMatchObject({
      message: 'operation costs 104; at most 60 is allowed (GRAPHQL_MAX_COST)',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(await interests()).toBe(1);
  });

  it('answers no introspection and serves no GraphiQL when both are turned off', async () => {
    const schema = await post(JSON.stringify({ query: '{ __schema { queryType { name } } }' }));
    expect(schema.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(schema.body.errors[0].message).toMatch(/introspection/i);
    expect((await fetch(`${service.app.baseUrl}/graphiql`)).status).toBe(404);
    // Ordinary queries still work.
    expect((await post(JSON.stringify({ query: '{ Events(limit: 1) { id } }' }))).body).toEqual({ data: { Events: [] } });
  });
});
