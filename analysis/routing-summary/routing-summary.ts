/**
 * The routing summary: the headline counts over the tickets in view (docs/metrics.md,
 * "Summary"). One aggregate over the per-ticket facts; every figure says which owner basis
 * produced it.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { share } from '../shares.ts';
import { factsFor, factsSource, type MetricOptions } from '../ticket-facts/ticket-facts.ts';

export interface RoutingSummary {
  owner_basis: Settings['ownerBasis'];
  tickets: number;
  rerouted_tickets: number;
  misrouted_tickets: number;
  misroute_share: number;
  redirected_tickets: number;
  ping_pong_tickets: number;
  return_tickets: number;
  mean_hops: number;
  /** Median over tickets whose owner was reached (NULL when none). */
  median_hours_to_owner: number | null;
  median_business_hours_to_owner: number | null;
  hours_in_other_queues: number;
  touches_outside_owner: number;
  coordination_hours: number;
  coordination_cost: number;
  /** Tickets whose request type has a declared owner, and of those, how many the resolver basis gives another owner. */
  tickets_with_declared_owner: number;
  resolver_differs_from_declared: number;
  unmapped_groups: string[];
}

export function buildRoutingSummarySql(filters: Filters, settings: Settings, options: MetricOptions = {}) {
  const facts = factsSource(filters, settings, options);
  return {
    sql: `WITH ${facts.cte}
SELECT count(*)::INTEGER AS tickets,
  count(*) FILTER (WHERE rerouted)::INTEGER AS rerouted_tickets,
  count(*) FILTER (WHERE misrouted)::INTEGER AS misrouted_tickets,
  count(*) FILTER (WHERE redirected)::INTEGER AS redirected_tickets,
  count(*) FILTER (WHERE ping_pong)::INTEGER AS ping_pong_tickets,
  count(*) FILTER (WHERE returned)::INTEGER AS return_tickets,
  coalesce(avg(hops), 0)::DOUBLE AS mean_hops,
  median(hours_to_owner)::DOUBLE AS median_hours_to_owner,
  median(business_hours_to_owner)::DOUBLE AS median_business_hours_to_owner,
  coalesce(sum(hours_other_queues), 0)::DOUBLE AS hours_in_other_queues,
  coalesce(sum(touches_outside), 0)::INTEGER AS touches_outside_owner,
  coalesce(sum(coordination_minutes), 0)::DOUBLE / 60 AS coordination_hours,
  coalesce(sum(coordination_cost), 0)::DOUBLE AS coordination_cost,
  count(*) FILTER (WHERE declared_owner IS NOT NULL)::INTEGER AS tickets_with_declared_owner,
  count(*) FILTER (WHERE declared_owner IS NOT NULL AND declared_owner <> resolver_owner)::INTEGER AS resolver_differs_from_declared,
  coalesce(list_sort(list_distinct(flatten(list(unmapped_groups) FILTER (WHERE len(unmapped_groups) > 0)))), []::VARCHAR[]) AS unmapped_groups
FROM facts`,
    params: facts.params,
  };
}

export async function routingSummary(db: Queryable, filters: Filters, settings: Settings, options: MetricOptions = {}): Promise<RoutingSummary> {
  const q = buildRoutingSummarySql(filters, settings, await factsFor(db, settings, options));
  const [row] = await db.all<Omit<RoutingSummary, 'owner_basis' | 'misroute_share'>>(q.sql, q.params);
  return { owner_basis: settings.ownerBasis, ...row, misroute_share: share(row.misrouted_tickets, row.tickets) };
}
