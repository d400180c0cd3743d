/**
 * The one error handler. Client errors (4xx) keep their message so the page can show it;
 * server errors are logged with their context and answered with a generic message, so no
 * internal text (SQL, paths) reaches a browser. A server too busy to read another file
 * answers 503 with Retry-After (plugins/app/work-limit.ts).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ImportError } from '#core/errors.ts';
import { BusyError } from './plugins/app/work-limit.ts';

export interface ApiError {
  error: string;
  code: string;
  message: string;
}

/**
 * What a server error's log line keeps: its type, code, the first line of its message with
 * every single-quoted value replaced (DuckDB quotes the values it could not read, which can
 * be ticket text) and cut to 300 characters, and the stack's frames without the message.
 */
export function loggableError(error: Error & { code?: string }): { type: string; code?: string; message: string; stack: string[] } {
  const first = String(error.message ?? '').split('\n')[0];
  return {
    type: error.name ?? 'Error',
    code: error.code,
    message: first.replace(/'(?:[^']|'')*'/g, "'…'").slice(0, 300),
    stack: String(error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 15).map((l) => l.trim()),
  };
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ImportError) {
      return reply.status(422).send({ error: 'Unprocessable Entity', code: error.code, message: error.message });
    }
    if (error instanceof BusyError) {
      return reply.status(503).header('retry-after', String(error.retryAfterSeconds)).send({ error: 'Service Unavailable', code: error.code, message: error.message });
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      // The path only: a query string can carry a search for ticket text.
      request.log.error({ err: loggableError(error), path: request.url.split('?')[0] }, 'request failed');
      return reply.status(status).send({
        error: 'Internal Server Error',
        code: 'SB_ERR_INTERNAL',
        message: `Something went wrong on the server; the error is in its log under request ${request.id}.`,
      });
    }
    return reply.status(status).send({
      // The rate limiter throws its own body ({ error: 'Too Many Requests', ... }), not an Error.
      error: (error as { error?: string }).error ?? error.name ?? 'Bad Request',
      code: error.validation ? 'SB_ERR_BAD_REQUEST' : (error.code ?? 'SB_ERR_BAD_REQUEST'),
      message: error.message,
    });
  });
}
