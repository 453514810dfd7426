import { TEST_AUTHORIZATION } from './helpers/app-process';
import { TestService } from './helpers/test-service';

/** GRAPHQL_MUTATION_RATE_LIMIT: mutations over a client's budget get 429 and change nothing; queries are not limited. */
describe('GraphQL mutation rate limit', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start('rate-limit', { GRAPHQL_MUTATION_RATE_LIMIT: '2', GRAPHQL_MUTATION_BURST: '3' });
  });

  afterAll(async () => {
    await service?.stop();
  });

  const post = async (query: string) => {
    const response = await fetch(`${service.app.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...TEST_AUTHORIZATION }, body: JSON.stringify({ query }) });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
  };
  const addInterest = (i: number) => post(`mutation { AddInterest(interest: {userid: "ann", text: "topic ${i}"}) { userid } }`);
  const interests = async () => (await (await service.db()).query('SELECT count(*)::int AS n FROM interests')).rows[0].n;

  it('answers the mutations past the burst with 429 RATE_LIMITED, stores only the allowed ones, and lets queries through', async () => {
    const answers: Array<Awaited<ReturnType<typeof post>>> = [];
    for (let i = 0; i < 5; i++) answers.push(await addInterest(i));
    expect(answers.slice(0, 3).map((a) => a.body)).toEqual(Array(3).fill({ data: { AddInterest: { userid: 'ann' } } }));
    for (const refused of answers.slice(3)) {
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toBe('1');
      expect(refused.body.errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) } });
      expect(refused.body.errors[0].message).toMatch(/too many mutations from this client: at most 2 per second \(burst 3\)/);
    }
    expect(await interests()).toBe(3);

    for (let i = 0; i < 10; i++) expect((await post('{ Events(limit: 1) { id } }')).body).toEqual({ data: { Events: [] } });

    await new Promise((resolve) => setTimeout(resolve, answers[4].body.errors[0].extensions.retryAfterMs + 50));
    expect((await addInterest(5)).body).toEqual({ data: { AddInterest: { userid: 'ann' } } });
    expect(await interests()).toBe(4);
  });
});
