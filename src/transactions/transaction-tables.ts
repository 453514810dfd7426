import type { CapturedTableSpec } from '../capture/captured-rows';

/** The transactions source table and the table semflow keeps their embeddings in. */
export const TRANSACTION_TABLES: CapturedTableSpec = {
  entity: 'transaction',
  sourceTable: 'transactions',
  embeddingsTable: 'transaction_embeddings',
  jsonColumns: ['accountholderaccount', 'counterpartyaccount', 'amount'],
};
