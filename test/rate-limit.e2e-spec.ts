import { TEST_AUTHORIZATION } from './helpers/app-process';
import { TestService } from './helpers/test-service';

const LIMITS = { GRAPHQL_MUTATION_RATE_LIMIT: '2', GRAPHQL_MUTATION_BURST: '3', GRAPHQL_EXPENSIVE_RATE_LIMIT: '1', GRAPHQL_EXPENSIVE_BURST: '3' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const post = async (service: TestService, query: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${service.app.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...TEST_AUTHORIZATION, ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
};
const similarEvents = '{ SimilarEvents(eventId: 1) { id } }';

/**
 * GRAPHQL_MUTATION_RATE_LIMIT (per mutation field) and GRAPHQL_EXPENSIVE_RATE_LIMIT (per vector search
 * or inference): over a client's budget, 429 and nothing runs. The buckets are kept in Redis, shared by
 * every api process on it; TRUST_PROXY decides whether X-Forwarded-For tells clients apart.
 */
describe('GraphQL rate limits', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start('rate-limit', LIMITS);
  });

  afterAll(async () => {
    await service?.stop();
  });

  const addInterest = (i: number) => post(service, `mutation { AddInterest(interest: {userid: "ann", text: "topic ${i}"}) { userid } }`);
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

    for (let i = 0; i < 10; i++) expect((await post(service, '{ Events(limit: 1) { id } }')).body).toEqual({ data: { Events: [] } });

    await sleep(answers[4].body.errors[0].extensions.retryAfterMs + 50);
    expect((await addInterest(5)).body).toEqual({ data: { AddInterest: { userid: 'ann' } } });
    expect(await interests()).toBe(4);
  });

  it('counts every aliased mutation field of one operation against the limit', async () => {
    await sleep(1600); // the burst refills
    const four = Array.from({ length: 4 }, (_, i) => `m${i}: AddInterest(interest: {userid: "bob", text: "alias ${i}"}) { userid }`).join(' ');
    // Before: one operation of any number of aliased mutations took one token.
    const refused = await post(service, `mutation { ${four} }`);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
    expect(refused.body.data).toBeUndefined();
    expect(await interests()).toBe(4);

    const three = Array.from({ length: 3 }, (_, i) => `m${i}: AddInterest(interest: {userid: "bob", text: "alias ${i}"}) { userid }`).join(' ');
    expect((await post(service, `mutation { ${three} }`)).body.data).toEqual({ m0: { userid: 'bob' }, m1: { userid: 'bob' }, m2: { userid: 'bob' } });
    expect(await interests()).toBe(7);
    expect((await addInterest(6)).status).toBe(429);
  });

  it('limits vector searches and inferences per client, shares the bucket with another api process on the same Redis, and keys clients by X-Forwarded-For only with TRUST_PROXY', async () => {
    // Another api process on the same Redis, trusting the proxy in front (here: the test, on loopback).
    const other = await TestService.start('rate-limit-other', { ...LIMITS, REDIS_URL: service.redis.url, TRUST_PROXY: 'loopback' });
    try {
      const fromProxy = { 'x-forwarded-for': '203.0.113.7' };
      // Two searches in one operation take two units; the third unit is the burst's last.
      expect((await post(service, `{ a: SimilarEvents(eventId: 1) { id } b: RecommendedEvents(userid: "ann") { id } }`)).status).toBe(200);
      expect((await post(service, similarEvents)).status).toBe(200);
      const refused = await post(service, similarEvents);
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) } });
      expect(refused.body.errors[0].message).toMatch(/too many searches from this client: at most 1 per second \(burst 3\)/);
      expect(refused.body.data).toBeUndefined();
      // Without TRUST_PROXY a forwarded address is not believed: still the same client.
      expect((await post(service, similarEvents, fromProxy)).status).toBe(429);
      // The other process takes from the same bucket in Redis: the same client is refused there too.
      expect((await post(other, similarEvents)).status).toBe(429);
      // Plain reads are not limited.
      expect((await post(other, '{ Events(limit: 1) { id } }')).status).toBe(200);

      // With TRUST_PROXY the forwarded address is the client: one of its own, with a full burst.
      for (let i = 0; i < 3; i++) expect((await post(other, similarEvents, fromProxy)).status).toBe(200);
      expect((await post(other, similarEvents, fromProxy)).status).toBe(429);
      expect((await post(other, similarEvents, { 'x-forwarded-for': '203.0.113.8' })).status).toBe(200);
    } finally {
      await other.stop();
    }
  });

  it('limits each process on its own while Redis is down, says so once, and shares the buckets again once it is back', async () => {
    const degraded = /Redis does not answer for the rate-limit buckets; each api process limits on its own/;
    await sleep(3100); // the burst refills
    await service.redis.stop();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await post(service, similarEvents)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(service.app.output.filter((line) => degraded.test(line))).toHaveLength(1);
    } finally {
      await service.redis.startProcess();
    }
    // ioredis reconnects on its own; the first bucket Redis answers again is logged.
    for (let i = 0; i < 20 && !service.app.output.some((line) => /rate-limit buckets are shared through Redis again/.test(line)); i++) {
      await sleep(1000);
      await post(service, similarEvents);
    }
    expect(service.app.output.filter((line) => /rate-limit buckets are shared through Redis again/.test(line))).toHaveLength(1);
  });
});
