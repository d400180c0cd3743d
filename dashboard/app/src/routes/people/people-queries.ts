/**
 * The "Who routes" page's one request (GET /api/people) and how it words an absence
 * comparison. The shape is the server's response schema, imported as a type, never copied.
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

/** One side of an absence comparison: "12 wk: 40 tickets, 3.5 h to owner, 1.2 handoffs" ("—" where no ticket). */
export function side(s: Side, count: Format, amount: Format): string {
  const median = s.median_hours_to_owner === null ? '—' : amount(s.median_hours_to_owner);
  const mean = s.mean_handoffs === null ? '—' : amount(s.mean_handoffs);
  return `${count(s.weeks)} wk: ${count(s.tickets)} tickets, ${median} h to owner, ${mean} handoffs`;
}
