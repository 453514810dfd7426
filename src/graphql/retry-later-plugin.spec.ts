import { HeaderMap } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { EmbeddingOverloadedError } from '../embedding/embedding-overloaded.error';
import { formatGraphQLError } from './format-error';
import { retryLaterPlugin } from './retry-later-plugin';

/** A resolver's error as Apollo hands it to formatError: wrapped, with the field's path. */
const fromResolver = (original: Error): [GraphQLFormattedError, GraphQLError] => {
  const error = new GraphQLError(original.message, { path: ['TransactionSearch'], originalError: original });
  return [{ message: original.message, path: ['TransactionSearch'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, error];
};

/** The HTTP status and headers the plugin leaves on an answer with these errors. */
async function answerWith(errors: GraphQLFormattedError[] | undefined) {
  const response = { http: { status: undefined as number | undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: null, errors } } };
  const hooks = await retryLaterPlugin().requestDidStart!({} as never);
  await hooks!.willSendResponse!({ response } as never);
  return { status: response.http.status, retryAfter: response.http.headers.get('retry-after') };
}

describe('overload answers in GraphQL', () => {
  it('formats an overloaded engine as OVERLOADED with retryAfterSeconds and nothing of the request', () => {
    expect(formatGraphQLError(...fromResolver(new EmbeddingOverloadedError('queue-full')))).toEqual({
      message: 'the embedding engine is overloaded; retry later',
      path: ['TransactionSearch'],
      locations: undefined,
      extensions: { code: 'OVERLOADED', retryAfterSeconds: 1 },
    });
  });

  it('formats a cancelled statement as QUERY_TIMEOUT without the SQL', () => {
    const cancelled = Object.assign(new Error('canceling statement due to statement timeout: SELECT secret'), { code: '57014' });
    const formatted = formatGraphQLError(...fromResolver(cancelled));
    expect(formatted).toMatchObject({ message: 'the query took too long and was cancelled; retry later', extensions: { code: 'QUERY_TIMEOUT', retryAfterSeconds: 5 } });
    expect(JSON.stringify(formatted)).not.toContain('secret');
  });

  it('sends 503 with the longest Retry-After when an answer holds such an error', async () => {
    const overloaded = { message: 'm', extensions: { code: 'OVERLOADED', retryAfterSeconds: 1 } };
    const timedOut = { message: 'm', extensions: { code: 'QUERY_TIMEOUT', retryAfterSeconds: 5 } };
    expect(await answerWith([overloaded])).toEqual({ status: 503, retryAfter: '1' });
    expect(await answerWith([overloaded, timedOut, { message: 'other' }])).toEqual({ status: 503, retryAfter: '5' });
  });

  it('leaves other answers alone', async () => {
    expect(await answerWith(undefined)).toEqual({ status: undefined, retryAfter: undefined });
    expect(await answerWith([{ message: 'bad', extensions: { code: 'BAD_USER_INPUT' } }])).toEqual({ status: undefined, retryAfter: undefined });
  });
});
