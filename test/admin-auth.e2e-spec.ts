import { TEST_ADMIN_API_KEY } from './helpers/app-process';
import { TestService } from './helpers/test-service';

/** The admin REST API answers only requests that carry ADMIN_API_KEY, and is off without one. */
describe('admin API key', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await TestService.start('admin-auth');
  });

  afterAll(async () => {
    await service?.stop();
  });

  const withoutKey = async (method: string, path: string) => {
    const response = await fetch(service.app.baseUrl + path, { method });
    return { status: response.status, body: await response.json() };
  };
  const paused = async () => (await service.app.request('GET', '/admin/queues/events')).body.paused;

  it('refuses a request without the key with 401, and runs nothing', async () => {
    const refused = await withoutKey('POST', '/admin/queues/events/pause');
    expect(refused).toEqual({ status: 401, body: expect.objectContaining({ statusCode: 401, message: 'send the admin API key in the x-api-key header' }) });
    expect(await paused()).toBe(false);
    for (const path of ['/admin/queues', '/admin/embeddings/status', '/admin/embeddings/engine']) {
      expect((await withoutKey('GET', path)).status).toBe(401);
    }
    expect((await withoutKey('POST', '/admin/events/reingest')).status).toBe(401);
  });

  it('refuses a wrong key, and never writes either key to its log', async () => {
    const wrongKey = 'not-the-admin-key-at-all';
    const refused = await service.app.request('POST', '/admin/queues/events/pause', undefined, { 'x-api-key': wrongKey });
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('wrong admin API key');
    expect(await paused()).toBe(false);
    const log = service.app.output.join('\n');
    expect(log).not.toContain(wrongKey);
    expect(log).not.toContain(TEST_ADMIN_API_KEY);
  });

  it('runs the request with the right key', async () => {
    expect((await service.app.request('POST', '/admin/queues/events/pause')).status).toBe(204);
    expect(await paused()).toBe(true);
    expect((await service.app.request('POST', '/admin/queues/events/resume')).status).toBe(204);
    expect(await paused()).toBe(false);
  });

  it('keeps the admin API off when no key is configured', async () => {
    const keyless = await TestService.start('admin-off', { ADMIN_API_KEY: undefined });
    try {
      const refused = await keyless.app.request('POST', '/admin/queues/events/pause');
      expect(refused.status).toBe(401);
      expect(refused.body.message).toBe('the admin API is off: set ADMIN_API_KEY to use it');
      // GraphQL and health do not need the key.
      expect((await fetch(`${keyless.app.baseUrl}/health`)).status).toBe(200);
    } finally {
      await keyless.stop();
    }
  });
});
