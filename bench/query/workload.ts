import { efSearchFor, nearestQuery, type HnswEfSearch, type HnswQuery, type HnswScan } from '../../src/capture/captured-vectors';
import { recommendedQuery, searchQuery } from '../../src/recommendations/recommendations.repository';
import { TRANSACTION_TABLES } from '../../src/transactions/transaction-tables';
import { QUERY_BENCH_MODEL } from './corpus-vectors';
import type { QueryInputs } from './dataset';

/** The four measured queries, each as the resolver runs it. */
export const QUERY_KINDS = ['RecommendedEvents', 'PersonalizedEventSearch', 'SimilarTransactions', 'TransactionSearch'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export const LIMIT = 10;
const DIMENSIONS = 384;
/** The service's default search ranking: 0.7 x profile similarity + 0.3 x text rank. */
const PROFILE_WEIGHT = 0.7;

/**
 * A statement as a repository sends it: efSearch null for a query that no HNSW index can serve. scan:
 * the iterative scan it runs with (default: the service's); settings: further SET LOCAL statements
 * (a tuning variant's, or an exact scan's).
 */
export interface Statement {
  sql: string;
  params: unknown[];
  efSearch: number | null;
  scan?: HnswScan;
  settings?: string[];
}

/** One call of a query: its SQL at the database, its operation through GraphQL. */
export interface QueryCall {
  statement: (efSearch: number) => Statement;
  graphql: { query: string; variables: Record<string, unknown> };
}

/** What a result row is compared by: the row id and the score the query ranked it by. */
export interface Ranked {
  id: number;
  score: number;
}

/**
 * The inputs the database-level statements need beyond the query texts: the stored vectors of the
 * SimilarTransactions legs (the resolver reads them first) and the TransactionSearch texts embedded by
 * the service's model (the resolver embeds them first).
 */
export interface StatementInputs {
  similarLegs: Array<{ rowId: number; vector: number[] }>;
  searchVectors: Float32Array[];
}

const withEf = (query: HnswQuery, efSearch: number, rows: number): Statement => ({ ...query, efSearch: efSearchFor(efSearch, rows) });

/** The calls of one kind, in input order. */
export function callsOf(kind: QueryKind, inputs: QueryInputs, statements: StatementInputs): QueryCall[] {
  switch (kind) {
    case 'RecommendedEvents':
      return inputs.recommendedUsers.map((userid) => ({
        statement: (ef) =>
          withEf(recommendedQuery({ userid, model: QUERY_BENCH_MODEL, likes: 'current', includeLiked: false, limit: LIMIT, offset: 0 }, DIMENSIONS, ef), ef, LIMIT),
        graphql: { query: 'query($u: String!) { RecommendedEvents(userid: $u, limit: 10) { id score basis } }', variables: { u: userid } },
      }));
    case 'PersonalizedEventSearch':
      return inputs.searches.map(({ query, userid }) => ({
        statement: () => ({
          ...searchQuery({ userid, model: QUERY_BENCH_MODEL, likes: 'current', query, profileWeight: PROFILE_WEIGHT, textWeight: 1 - PROFILE_WEIGHT, limit: LIMIT, offset: 0 }),
          efSearch: null,
        }),
        graphql: { query: 'query($q: String!, $u: String!) { PersonalizedEventSearch(query: $q, userid: $u, limit: 10) { id score } }', variables: { q: query, u: userid } },
      }));
    case 'SimilarTransactions':
      return inputs.similarLegEventIds.map((eventId, i) => ({
        statement: (ef) => {
          const leg = statements.similarLegs[i];
          return withEf(
            nearestQuery(TRANSACTION_TABLES, { vector: leg.vector, model: QUERY_BENCH_MODEL, limit: LIMIT, excludeRowId: leg.rowId, from: 'row' }, { rows: ef, text: ef }),
            ef,
            LIMIT + 1,
          );
        },
        graphql: { query: 'query($e: String!) { SimilarTransactions(eventId: $e, limit: 10) { score transaction { id } } }', variables: { e: eventId } },
      }));
    case 'TransactionSearch':
      return inputs.transactionSearchTexts.map((text, i) => ({
        statement: (ef) =>
          withEf(
            nearestQuery(TRANSACTION_TABLES, { vector: statements.searchVectors[i], model: QUERY_BENCH_MODEL, limit: LIMIT, from: 'text' }, { rows: ef, text: ef }),
            ef,
            LIMIT,
          ),
        graphql: { query: 'query($t: String!) { TransactionSearch(text: $t, limit: 10) { score transaction { id } } }', variables: { t: text } },
      }));
  }
}

/** Rows of a database answer: talks have id, legs _id. */
export function rankedRows(rows: Array<Record<string, unknown>>): Ranked[] {
  return rows.map((row) => ({ id: Number(row.id ?? row._id), score: Number(row.score) }));
}

/** Rows of a GraphQL answer. */
export function rankedGraphql(kind: QueryKind, data: Record<string, any>): Ranked[] {
  const rows: any[] = data[kind] ?? [];
  return rows.map((row) => ({ id: Number(row.id ?? row.transaction?.id), score: Number(row.score) }));
}

/** The service's ef_search for the kind: a query text (TransactionSearch) gets the longer list. */
export const efSearchOf = (kind: QueryKind, efSearch: HnswEfSearch): number => (kind === 'TransactionSearch' ? efSearch.text : efSearch.rows);

/** Whether any HNSW index can serve the kind (PersonalizedEventSearch ranks the full-text matches exactly). */
export const usesVectorIndex = (kind: QueryKind): boolean => kind !== 'PersonalizedEventSearch';
