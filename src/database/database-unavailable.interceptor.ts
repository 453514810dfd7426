import { CallHandler, ExecutionContext, Injectable, NestInterceptor, ServiceUnavailableException } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './database-unavailable';

/**
 * REST: a database that cannot be reached answers 503 with code DATABASE_UNAVAILABLE, as GraphQL answers
 * it (see graphql/format-error.ts), instead of a 500; every other error goes on as it was.
 */
@Injectable()
export class DatabaseUnavailableInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    return next
      .handle()
      .pipe(
        catchError((error) =>
          throwError(() =>
            isDatabaseUnavailable(error) ? new ServiceUnavailableException({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: DATABASE_UNAVAILABLE_MESSAGE }) : error,
          ),
        ),
      );
  }
}
