import { CallHandler, ExecutionContext, Injectable, NestInterceptor, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import { retryLaterOf } from './retry-later';

/**
 * REST: an overloaded embedding engine or a statement cancelled by DATABASE_STATEMENT_TIMEOUT_MS answers
 * 503 with Retry-After and the same code and message as GraphQL (graphql/format-error.ts), instead of a
 * 500; every other error goes on as it was.
 */
@Injectable()
export class RetryLaterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    return next.handle().pipe(
      catchError((error) => {
        const retryLater = retryLaterOf(error);
        if (!retryLater) return throwError(() => error);
        const response = context.switchToHttp().getResponse<Response>();
        if (!response.headersSent) response.setHeader('Retry-After', String(retryLater.retryAfterSeconds));
        const { code, message, retryAfterSeconds } = retryLater;
        return throwError(() => new ServiceUnavailableException({ statusCode: 503, code, message, retryAfterSeconds }));
      }),
    );
  }
}
