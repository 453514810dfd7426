import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { InvalidInputError } from './invalid-input.error';

/** REST: InvalidInputError -> 400. GraphQL formats its own errors (see graphql/format-error.ts). */
@Catch(InvalidInputError)
export class InvalidInputFilter implements ExceptionFilter {
  catch(error: InvalidInputError, host: ArgumentsHost) {
    if (host.getType() !== 'http') throw error;
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(400)
      .json({ statusCode: 400, error: 'Bad Request', message: error.message, ...(error.field ? { field: error.field } : {}) });
  }
}
