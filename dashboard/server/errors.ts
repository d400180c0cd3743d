/**
 * The one error handler. Client errors (4xx) keep their message so the page can show it;
 * server errors are logged with their context and answered with a generic message, so no
 * internal text (SQL, paths) reaches a browser.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ImportError } from '#core/errors.ts';

export interface ApiError {
  error: string;
  code: string;
  message: string;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ImportError) {
      return reply.status(422).send({ error: 'Unprocessable Entity', code: error.code, message: error.message });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error, url: request.url }, 'request failed');
      return reply.status(status).send({
        error: 'Internal Server Error',
        code: 'SB_ERR_INTERNAL',
        message: 'Something went wrong on the server; the error is in its log.',
      });
    }
    return reply.status(status).send({
      error: error.name,
      code: error.validation ? 'SB_ERR_BAD_REQUEST' : (error.code ?? 'SB_ERR_BAD_REQUEST'),
      message: error.message,
    });
  });
}
