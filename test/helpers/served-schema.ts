import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSchema } from 'graphql';

const SRC = path.join(__dirname, '..', '..', 'src');

/** The schema the service serves: every feature's SDL (src/<feature>/*.graphql), as Nest merges them. */
export const servedSchema = buildSchema(
  readdirSync(SRC, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(path.join(SRC, dir.name))
        .filter((file) => file.endsWith('.graphql'))
        .map((file) => path.join(SRC, dir.name, file)),
    )
    .sort()
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n'),
);
