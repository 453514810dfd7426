import { ServiceUnavailableException, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { firstValueFrom, throwError } from 'rxjs';
import { QueryFailedError } from 'typeorm';
import { EmbeddingOverloadedError } from '../embedding/embedding-overloaded.error';
import { retryLaterOf } from './retry-later';
import { RetryLaterInterceptor } from './retry-later.interceptor';

const SECRET_SQL = 'SELECT * FROM transactions WHERE text = $1';
const SECRET_INPUT = 'my card number 4111-1111-1111-1111';
/** What pg and TypeORM make of a statement cancelled by statement_timeout. */
const statementTimeout = () =>
  new QueryFailedError(SECRET_SQL, [SECRET_INPUT], Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014', severity: 'ERROR' }));

describe('retryLaterOf', () => {
  it('tells an overloaded embedding engine to retry after its wait', () => {
    expect(retryLaterOf(new EmbeddingOverloadedError('queue-full'))).toEqual({
      code: 'OVERLOADED',
      message: 'the embedding engine is overloaded; retry later',
      retryAfterSeconds: 1,
    });
    expect(retryLaterOf(new EmbeddingOverloadedError('deadline'))?.code).toBe('OVERLOADED');
  });

  it('tells a cancelled statement QUERY_TIMEOUT without the statement or its parameters', () => {
    const answer = retryLaterOf(statementTimeout());
    expect(answer).toEqual({ code: 'QUERY_TIMEOUT', message: 'the query took too long and was cancelled; retry later', retryAfterSeconds: 5 });
    expect(JSON.stringify(answer)).not.toContain('transactions');
    expect(JSON.stringify(answer)).not.toContain('4111');
    // Also when the driver's error is the cause of another one.
    expect(retryLaterOf(new Error('lookup failed', { cause: Object.assign(new Error('x'), { code: '57014' }) }))?.code).toBe('QUERY_TIMEOUT');
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], Object.assign(new Error('dup'), { code: '23505' }))],
    ['a plain error', new Error('boom')],
    ['nothing', undefined],
  ])('is undefined for %s', (_, error) => {
    expect(retryLaterOf(error)).toBeUndefined();
  });
});

describe('RetryLaterInterceptor', () => {
  const httpContext = (headers: Record<string, string>) =>
    ({
      getType: () => 'http',
      switchToHttp: () => ({ getResponse: () => ({ headersSent: false, setHeader: (name: string, value: string) => (headers[name] = value) }) }),
    }) as unknown as ExecutionContext;
  const failing = (error: unknown): CallHandler => ({ handle: () => throwError(() => error) });

  it('answers an overloaded engine and a cancelled statement 503 with Retry-After', async () => {
    for (const [error, code, wait] of [
      [new EmbeddingOverloadedError('deadline'), 'OVERLOADED', '1'],
      [statementTimeout(), 'QUERY_TIMEOUT', '5'],
    ] as const) {
      const headers: Record<string, string> = {};
      const thrown = await firstValueFrom(new RetryLaterInterceptor().intercept(httpContext(headers), failing(error))).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(ServiceUnavailableException);
      expect((thrown as ServiceUnavailableException).getStatus()).toBe(503);
      expect((thrown as ServiceUnavailableException).getResponse()).toMatchObject({ statusCode: 503, code });
      expect(JSON.stringify((thrown as ServiceUnavailableException).getResponse())).not.toContain('4111');
      expect(headers).toEqual({ 'Retry-After': wait });
    }
  });

  it('lets every other error through unchanged', async () => {
    const headers: Record<string, string> = {};
    const other = new Error('boom');
    await expect(firstValueFrom(new RetryLaterInterceptor().intercept(httpContext(headers), failing(other)))).rejects.toBe(other);
    expect(headers).toEqual({});
  });
});
