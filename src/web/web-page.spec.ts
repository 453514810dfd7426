import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadWebAssets, WEB_PUBLIC_DIR } from './web-assets';
import { WEB_PAGE_CSP, webPage } from './web-page';

const assets = loadWebAssets();
const page = webPage(assets, ['read:talks']);
const all = (pattern: RegExp, text: string) => [...text.matchAll(pattern)].map((match) => match[1]);

describe('the conference page', () => {
  it('has the landmarks a screen reader navigates by', () => {
    expect(page).toMatch(/<html lang="en">/);
    expect(page).toMatch(/<header>/);
    expect(page).toMatch(/<main>/);
    expect(page).toMatch(/<nav aria-label="Sections">/);
    expect(page).toMatch(/<nav class="pager" aria-label="Talk pages">/);
    expect(page).toMatch(/<aside aria-labelledby="recommended-heading">/);
    expect(page).toMatch(/<form id="search-form" role="search"/);
    expect(page).toMatch(/role="alert" aria-live="assertive"/);
    expect(all(/<h1[^>]*>([^<]*)</g, page)).toEqual(['Conference talks']);
  });

  it('labels every input, and its actions are buttons', () => {
    const fields = all(/<(?:input|textarea|select)\b[^>]*\bid="([^"]+)"/g, page);
    expect(fields.sort()).toEqual(['access-token', 'interest-text', 'search-query', 'userid']);
    const labelled = all(/<label for="([^"]+)">/g, page);
    expect(labelled.sort()).toEqual(fields);
    expect(page.match(/<(?:input|textarea|select)\b/g)).toHaveLength(fields.length);
    expect(all(/<button\b([^>]*)>/g, page).every((attributes) => /type="(?:button|submit)"/.test(attributes))).toBe(true);
  });

  it('tells its script the public scopes, and takes the access token in a password field', () => {
    expect(page).toContain('<body data-public-scopes="read:talks">');
    expect(webPage(assets, ['read:talks', 'read:likes'])).toContain('<body data-public-scopes="read:talks read:likes">');
    expect(page).toMatch(/<input id="access-token" name="token" type="password" autocomplete="off"/);
  });

  it('loads only its own versioned files: nothing inline that the CSP would block, nothing from elsewhere', () => {
    expect(all(/<script\b([^>]*)>/g, page)).toEqual([` src="/assets/app.js?v=${assets.get('app.js')!.version}" defer`]);
    expect(page).toContain(`<link rel="stylesheet" href="/assets/app.css?v=${assets.get('app.css')!.version}" />`);
    expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/);
    expect(page).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    expect(WEB_PAGE_CSP).toMatch(/default-src 'none'/);
    expect(WEB_PAGE_CSP).toMatch(/script-src 'self'(;|$)/);
    expect(WEB_PAGE_CSP).toMatch(/connect-src 'self'(;|$)/);
  });

  it('has every element app.js looks up by id', () => {
    const script = readFileSync(path.join(WEB_PUBLIC_DIR, 'app.js'), 'utf8');
    const wanted = all(/byId\('([^']+)'\)/g, script);
    expect(wanted.length).toBeGreaterThan(10);
    const present = new Set(all(/\bid="([^"]+)"/g, page));
    expect(wanted.filter((id) => !present.has(id))).toEqual([]);
  });

  it('names its files by content, so that a changed file gets a new link', () => {
    for (const [name, asset] of assets) {
      expect(asset.body.equals(readFileSync(path.join(WEB_PUBLIC_DIR, name)))).toBe(true);
      expect(asset.version).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(assets.get('app.js')!.contentType).toBe('text/javascript; charset=utf-8');
    expect(assets.get('app.css')!.contentType).toBe('text/css; charset=utf-8');
    expect(assets.get('app.js')!.version).not.toBe(assets.get('app.css')!.version);
  });

  it('refuses to start without its files', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'semflow-web-'));
    try {
      expect(() => loadWebAssets(empty)).toThrow(/web page file .*app\.js cannot be read/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
