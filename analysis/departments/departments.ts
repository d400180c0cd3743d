/**
 * Figures by department (docs/metrics.md, "By department"): what it owns and how much of
 * that first landed elsewhere (inbound), what first landed in it and how much of that
 * belonged to another department (outbound), its median time to owner, and the
 * coordination time and cost it spent. A department appears when it owns, received first,
 * or spent coordination time on a ticket in view.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { share } from '../shares.ts';
import { factsFor, factsSource, type MetricOptions } from '../ticket-facts/ticket-facts.ts';

export interface DepartmentFigures {
  department: string;
  tickets_owned: number;
  inbound_misrouted: number;
  inbound_misroute_share: number;
  tickets_landed: number;
  outbound_rerouted: number;
  outbound_reroute_share: number;
  /** Of the tickets it owns. */
  median_hours_to_owner: number | null;
  median_business_hours_to_owner: number | null;
  /** Spent by this department, on any ticket. */
  coordination_hours: number;
  coordination_cost: number;
  /** The first-landing figure (resolved by another department), kept for the dashboard. */
  resolved_elsewhere: number;
  resolved_elsewhere_share: number;
}

export function buildDepartmentsSql(filters: Filters, settings: Settings, options: MetricOptions = {}) {
  const facts = factsSource(filters, settings, options);
  return {
    sql: `WITH ${facts.cte},
owned AS (
  SELECT owner AS department, count(*)::INTEGER AS tickets_owned,
    count(*) FILTER (WHERE misrouted)::INTEGER AS inbound_misrouted,
    median(hours_to_owner)::DOUBLE AS median_hours_to_owner,
    median(business_hours_to_owner)::DOUBLE AS median_business_hours_to_owner
  FROM facts GROUP BY owner
),
landed AS (
  SELECT first_landing AS department, count(*)::INTEGER AS tickets_landed,
    count(*) FILTER (WHERE misrouted)::INTEGER AS outbound_rerouted,
    count(*) FILTER (WHERE first_landing <> resolver)::INTEGER AS resolved_elsewhere
  FROM facts GROUP BY first_landing
),
spent AS (
  SELECT c.department, sum(c.minutes)::DOUBLE / 60 AS coordination_hours, sum(c.cost)::DOUBLE AS coordination_cost
  FROM (SELECT unnest(charges) AS c FROM facts) GROUP BY c.department
)
SELECT department,
  coalesce(o.tickets_owned, 0) AS tickets_owned, coalesce(o.inbound_misrouted, 0) AS inbound_misrouted,
  coalesce(l.tickets_landed, 0) AS tickets_landed, coalesce(l.outbound_rerouted, 0) AS outbound_rerouted,
  o.median_hours_to_owner, o.median_business_hours_to_owner,
  coalesce(s.coordination_hours, 0) AS coordination_hours, coalesce(s.coordination_cost, 0) AS coordination_cost,
  coalesce(l.resolved_elsewhere, 0) AS resolved_elsewhere
FROM owned o FULL JOIN landed l USING (department) FULL JOIN spent s USING (department)
ORDER BY coordination_cost DESC, tickets_owned DESC, department`,
    params: facts.params,
  };
}

export async function departmentFigures(db: Queryable, filters: Filters, settings: Settings, options: MetricOptions = {}): Promise<DepartmentFigures[]> {
  const q = buildDepartmentsSql(filters, settings, await factsFor(db, settings, options));
  const rows = await db.all<Omit<DepartmentFigures, 'inbound_misroute_share' | 'outbound_reroute_share' | 'resolved_elsewhere_share'>>(q.sql, q.params);
  return rows.map((r) => ({
    department: r.department,
    tickets_owned: r.tickets_owned,
    inbound_misrouted: r.inbound_misrouted,
    inbound_misroute_share: share(r.inbound_misrouted, r.tickets_owned),
    tickets_landed: r.tickets_landed,
    outbound_rerouted: r.outbound_rerouted,
    outbound_reroute_share: share(r.outbound_rerouted, r.tickets_landed),
    median_hours_to_owner: r.median_hours_to_owner,
    median_business_hours_to_owner: r.median_business_hours_to_owner,
    coordination_hours: r.coordination_hours,
    coordination_cost: r.coordination_cost,
    resolved_elsewhere: r.resolved_elsewhere,
    resolved_elsewhere_share: share(r.resolved_elsewhere, r.tickets_landed),
  }));
}
