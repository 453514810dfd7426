import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Where the browser fetches the GraphiQL files from; the page links them with `?v=<package version>`. */
export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets';

export interface GraphiqlAsset {
  /** Absolute path of the file inside its installed npm package. */
  file: string;
  contentType: string;
  /** Version of the package the file comes from: a link carrying it may be cached for good. */
  version: string;
}

/**
 * The only files /graphiql/assets serves: the UMD builds of the pinned packages (package.json), taken
 * from node_modules so the playground works without network access. Requests are looked up by exact
 * name in this map, never joined onto a directory, so no request can reach another file.
 */
const SOURCES: Record<string, { pkg: string; file: string; contentType: string }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', contentType: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', contentType: 'text/javascript; charset=utf-8' },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', contentType: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', contentType: 'text/css; charset=utf-8' },
};

function packageInfo(pkg: string): { dir: string; version: string } {
  // The packages' "exports" allow package.json, not the UMD files: locate them through it.
  const manifest = require.resolve(`${pkg}/package.json`);
  return { dir: path.dirname(manifest), version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version };
}

/** Resolved once at start: a missing package fails the start instead of the first page view. */
export function resolveGraphiqlAssets(): ReadonlyMap<string, GraphiqlAsset> {
  const assets = new Map<string, GraphiqlAsset>();
  for (const [name, source] of Object.entries(SOURCES)) {
    const { dir, version } = packageInfo(source.pkg);
    const file = path.join(dir, source.file);
    if (!existsSync(file)) throw new Error(`GraphiQL asset ${file} is missing: reinstall ${source.pkg} (npm ci)`);
    assets.set(name, { file, contentType: source.contentType, version });
  }
  return assets;
}

export function graphiqlAssetUrl(name: string, asset: GraphiqlAsset): string {
  return `${GRAPHIQL_ASSETS_PATH}/${name}?v=${encodeURIComponent(asset.version)}`;
}
