import * as path from 'node:path';

/**
 * The shared reference folder that sits beside the repository root (spec, data, tokenizer files);
 * SEMFLOW_SHARED_DIR points elsewhere.
 */
export function sharedDir(...parts: string[]): string {
  const root = process.env.SEMFLOW_SHARED_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared');
  return path.join(root, ...parts);
}
