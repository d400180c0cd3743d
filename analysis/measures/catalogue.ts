/**
 * The measure catalogue: every figure the summary, department and trend queries compute,
 * declared once (docs/metrics.md, "The measure catalogue"). Each entry names the figure as
 * the API and the report name it, says what it is, gives its SQL over the per-ticket facts
 * (analysis/ticket-facts) or the two measures it divides, its kind and the grains it is
 * shown at. The SELECT lists (select-lists.ts), the response schemas and so the app's types
 * (dashboard/server/schemas.ts), the report's CSV columns and Markdown (analysis/report)
 * and the department guard's withheld fields all read these entries, so a new figure is one
 * entry here, one fact column if it needs one, its definition in docs/metrics.md and a test.
 *
 * The array is `as const` so the TypeScript types of every surface come from it too
 * (`MeasureValues<'district'>` is the summary row's figures).
 */
import { exactSum } from '#core/sql/exact-sum.ts';

/** Where a figure is shown. `request_type` and `school` are declared for the analyses that group so. */
export type Grain = 'district' | 'department' | 'request_type' | 'school' | 'week' | 'month';

/**
 * count: a number of tickets (or of events), withheld under five for a department head;
 * share: a part of a count over a count (0 when the whole is 0); hours; money (in the
 * settings' currency); mean: a per-ticket average.
 */
export type MeasureKind = 'count' | 'share' | 'hours' | 'money' | 'mean';

/**
 * The department a ticket counts under at the department grain: the one that owns it, the
 * one it first landed in, or (for coordination time and cost) each department that spent
 * it, over the facts' `charges` list unnested as `c`.
 */
export type DepartmentBasis = 'owner' | 'first_landing' | 'charges';

export interface Measure {
  /** snake_case, as the API, the CSV header and the JSON report name it. */
  readonly name: string;
  /** A short label for a table header or a report line. */
  readonly label: string;
  readonly description: string;
  readonly kind: MeasureKind;
  readonly grains: readonly Grain[];
  /** An aggregate over the facts rows, with its cast (counts ::INTEGER, others ::DOUBLE). */
  readonly sql?: string;
  /** A share: `part` / `whole`, both counts at the same grains, computed after the query. */
  readonly share?: { readonly part: string; readonly whole: string };
  /** The count a hours/money/mean figure is about (for the reader: what it is withheld with). */
  readonly from?: string;
  /** NULL when there is nothing to take it over (a median of no tickets). */
  readonly nullable?: boolean;
  /** At the department grain: which department a ticket counts under, and the SQL there when it differs. */
  readonly department?: { readonly by: DepartmentBasis; readonly sql?: string };
}

export const MEASURES = [
  { name: 'tickets', label: 'Tickets', description: 'tickets in view', kind: 'count', grains: ['district', 'week', 'month'], sql: 'count(*)::INTEGER' },
  {
    name: 'tickets_owned', label: 'Owned', description: 'tickets the department owns', kind: 'count', grains: ['department'],
    sql: 'count(*)::INTEGER', department: { by: 'owner' },
  },
  {
    name: 'inbound_misrouted', label: 'Inbound misrouted', description: 'tickets the department owns that first landed elsewhere', kind: 'count', grains: ['department'],
    sql: 'count(*) FILTER (WHERE misrouted)::INTEGER', department: { by: 'owner' },
  },
  {
    name: 'inbound_misroute_share', label: 'Inbound share', description: 'inbound misrouted / owned', kind: 'share', grains: ['department'],
    share: { part: 'inbound_misrouted', whole: 'tickets_owned' },
  },
  {
    name: 'tickets_landed', label: 'Landed', description: 'tickets that first landed in the department', kind: 'count', grains: ['department'],
    sql: 'count(*)::INTEGER', department: { by: 'first_landing' },
  },
  {
    name: 'outbound_rerouted', label: 'Outbound rerouted', description: 'tickets that first landed in the department and belonged to another', kind: 'count', grains: ['department'],
    sql: 'count(*) FILTER (WHERE misrouted)::INTEGER', department: { by: 'first_landing' },
  },
  {
    name: 'outbound_reroute_share', label: 'Outbound share', description: 'outbound rerouted / landed', kind: 'share', grains: ['department'],
    share: { part: 'outbound_rerouted', whole: 'tickets_landed' },
  },
  { name: 'rerouted_tickets', label: 'Rerouted (at least one hop)', description: 'tickets with hops > 0', kind: 'count', grains: ['district', 'week', 'month'], sql: 'count(*) FILTER (WHERE rerouted)::INTEGER' },
  { name: 'misrouted_tickets', label: 'Misrouted (first landing is not the owner)', description: 'tickets whose first landing is not their owner', kind: 'count', grains: ['district', 'week', 'month'], sql: 'count(*) FILTER (WHERE misrouted)::INTEGER' },
  { name: 'misroute_share', label: 'Misroute share', description: 'misrouted / tickets', kind: 'share', grains: ['district', 'week', 'month'], share: { part: 'misrouted_tickets', whole: 'tickets' } },
  { name: 'redirected_tickets', label: 'Redirected (closed as "go elsewhere")', description: 'misrouted tickets closed as a redirect', kind: 'count', grains: ['district', 'week', 'month'], sql: 'count(*) FILTER (WHERE redirected)::INTEGER' },
  { name: 'ping_pong_tickets', label: 'Ping-pong (A -> B -> A)', description: 'tickets whose group path holds A > B > A', kind: 'count', grains: ['district', 'week', 'month'], sql: 'count(*) FILTER (WHERE ping_pong)::INTEGER' },
  { name: 'return_tickets', label: 'Returns (a group visited twice)', description: 'tickets whose group path holds a group twice', kind: 'count', grains: ['district', 'week', 'month'], sql: 'count(*) FILTER (WHERE returned)::INTEGER' },
  {
    name: 'reopened_tickets', label: 'Reopened after resolution', description: 'tickets whose status changed back to an open status after a resolution', kind: 'count',
    grains: ['district', 'department', 'week', 'month'], sql: 'count(*) FILTER (WHERE reopened)::INTEGER', department: { by: 'owner' },
  },
  { name: 'mean_hops', label: 'Mean hops', description: 'mean group changes per ticket', kind: 'mean', grains: ['district'], sql: 'coalesce(avg(hops), 0)::DOUBLE', from: 'tickets' },
  {
    name: 'median_hours_to_owner', label: 'Median hours to owner', description: 'median hours from creation to the owner, over tickets that reached it', kind: 'hours',
    grains: ['district', 'department', 'week', 'month'], sql: 'median(hours_to_owner)::DOUBLE', nullable: true, from: 'tickets', department: { by: 'owner' },
  },
  {
    name: 'median_business_hours_to_owner', label: 'Median business hours to owner', description: 'the same in business hours on the district calendar', kind: 'hours',
    grains: ['district', 'department'], sql: 'median(business_hours_to_owner)::DOUBLE', nullable: true, from: 'tickets', department: { by: 'owner' },
  },
  {
    name: 'misrouted_median_business_hours_to_owner', label: 'Misrouted: median business hours to owner',
    description: 'median business hours from creation to the owner, over misrouted tickets that reached it', kind: 'hours',
    grains: ['district'], sql: 'median(business_hours_to_owner) FILTER (WHERE misrouted)::DOUBLE', nullable: true, from: 'misrouted_tickets',
  },
  {
    name: 'misrouted_p90_business_hours_to_owner', label: 'Misrouted: 90th percentile business hours to owner',
    description: 'the business hours nine in ten misrouted tickets reached their owner within', kind: 'hours',
    grains: ['district'], sql: 'quantile_cont(business_hours_to_owner, 0.9) FILTER (WHERE misrouted)::DOUBLE', nullable: true, from: 'misrouted_tickets',
  },
  { name: 'hours_in_other_queues', label: 'Hours in other queues', description: 'hours tickets sat with departments other than their owner', kind: 'hours', grains: ['district'], sql: `coalesce(${exactSum('hours_other_queues')}, 0)`, from: 'tickets' },
  { name: 'touches_outside_owner', label: 'Touches outside the owner', description: 'human events while a ticket sat outside its owner', kind: 'count', grains: ['district'], sql: 'coalesce(sum(touches_outside), 0)::INTEGER' },
  {
    name: 'coordination_hours', label: 'Coordination hours', description: 'triage and touch minutes spent moving tickets to their owner, in hours', kind: 'hours',
    grains: ['district', 'department'], sql: `coalesce(${exactSum('coordination_minutes')}, 0) / 60`, from: 'tickets',
    department: { by: 'charges', sql: `${exactSum('c.minutes')} / 60` },
  },
  {
    name: 'coordination_cost', label: 'Coordination cost', description: 'coordination time at the hourly rate of the department that spent it', kind: 'money',
    grains: ['district', 'department', 'week', 'month'], sql: `coalesce(${exactSum('coordination_cost')}, 0)`, from: 'tickets',
    department: { by: 'charges', sql: exactSum('c.cost') },
  },
  {
    name: 'resolved_elsewhere', label: 'Resolved elsewhere', description: 'tickets that first landed in the department and were resolved by another', kind: 'count', grains: ['department'],
    sql: 'count(*) FILTER (WHERE first_landing <> resolver)::INTEGER', department: { by: 'first_landing' },
  },
  {
    name: 'resolved_elsewhere_share', label: 'Resolved elsewhere share', description: 'resolved elsewhere / landed', kind: 'share', grains: ['department'],
    share: { part: 'resolved_elsewhere', whole: 'tickets_landed' },
  },
  {
    name: 'tickets_with_declared_owner', label: 'Tickets with a declared owner', description: 'tickets whose request type has a declared owner', kind: 'count', grains: ['district'],
    sql: 'count(*) FILTER (WHERE declared_owner IS NOT NULL)::INTEGER',
  },
  {
    name: 'resolver_differs_from_declared', label: 'Resolver basis differs from declared', description: 'of those, tickets the resolver basis gives another owner', kind: 'count', grains: ['district'],
    sql: 'count(*) FILTER (WHERE declared_owner IS NOT NULL AND declared_owner <> resolver_owner)::INTEGER',
  },
] as const satisfies readonly Measure[];

type Entry = (typeof MEASURES)[number];
type AtGrain<M, G extends Grain> = M extends { grains: readonly (infer X)[] } ? (G extends X ? M : never) : never;
/** The catalogue entries shown at grain `G`, as types. */
export type MeasureAt<G extends Grain> = AtGrain<Entry, G>;
/** The figures of a row at grain `G`: each measure's name and its value. */
export type MeasureValues<G extends Grain> = { [M in MeasureAt<G> as M['name']]: M extends { nullable: true } ? number | null : number };

/** The entries shown at a grain, in catalogue order (the order of every select list, CSV and table). */
export function measuresAt(grain: Grain, measures: readonly Measure[] = MEASURES): Measure[] {
  return measures.filter((m) => m.grains.includes(grain));
}

/** The entries computed in SQL (every one but the shares). */
export function queried(measures: readonly Measure[]): (Measure & { sql: string })[] {
  return measures.filter((m): m is Measure & { sql: string } => typeof m.sql === 'string');
}

/** The names of every `count` measure: what a department head sees as "<5" under five (dashboard's department guard). */
export function countMeasureNames(measures: readonly Measure[] = MEASURES): string[] {
  return measures.filter((m) => m.kind === 'count').map((m) => m.name);
}
