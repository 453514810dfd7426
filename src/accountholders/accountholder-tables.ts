import type { CapturedTableSpec } from '../capture/captured-rows';

/** The accountholders source table and the table semflow keeps their embeddings in. */
export const ACCOUNT_HOLDER_TABLES: CapturedTableSpec = {
  entity: 'accountholder',
  sourceTable: 'accountholders',
  embeddingsTable: 'accountholder_embeddings',
  jsonColumns: ['address', 'accounts'],
};
