/**
 * The "Who routes" page's one request (GET /api/people) and the sentences it leads with.
 * The shape is the server's response schema, imported as a type, never copied.
 */
import { getJson } from '$lib/api';
import { filterQuery } from '$lib/filters';
import type { PeopleBody } from '../../../../server/routes/people/index.ts';

export type { PeopleBody };
export type PersonRow = PeopleBody['people'][number];
export type DependentRow = PeopleBody['dependent_request_types'][number];
export type PeriodRow = PeopleBody['by_month'][number];
type Side = NonNullable<PersonRow['absence']>['present'];
type Format = (value: number | '<5') => string;

export function loadPeople(fetcher: typeof fetch, params: URLSearchParams): Promise<PeopleBody> {
  return getJson<PeopleBody>(fetcher, `/api/people${filterQuery(params)}`);
}

/** "3 people make 61 % of all handoffs; 14 request types reach their owner mostly through one of them." */
export function headline(body: PeopleBody, percent: (x: number) => string): string {
  const routers = body.people.filter((p) => typeof p.handoffs !== 'number' || p.handoffs > 0).length;
  if (routers === 0) return 'No one handed a ticket to another department under these filters.';
  const top = Math.min(3, routers);
  const types = new Set(body.dependent_request_types.map((d) => d.request_type)).size;
  const who = top === 1 ? 'One person makes' : `${top} people make`;
  const reach = types === 1 ? '1 request type reaches its owner' : `${types} request types reach their owner`;
  return `${who} ${percent(top === 1 ? body.top1_share : body.top3_share)} of all handoffs; ${reach} mostly through one person.`;
}

/** One side of an absence comparison: "12 wk: 40 tickets, 3.5 h to owner, 1.2 handoffs" ("—" where no ticket). */
export function side(s: Side, count: Format, amount: Format): string {
  const median = s.median_hours_to_owner === null ? '—' : amount(s.median_hours_to_owner);
  const mean = s.mean_handoffs === null ? '—' : amount(s.mean_handoffs);
  return `${count(s.weeks)} wk: ${count(s.tickets)} tickets, ${median} h to owner, ${mean} handoffs`;
}
