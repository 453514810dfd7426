import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../..' : '../..');

/**
 * Path of the compiled JavaScript for a module under src/ that must run in its own process or thread
 * (a child process or worker cannot load TypeScript). From dist/ it is the sibling .js file; when this
 * code itself runs from TypeScript (tests), it is the copy `npm run build` wrote under dist/, and a copy
 * older than its source, or than a source it is compiled with (`alsoFrom`), is refused rather than run.
 */
export function compiledModulePath(srcRelative: string, alsoFrom: string[] = []): string {
  const file = path.join(repoRoot, 'dist', 'src', `${srcRelative}.js`);
  if (!existsSync(file)) {
    throw new Error(`${path.relative(process.cwd(), file)} is missing: run \`npm run build\` first`);
  }
  if (__filename.endsWith('.ts')) {
    for (const source of [srcRelative, ...alsoFrom]) {
      const ts = path.join(repoRoot, 'src', `${source}.ts`);
      const js = path.join(repoRoot, 'dist', 'src', `${source}.js`);
      if (existsSync(ts) && (!existsSync(js) || statSync(js).mtimeMs < statSync(ts).mtimeMs)) {
        throw new Error(`dist/src/${source}.js is older than src/${source}.ts: run \`npm run build\` first`);
      }
    }
  }
  return file;
}
