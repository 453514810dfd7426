import { TestService } from './helpers/test-service';

/** Every HTTP request gets an id: echoed in X-Request-Id and written to the log with the request. */
describe('request ids', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start('request-id', { LOG_LEVEL: 'debug' });
  });

  afterAll(async () => {
    await service?.stop();
  });

  const logLinesOf = (requestId: string) =>
    service.app.output.flatMap((line) => {
      try {
        const parsed = JSON.parse(line);
        return parsed.requestId === requestId ? [parsed] : [];
      } catch {
        return [];
      }
    });

  it("keeps the caller's id, sends it back and logs the request under it", async () => {
    const response = await fetch(`${service.app.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'client-42.a' },
      body: JSON.stringify({ query: '{ Events(limit: 1) { id } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('client-42.a');
    await service.waitFor('the request logged', async () => logLinesOf('client-42.a').length > 0, 5000);
    expect(logLinesOf('client-42.a')).toContainEqual(
      expect.objectContaining({ context: 'Http', msg: 'request', method: 'POST', path: '/graphql', status: 200, ms: expect.any(Number) }),
    );
  });

  it('makes a new id when none or an unusable one is sent', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const none = await fetch(`${service.app.baseUrl}/health`);
    expect(none.headers.get('x-request-id')).toMatch(uuid);
    const unusable = await fetch(`${service.app.baseUrl}/health`, { headers: { 'x-request-id': 'has spaces and {braces}' } });
    expect(unusable.headers.get('x-request-id')).toMatch(uuid);
    const id = unusable.headers.get('x-request-id')!;
    await service.waitFor('the request logged', async () => logLinesOf(id).length > 0, 5000);
    expect(logLinesOf(id)[0]).toMatchObject({ path: '/health', status: unusable.status });
  });
});
