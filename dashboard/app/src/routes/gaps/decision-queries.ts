/**
 * The gaps page's second request (GET /api/fix-first/decisions): declared owners as dated
 * decisions, with the type's misroutes before and after, so a declaration reads as
 * "decided, not yet working" until its misroutes fall. The shape is the server's response
 * schema, imported as a type, never copied.
 */
import { getJson } from '$lib/api';
import { filterQuery } from '$lib/filters';
import { num } from '$lib/format';
import type { DecisionsBody } from '../../../../server/routes/fix-first/index.ts';

export type Decision = DecisionsBody['decisions'][number];

export function loadDecisions(fetcher: typeof fetch, params: URLSearchParams): Promise<DecisionsBody> {
  return getJson<DecisionsBody>(fetcher, `/api/fix-first/decisions${filterQuery(params)}`);
}

/** "misrouted 12 of 20 before, 9 of 11 after" */
export function beforeAfter(d: Decision): string {
  const side = (s: Decision['before']) => `${num.format(s.misrouted_tickets)} of ${num.format(s.tickets)}`;
  return `misrouted ${side(d.before)} before, ${side(d.after)} after`;
}
