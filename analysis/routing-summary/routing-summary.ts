/**
 * The routing summary: the district's figures over the tickets in view (docs/metrics.md,
 * "Summary"). One aggregate over the per-ticket facts whose SELECT list is the catalogue's
 * district measures (analysis/measures); every figure says which owner basis produced it.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { MEASURES, type MeasureValues } from '../measures/catalogue.ts';
import { selectList, withShares, type FigureOptions } from '../measures/select-lists.ts';
import { factsFor, factsSource } from '../ticket-facts/ticket-facts.ts';

export type RoutingSummary = { owner_basis: Settings['ownerBasis'] } & MeasureValues<'district'> & {
  /** Groups on some path that the group map lacks (they stand for themselves as departments). */
  unmapped_groups: string[];
};

export function buildRoutingSummarySql(filters: Filters, settings: Settings, options: FigureOptions = {}) {
  const facts = factsSource(filters, settings, options);
  return {
    sql: `WITH ${facts.cte}
SELECT ${selectList('district', options.measures)},
  coalesce(list_sort(list_distinct(flatten(list(unmapped_groups) FILTER (WHERE len(unmapped_groups) > 0)))), []::VARCHAR[]) AS unmapped_groups
FROM facts`,
    params: facts.params,
  };
}

export async function routingSummary(db: Queryable, filters: Filters, settings: Settings, options: FigureOptions = {}): Promise<RoutingSummary> {
  const q = buildRoutingSummarySql(filters, settings, { ...options, ...(await factsFor(db, settings, options)) });
  const [row] = await db.all<Record<string, unknown>>(q.sql, q.params);
  return withShares({ owner_basis: settings.ownerBasis, ...row }, 'district', ['owner_basis'], options.measures ?? MEASURES) as RoutingSummary;
}
