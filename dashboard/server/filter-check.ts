/**
 * A preHandler for routes that take the figure filters: a date that is not a day, or a
 * range that ends before it starts, is answered 400 with a sentence, before any SQL runs.
 * The TypeBox schema already checks the shape; this checks what a schema cannot.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validateFilters, type Filters } from '#analysis/filters/filters.ts';
import { badRequest } from './schemas.ts';

/** Pure: whether 'YYYY-MM-DD' names a day that exists (JavaScript's Date reads '2024-02-30' as 1 March). */
export function isCalendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export async function rejectBadFilters(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const query = (request.query ?? {}) as Filters;
  const problems = validateFilters(query);
  for (const key of ['from', 'to'] as const) {
    const v = query[key];
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !isCalendarDay(v)) problems.push(`${key} '${v}' is not a day of the calendar`);
  }
  if (problems.length) await reply.status(400).send(badRequest(problems.join('; '), 'SB_ERR_BAD_FILTER'));
}
