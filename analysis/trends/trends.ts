/**
 * Trends: the catalogue's week and month measures (analysis/measures) by period of
 * creation, with the periods cut in the district's zone (date_trunc on the local creation
 * day the facts carry), so a ticket created Sunday 23:30 in Chicago counts in that week,
 * not the next.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { MEASURES, type MeasureValues } from '../measures/catalogue.ts';
import { selectList, withShares, type FigureOptions } from '../measures/select-lists.ts';
import { factsFor, factsSource } from '../ticket-facts/ticket-facts.ts';

export type TrendGrain = 'week' | 'month';

export type TrendPoint = {
  /** First local day of the period, YYYY-MM-DD. */
  period: string;
} & MeasureValues<'week'>;

export function buildTrendsSql(filters: Filters, settings: Settings, grain: TrendGrain, options: FigureOptions = {}) {
  const facts = factsSource(filters, settings, options);
  return {
    sql: `WITH ${facts.cte}
SELECT strftime(date_trunc($grain, created_day), '%Y-%m-%d') AS period,
  ${selectList(grain, options.measures)}
FROM facts GROUP BY period ORDER BY period`,
    params: { ...facts.params, grain },
  };
}

/** The figures per period of one grain. */
export async function trend(db: Queryable, filters: Filters, settings: Settings, grain: TrendGrain, options: FigureOptions = {}): Promise<TrendPoint[]> {
  const q = buildTrendsSql(filters, settings, grain, { ...options, ...(await factsFor(db, settings, options)) });
  const rows = await db.all<Record<string, unknown>>(q.sql, q.params);
  return rows.map((r) => withShares(r, grain, ['period'], options.measures ?? MEASURES) as TrendPoint);
}

/** Both grains (the report shows both). */
export async function trends(
  db: Queryable,
  filters: Filters,
  settings: Settings,
  options: FigureOptions = {},
): Promise<{ week: TrendPoint[]; month: TrendPoint[] }> {
  const facts = { ...options, ...(await factsFor(db, settings, options)) };
  const [week, month] = await Promise.all([trend(db, filters, settings, 'week', facts), trend(db, filters, settings, 'month', facts)]);
  return { week, month };
}
