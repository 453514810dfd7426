/** Where Apollo serves the API; GraphiQL posts to the same path on its own origin. */
export const GRAPHQL_PATH = '/graphql';
