/**
 * Trends: the main counts by week (ISO, from Monday) and by month of creation, with the
 * periods cut in the district's zone (date_trunc on the local creation day the facts carry),
 * so a ticket created Sunday 23:30 in Chicago counts in that week, not the next.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { share } from '../shares.ts';
import { factsFor, factsSource, type MetricOptions } from '../ticket-facts/ticket-facts.ts';

export type TrendGrain = 'week' | 'month';

export interface TrendPoint {
  /** First local day of the period, YYYY-MM-DD. */
  period: string;
  tickets: number;
  rerouted_tickets: number;
  misrouted_tickets: number;
  misroute_share: number;
  redirected_tickets: number;
  ping_pong_tickets: number;
  return_tickets: number;
  median_hours_to_owner: number | null;
  coordination_cost: number;
}

export function buildTrendsSql(filters: Filters, settings: Settings, grain: TrendGrain, options: MetricOptions = {}) {
  const facts = factsSource(filters, settings, options);
  return {
    sql: `WITH ${facts.cte}
SELECT strftime(date_trunc($grain, created_day), '%Y-%m-%d') AS period,
  count(*)::INTEGER AS tickets,
  count(*) FILTER (WHERE rerouted)::INTEGER AS rerouted_tickets,
  count(*) FILTER (WHERE misrouted)::INTEGER AS misrouted_tickets,
  count(*) FILTER (WHERE redirected)::INTEGER AS redirected_tickets,
  count(*) FILTER (WHERE ping_pong)::INTEGER AS ping_pong_tickets,
  count(*) FILTER (WHERE returned)::INTEGER AS return_tickets,
  median(hours_to_owner)::DOUBLE AS median_hours_to_owner,
  coalesce(sum(coordination_cost), 0)::DOUBLE AS coordination_cost
FROM facts GROUP BY period ORDER BY period`,
    params: { ...facts.params, grain },
  };
}

/** The counts per period of one grain. */
export async function trend(db: Queryable, filters: Filters, settings: Settings, grain: TrendGrain, options: MetricOptions = {}): Promise<TrendPoint[]> {
  const q = buildTrendsSql(filters, settings, grain, await factsFor(db, settings, options));
  const rows = await db.all<Omit<TrendPoint, 'misroute_share'>>(q.sql, q.params);
  return rows.map((r) => ({ ...r, misroute_share: share(r.misrouted_tickets, r.tickets) }));
}

/** Both grains (the report shows both). */
export async function trends(
  db: Queryable,
  filters: Filters,
  settings: Settings,
  options: MetricOptions = {},
): Promise<{ week: TrendPoint[]; month: TrendPoint[] }> {
  const facts = await factsFor(db, settings, options);
  const [week, month] = await Promise.all([trend(db, filters, settings, 'week', facts), trend(db, filters, settings, 'month', facts)]);
  return { week, month };
}
