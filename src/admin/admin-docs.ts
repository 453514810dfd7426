import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { repoRoot } from '../common/compiled-path';
import { ADMIN_KEY_SCHEME } from './admin-api.decorator';
import { ADMIN_API_KEY_HEADER } from './admin-key';
import { AdminModule } from './admin.module';

export const ADMIN_DOCS_PATH = 'admin/docs';
export const ADMIN_OPENAPI_JSON_PATH = 'admin/docs/openapi.json';

/**
 * The OpenAPI document of the admin REST API at /admin/docs (browsable) and /admin/docs/openapi.json.
 * It describes the API and holds no data, so reading it needs no key; every operation in it does.
 */
export function mountAdminDocs(app: INestApplication): void {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const description = [
    'Re-ingest, re-embed and queue control of a semflow service.',
    `Every operation needs the ADMIN_API_KEY in the ${ADMIN_API_KEY_HEADER} header; HTTP Basic authentication is refused here (only the queue dashboard takes it).`,
    'The queue dashboard is at /admin/queues/ui; Prometheus metrics at /metrics; GraphQL at /graphql.',
  ].join(' ');
  const config = new DocumentBuilder()
    .setTitle('semflow admin API')
    .setDescription(description)
    .setVersion(version)
    .addApiKey({ type: 'apiKey', in: 'header', name: ADMIN_API_KEY_HEADER }, ADMIN_KEY_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, { include: [AdminModule] });
  SwaggerModule.setup(ADMIN_DOCS_PATH, app, document, { jsonDocumentUrl: ADMIN_OPENAPI_JSON_PATH, yamlDocumentUrl: 'admin/docs/openapi.yaml' });
}
