import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../common/compiled-path';

/** Where the browser fetches the page's script and style sheet; links carry `?v=<content hash>`. */
export const WEB_ASSETS_PATH = '/assets';

/**
 * The page's own files. tsc copies nothing but compiled TypeScript into dist/, so they are read from
 * src/web/public, as the GraphQL schema files are read from src/ (the image ships src/ for both).
 */
export const WEB_PUBLIC_DIR = path.join(repoRoot, 'src', 'web', 'public');

const CONTENT_TYPES: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

export interface WebAsset {
  body: Buffer;
  contentType: string;
  /** Hash of the content: a link carrying it names exactly these bytes and may be cached for good. */
  version: string;
}

/**
 * Read once at start (they are a few kilobytes): a missing file fails the start, not the first visit.
 * Requests are looked up by exact name in the returned map, never joined onto a directory.
 */
export function loadWebAssets(dir: string = WEB_PUBLIC_DIR): ReadonlyMap<string, WebAsset> {
  const assets = new Map<string, WebAsset>();
  for (const [name, contentType] of Object.entries(CONTENT_TYPES)) {
    const file = path.join(dir, name);
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch (error) {
      throw new Error(`web page file ${path.relative(repoRoot, file)} cannot be read: ${(error as Error).message}`, { cause: error });
    }
    const version = createHash('sha256').update(body).digest('hex').slice(0, 16);
    assets.set(name, { body, contentType, version });
  }
  return assets;
}

export function webAssetUrl(name: string, asset: WebAsset): string {
  return `${WEB_ASSETS_PATH}/${name}?v=${asset.version}`;
}
