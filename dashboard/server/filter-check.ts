/**
 * A preHandler for routes that take the figure filters: a date that is not a day, or a
 * range that ends before it starts, is answered 400 with a sentence, before any SQL runs.
 * The TypeBox schema already checks the shape; this checks what a schema cannot.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validateFilters, type Filters } from '#analysis/filters/filters.ts';
import { badRequest } from './schemas.ts';

export async function rejectBadFilters(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = (request.query ?? {}) as Filters;
  const problems = validateFilters(query);
  if (problems.length) await reply.status(400).send(badRequest(problems.join('; '), 'SB_ERR_BAD_FILTER'));
}
