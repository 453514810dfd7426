import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { GRAPHIQL_DEFAULT_QUERY } from '../src/graphql/graphiql-page';
import type { AppProcess } from './helpers/app-process';
import { TestService } from './helpers/test-service';

/** The files the page must load, and where the installed packages keep them (to compare bytes). */
const EXPECTED_ASSETS: Record<string, { pkg: string; file: string; contentType: RegExp }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', contentType: /^text\/javascript/ },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: /^text\/javascript/ },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', contentType: /^text\/javascript/ },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', contentType: /^text\/css/ },
};

function installedFile(name: string): Buffer {
  const { pkg, file } = EXPECTED_ASSETS[name];
  return readFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file));
}

/**
 * A GET sent as written: fetch() would resolve "../" in the path, and it adds `Cache-Control: no-cache`
 * to conditional requests, which makes a server answer 200 instead of 304.
 */
function rawGet(port: number, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: rawPath, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('GraphiQL at /graphiql (real app, served offline from node_modules)', () => {
  let service: TestService;
  let app: AppProcess;
  let page: string;
  let assetUrls: string[];

  beforeAll(async () => {
    service = await TestService.start('graphiql');
    app = service.app;
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('serves an HTML page that loads the local assets and talks to /graphql', async () => {
    const response = await fetch(`${app.baseUrl}/graphiql`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    page = await response.text();
    expect(page).toContain('<title>semflow GraphiQL</title>');
    expect(page).toContain('GraphiQL.createFetcher({ url: "/graphql" })');
    // The default query is embedded as a JSON string literal.
    expect(page).toContain(JSON.stringify(GRAPHIQL_DEFAULT_QUERY));
    // The inline start-up script at least parses (no browser here to run it).
    const inline = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(inline).toHaveLength(1);
    expect(() => new Function(inline[0])).not.toThrow();
    // Nothing is fetched from another origin.
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);

    assetUrls = [...page.matchAll(/(?:src|href)="(\/graphiql\/assets\/[^"]+)"/g)].map((m) => m[1]);
    const names = assetUrls.map((url) => new URL(url, app.baseUrl).pathname.replace('/graphiql/assets/', ''));
    expect(names.sort()).toEqual(Object.keys(EXPECTED_ASSETS).sort());
  });

  it('serves each linked asset with its content type, long-lived caching and the installed bytes', async () => {
    expect(assetUrls).toHaveLength(4);
    for (const url of assetUrls) {
      const name = new URL(url, app.baseUrl).pathname.split('/').pop()!;
      const response = await fetch(app.baseUrl + url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(EXPECTED_ASSETS[name].contentType);
      expect(response.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.length).toBeGreaterThan(10000);
      expect(body.equals(installedFile(name))).toBe(true);
    }
  });

  it('revalidates an asset URL without the installed version instead of caching it for good', async () => {
    const first = await fetch(`${app.baseUrl}/graphiql/assets/graphiql.min.css`);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).not.toMatch(/immutable/);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    await first.arrayBuffer();
    const again = await rawGet(app.port, '/graphiql/assets/graphiql.min.css', { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers 404 for files outside the allow-list, also ones that exist in the package', async () => {
    for (const name of ['nope.js', 'graphiql.js', 'graphiql.min.js.map', 'index.umd.js.map', 'package.json', '__proto__', 'constructor']) {
      const response = await fetch(`${app.baseUrl}/graphiql/assets/${name}`);
      expect([name, response.status]).toEqual([name, 404]);
      await response.arrayBuffer();
    }
  });

  it('never serves a file reached by path traversal', async () => {
    const semflowManifest = readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8');
    for (const attempt of [
      '/graphiql/assets/../../package.json',
      '/graphiql/assets/..%2F..%2Fpackage.json',
      '/graphiql/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/graphiql/assets/..%5C..%5Cpackage.json',
      '/graphiql/assets/%2Fetc%2Fpasswd',
      '/graphiql/assets/..',
    ]) {
      const { status, body } = await rawGet(app.port, attempt);
      expect([attempt, [400, 404].includes(status)]).toEqual([attempt, true]);
      expect(body).not.toContain('"name": "semflow"');
      expect(body).not.toContain(semflowManifest.slice(0, 40));
      expect(body).not.toContain('root:');
    }
  });

  it('offers a default query that the API answers without errors', async () => {
    const result = await app.graphql(GRAPHIQL_DEFAULT_QUERY);
    expect(result.errors).toBeUndefined();
    expect(Array.isArray(result.data.Events)).toBe(true);
  });

  it("keeps Apollo's own landing page off", async () => {
    const response = await fetch(`${app.baseUrl}/graphql`, { headers: { accept: 'text/html', 'apollo-require-preflight': 'true' } });
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await response.text()).not.toMatch(/<html/i);
  });
});
