import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Scrape } from '../../test/helpers/prometheus-text';
import { loadConfig } from '../config/load-config';
import { operationLimitsPlugin } from '../graphql/operation-limits-plugin';
import { GraphqlLatencyPlugin } from './graphql-latency.plugin';
import { MetricsService } from './metrics.service';

const typeDefs = `
  type Query { Events(limit: Int): [Int!]!, Slow: Int, Broken: Int }
  type Mutation { Like(id: Int!): Boolean }
`;

/** No Redis listens there: the rate limit falls back to this process's buckets. */
const NO_REDIS = 'redis://127.0.0.1:9';

/** A real Apollo server with the plugin (and the rate limit plugin, to see a refused mutation timed). */
function serverWith(metrics: MetricsService): ApolloServer {
  return new ApolloServer({
    typeDefs,
    resolvers: {
      Query: {
        Events: (_: unknown, { limit }: { limit?: number }) => Array.from({ length: limit ?? 2 }, (_, i) => i),
        Slow: () => new Promise((resolve) => setTimeout(() => resolve(1), 60)),
        Broken: () => {
          throw new GraphQLError('it broke');
        },
      },
      Mutation: { Like: () => true },
    },
    plugins: [new GraphqlLatencyPlugin(metrics), operationLimitsPlugin(loadConfig({ GRAPHQL_MUTATION_RATE_LIMIT: '1', GRAPHQL_MUTATION_BURST: '1' }), NO_REDIS)],
  });
}

const NAME = 'semflow_graphql_request_seconds';

describe('GraphqlLatencyPlugin', () => {
  let metrics: MetricsService;
  let server: ApolloServer;
  const scrape = async () => Scrape.parse((await metrics.exposition()).body);

  beforeEach(async () => {
    metrics = new MetricsService();
    server = serverWith(metrics);
    await server.start();
  });

  afterEach(async () => {
    await server.stop();
  });

  it('counts every request once, by operation type, root field and outcome', async () => {
    await server.executeOperation({ query: '{ Events(limit: 3) }' });
    await server.executeOperation({ query: 'query ClientChosenName { e: Events }' });
    await server.executeOperation({ query: '{ Broken }' });
    await server.executeOperation({ query: '{ Events Broken }' });
    await server.executeOperation({ query: '{ NoSuchField }' });
    await server.executeOperation({ query: '{ Events(' });
    await server.executeOperation({ query: 'mutation { Like(id: 1) }' });
    await server.executeOperation({ query: 'mutation { Like(id: 2) }' }); // over the rate limit: refused

    const after = await scrape();
    const count = (labels: Record<string, string>) => after.value(`${NAME}_count`, labels);
    expect(count({ operation_type: 'query', field: 'Events', outcome: 'success' })).toBe(2);
    expect(count({ operation_type: 'query', field: 'Broken', outcome: 'error' })).toBe(1);
    expect(count({ operation_type: 'query', field: 'multiple', outcome: 'error' })).toBe(1);
    expect(count({ operation_type: 'none', field: 'none', outcome: 'error' })).toBe(2); // did not validate, did not parse
    expect(count({ operation_type: 'mutation', field: 'Like', outcome: 'success' })).toBe(1);
    expect(count({ operation_type: 'mutation', field: 'Like', outcome: 'error' })).toBe(1);
    expect(after.sum(`${NAME}_count`)).toBe(8);
    // No label value comes from the client: neither the operation name nor the alias nor the unknown field.
    const values = after.find(`${NAME}_count`).flatMap((s) => Object.values(s.labels));
    expect(values).not.toContain('ClientChosenName');
    expect(values).not.toContain('e');
    expect(values).not.toContain('NoSuchField');
  });

  it('measures the time from the request to its response', async () => {
    const started = performance.now();
    await server.executeOperation({ query: '{ Slow }' });
    const elapsed = (performance.now() - started) / 1000;
    const after = await scrape();
    const seconds = after.value(`${NAME}_sum`, { operation_type: 'query', field: 'Slow', outcome: 'success' });
    expect(seconds).toBeGreaterThanOrEqual(0.055);
    expect(seconds).toBeLessThanOrEqual(elapsed);
    // The one request sits in every bucket from the first one its duration fits in.
    const buckets = after.find(`${NAME}_bucket`, { operation_type: 'query', field: 'Slow', outcome: 'success' });
    expect(buckets.length).toBeGreaterThan(5);
    for (const bucket of buckets) {
      const le = bucket.labels.le === '+Inf' ? Infinity : Number(bucket.labels.le);
      expect(bucket.value).toBe(seconds <= le ? 1 : 0);
    }
    expect(after.value(`${NAME}_bucket`, { operation_type: 'query', field: 'Slow', outcome: 'success', le: '0.05' })).toBe(0);
  });
});
