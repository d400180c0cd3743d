/**
 * Where a department's peak comes from: its peak weeks are the 13 weeks of the last 52
 * complete weeks in which it owned the most tickets, and its drivers the schools
 * (locations) and request types with the most of its tickets in those weeks, each with its
 * share of them. One SQL statement over the per-ticket facts; the rows carry `department`
 * and `tickets`, so the department guard withholds another department's small ones.
 */
import type { Param, Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { factsSource, type MetricOptions } from '../ticket-facts/ticket-facts.ts';

export const PEAK_WEEKS = 13;
export const PEAK_WINDOW_WEEKS = 52;
export const DRIVERS_PER_KIND = 3;

export interface Driver {
  department: string;
  kind: 'location' | 'request_type';
  name: string;
  /** The department's tickets of this school or type in its peak weeks. */
  tickets: number;
  /** Their share of the department's tickets in its peak weeks. */
  share: number;
}

export interface PeakDrivers {
  /** Mondays of each department's peak weeks, by department. */
  peakWeeks: Map<string, string[]>;
  drivers: Map<string, Driver[]>;
}

/** `lastMonday`: the Monday of the last complete week ('YYYY-MM-DD'); the window is the 52 weeks ending with it. */
export function buildDriversSql(filters: Filters, settings: Settings, lastMonday: string, options: MetricOptions = {}) {
  const { department, ...rest } = filters;
  const facts = factsSource(rest, settings, options);
  const params: Record<string, Param> = {
    ...facts.params,
    window_end: lastMonday,
    window_weeks: PEAK_WINDOW_WEEKS,
    peak_weeks: PEAK_WEEKS,
    per_kind: DRIVERS_PER_KIND,
  };
  if (department !== undefined) params.fc_department = department;
  return {
    sql: `WITH ${facts.cte},
owned AS (
  SELECT date_trunc('week', created_day) AS week, owner, location, request_type FROM facts
  WHERE created_day >= $window_end::DATE - to_weeks($window_weeks - 1)
    AND created_day < $window_end::DATE + INTERVAL 7 DAY${department !== undefined ? ' AND owner = $fc_department' : ''}
),
peak AS (
  SELECT owner, week FROM (
    SELECT owner, week, row_number() OVER (PARTITION BY owner ORDER BY count(*) DESC, week) AS rank
    FROM owned GROUP BY owner, week
  ) WHERE rank <= $peak_weeks
),
in_peak AS (SELECT o.* FROM owned o JOIN peak p ON p.owner = o.owner AND p.week = o.week),
totals AS (SELECT owner, count(*) AS n FROM in_peak GROUP BY owner),
by_kind AS (
  SELECT owner, 'location' AS kind, location AS name, count(*) AS tickets FROM in_peak WHERE location IS NOT NULL GROUP BY owner, location
  UNION ALL
  SELECT owner, 'request_type' AS kind, request_type AS name, count(*) AS tickets FROM in_peak WHERE request_type IS NOT NULL GROUP BY owner, request_type
),
ranked AS (SELECT *, row_number() OVER (PARTITION BY owner, kind ORDER BY tickets DESC, name) AS rank FROM by_kind)
SELECT 'driver' AS row_kind, r.owner AS department, r.kind, r.name, r.tickets::INTEGER AS tickets, (r.tickets / t.n)::DOUBLE AS share, r.rank::INTEGER AS rank
FROM ranked r JOIN totals t ON t.owner = r.owner WHERE r.rank <= $per_kind
UNION ALL
SELECT 'peak', owner, NULL, strftime(week, '%Y-%m-%d'), NULL, NULL, NULL FROM peak
ORDER BY department, row_kind, kind, rank, name`,
    params,
  };
}

export async function peakDrivers(db: Queryable, filters: Filters, settings: Settings, lastMonday: string, options: MetricOptions): Promise<PeakDrivers> {
  const q = buildDriversSql(filters, settings, lastMonday, options);
  const rows = await db.all<{ row_kind: string; department: string; kind: Driver['kind'] | null; name: string; tickets: number | null; share: number | null }>(q.sql, q.params);
  const peakWeeks = new Map<string, string[]>();
  const drivers = new Map<string, Driver[]>();
  for (const r of rows) {
    if (r.row_kind === 'peak') {
      if (!peakWeeks.has(r.department)) peakWeeks.set(r.department, []);
      peakWeeks.get(r.department)!.push(r.name);
    } else {
      if (!drivers.has(r.department)) drivers.set(r.department, []);
      drivers.get(r.department)!.push({ department: r.department, kind: r.kind as Driver['kind'], name: r.name, tickets: r.tickets as number, share: Math.round((r.share as number) * 10_000) / 10_000 });
    }
  }
  for (const weeks of peakWeeks.values()) weeks.sort();
  return { peakWeeks, drivers };
}
