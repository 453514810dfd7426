/**
 * What answering a root field costs the service, by kind. A new root field must be given a kind here
 * (root-field-kinds.spec.ts checks the served schema), so its work cannot slip past the cost limit.
 */
export type RootFieldKind = 'read' | 'vectorSearch' | 'inference' | 'write' | 'inferenceWrite';

export const ROOT_FIELD_KINDS: Readonly<Record<string, RootFieldKind>> = {
  'Query.Events': 'read',
  'Query.EventsLiked': 'read',
  'Query.AccountHolders': 'read',
  'Query.AccountHolder': 'read',
  'Query.Transactions': 'read',
  'Query.TransactionPair': 'read',
  // Nearest neighbours of a stored vector (or of the user's profile): a vector index scan each.
  'Query.RecommendedEvents': 'vectorSearch',
  'Query.PersonalizedEventSearch': 'vectorSearch',
  'Query.SimilarEvents': 'vectorSearch',
  'Query.SimilarAccountHolders': 'vectorSearch',
  'Query.SimilarTransactions': 'vectorSearch',
  // Embeds the query text with the model while the request waits, then searches by vector.
  'Query.TransactionSearch': 'inference',
  'Mutation.Likes': 'write',
  'Mutation.AddAccountHolder': 'write',
  'Mutation.AddTransaction': 'write',
  // Embeds the interest's text within the request (INTEREST_EMBED_WAIT_MS), else through the queue.
  'Mutation.AddInterest': 'inferenceWrite',
};

/**
 * Cost added to the field's own 1 and its selection's. The weights are relative to one selected field
 * (the old cost unit, a few microseconds of resolving and serialising): a vector search is an index scan
 * of the database, an inference runs the embedding model on a CPU core (milliseconds of the inference
 * pool), a schema read builds the whole schema's description in the event loop.
 */
export const KIND_WEIGHTS: Readonly<Record<RootFieldKind | 'introspection', number>> = {
  read: 0,
  write: 0,
  vectorSearch: 10,
  inference: 50,
  inferenceWrite: 50,
  introspection: 50,
};

/** Rows a page weighs as much as one selected field: Events(limit: 1000) adds 100. */
export const ROWS_PER_COST_UNIT = 10;

/** Units of the expensive-query rate limit (GRAPHQL_EXPENSIVE_RATE_LIMIT) a root field of a query takes. */
export const EXPENSIVE_UNITS: Readonly<Record<RootFieldKind, number>> = {
  read: 0,
  write: 0,
  vectorSearch: 1,
  inference: 1,
  inferenceWrite: 1,
};
