import { TEST_ADMIN_API_KEY } from './helpers/app-process';
import { TestService } from './helpers/test-service';

/** The queue dashboard (/admin/queues/ui) and the admin API's OpenAPI document (/admin/docs). */
describe('admin console: queue dashboard and OpenAPI document', () => {
  let service: TestService;

  beforeAll(async () => {
    // Writable: this file tests the dashboard's actions (admin-hardening tests the read-only default).
    service = await TestService.start('admin-console', { QUEUE_DASHBOARD_READ_ONLY: 'false' });
  });

  afterAll(async () => {
    await service?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(service.app.baseUrl + path, { method, headers });
  const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`operator:${password}`).toString('base64')}` });
  const paused = async () => (await service.app.request('GET', '/admin/queues/events')).body.paused as boolean;

  describe('queue dashboard', () => {
    it('refuses the page and its API without the key, asking a browser for it', async () => {
      for (const path of ['/admin/queues/ui', '/admin/queues/ui/api/queues']) {
        const refused = await get(path);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toMatch(/^Basic realm="semflow admin"/);
        expect(await refused.json()).toMatchObject({ message: 'send the admin API key in the x-api-key header' });
      }
      const wrong = await get('/admin/queues/ui/api/queues', basic('not-the-admin-key-at-all'));
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ message: 'wrong admin API key' });
    });

    it('serves the page with the key in the header or as a Basic password', async () => {
      for (const headers of [{ 'x-api-key': TEST_ADMIN_API_KEY }, basic(TEST_ADMIN_API_KEY)]) {
        const page = await get('/admin/queues/ui', headers);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toContain('text/html');
        expect(await page.text()).toContain('semflow queues');
      }
    });

    it('lists every queue with its counts, and its pause acts on the real queue', async () => {
      const listed = await get('/admin/queues/ui/api/queues', basic(TEST_ADMIN_API_KEY));
      expect(listed.status).toBe(200);
      const names = (((await listed.json()) as any).queues as Array<{ name: string }>).map((queue) => queue.name).sort();
      expect(names).toEqual(['accountholders', 'events', 'interests', 'transactions']);

      expect(await paused()).toBe(false);
      expect((await get('/admin/queues/ui/api/queues/events/pause', {}, 'PUT')).status).toBe(401);
      expect(await paused()).toBe(false);
      expect((await get('/admin/queues/ui/api/queues/events/pause', basic(TEST_ADMIN_API_KEY), 'PUT')).status).toBe(200);
      expect(await paused()).toBe(true);
      expect((await get('/admin/queues/ui/api/queues/events/resume', basic(TEST_ADMIN_API_KEY), 'PUT')).status).toBe(200);
      expect(await paused()).toBe(false);
    });

    it('leaves the queue-control routes beside it as they were', async () => {
      expect((await service.app.request('GET', '/admin/queues/interests')).body).toMatchObject({ queue: 'interests', paused: false });
      expect((await service.app.request('GET', '/admin/queues/nosuchqueue')).status).toBe(400);
    });
  });

  describe('OpenAPI document', () => {
    let document: any;

    beforeAll(async () => {
      const response = await get('/admin/docs/openapi.json');
      expect(response.status).toBe(200);
      document = await response.json();
    });

    it('is browsable at /admin/docs', async () => {
      const page = await get('/admin/docs');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('swagger-ui');
    });

    it('describes every admin route and only those, each needing the key', () => {
      expect(document.openapi).toMatch(/^3\./);
      expect(document.info.title).toBe('semflow admin API');
      expect(document.components.securitySchemes['admin-key']).toEqual({ type: 'apiKey', in: 'header', name: 'x-api-key' });
      const operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
      );
      expect(operations.map((o) => o.route).sort()).toEqual(
        [
          'GET /admin/embeddings/errors',
          'GET /admin/embeddings/engine',
          'GET /admin/embeddings/reembed/{entity}/{jobId}',
          'GET /admin/embeddings/status',
          'GET /admin/embeddings/text/{entity}/{rowId}',
          'GET /admin/queues',
          'GET /admin/queues/{name}',
          'POST /admin/embeddings/reembed',
          'POST /admin/embeddings/retry-failed',
          'POST /admin/events/reingest',
          'POST /admin/queues/{name}/empty',
          'POST /admin/queues/{name}/pause',
          'POST /admin/queues/{name}/resume',
        ].sort(),
      );
      for (const { route, operation } of operations) {
        expect({ route, security: operation.security }).toEqual({ route, security: [{ 'admin-key': [] }] });
        expect({ route, summary: typeof operation.summary }).toEqual({ route, summary: 'string' });
        expect({ route, has401: '401' in operation.responses }).toEqual({ route, has401: true });
      }
    });

    it('gives request bodies and parameters the rules the server enforces', () => {
      const schemas = document.components.schemas;
      expect(schemas.ReembedRequest.properties.entity.enum).toEqual(['event', 'interest', 'accountholder', 'transaction']);
      expect(schemas.ReembedRequest.properties.mode.enum).toEqual(['missing', 'stale', 'all']);
      expect(schemas.ReembedRequest.required).toEqual(['entity']);
      expect(schemas.ReingestRequest.properties.source.maxLength).toBe(4096);
      const queueParam = document.paths['/admin/queues/{name}'].get.parameters.find((p: any) => p.name === 'name');
      expect(queueParam.schema.enum.sort()).toEqual(['accountholders', 'events', 'interests', 'transactions']);
      expect(schemas.QueueCountsDto.required.sort()).toEqual(['active', 'completed', 'delayed', 'failed', 'paused', 'queue', 'waiting']);
    });

    it('matches what the server serves: every documented route exists and refuses a request without the key', async () => {
      const example: Record<string, string> = { entity: 'transaction', jobId: '1', rowId: '1', name: 'events' };
      for (const [path, methods] of Object.entries(document.paths as Record<string, object>)) {
        const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => example[name]);
        for (const method of Object.keys(methods)) {
          const response = await get(concrete, {}, method.toUpperCase());
          expect({ route: `${method} ${concrete}`, status: response.status }).toEqual({ route: `${method} ${concrete}`, status: 401 });
        }
      }
      // An undocumented admin path is not served at all.
      expect((await get('/admin/nothing-here', { 'x-api-key': TEST_ADMIN_API_KEY })).status).toBe(404);
    });
  });
});
