import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { performance } from 'node:perf_hooks';
import { Histogram } from 'prom-client';
import { operationLabels } from './graphql-operation-labels';
import { METRIC_PREFIX, MetricsService } from './metrics.service';

const REQUEST_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Times every GraphQL request Apollo handles, from its start to its response, by operation type, root
 * field and outcome (error: the response carries errors, including refused and partly failed requests).
 * A provider marked @Plugin() is added to the Apollo server by Nest's Apollo driver.
 */
@Plugin()
export class GraphqlLatencyPlugin implements ApolloServerPlugin<BaseContext> {
  private readonly seconds: Histogram<'operation_type' | 'field' | 'outcome'>;

  constructor(metrics: MetricsService) {
    this.seconds = new Histogram({
      name: `${METRIC_PREFIX}graphql_request_seconds`,
      help: 'GraphQL request latency in this process by operation type, root field (multiple: several; none: no valid operation) and outcome',
      labelNames: ['operation_type', 'field', 'outcome'],
      buckets: REQUEST_SECONDS_BUCKETS,
      registers: [metrics.registry],
    });
  }

  async requestDidStart(): Promise<GraphQLRequestListener<BaseContext>> {
    const started = performance.now();
    const seconds = this.seconds;
    return {
      async willSendResponse({ operation, document, errors }) {
        const outcome = errors?.length ? 'error' : 'success';
        seconds.labels({ ...operationLabels(operation, document), outcome }).observe((performance.now() - started) / 1000);
      },
    };
  }
}
