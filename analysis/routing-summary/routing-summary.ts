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
    // The unmapped groups as a distinct unnest, not a list of every ticket's list: with a
    // thousand unmapped groups on a million tickets, flattening the lists took a second.
    sql: `WITH ${facts.cte},
measures AS (SELECT ${selectList('district', options.measures)} FROM facts),
unmapped AS (SELECT coalesce(list(g ORDER BY g), []::VARCHAR[]) AS unmapped_groups FROM (SELECT DISTINCT unnest(unmapped_groups) AS g FROM facts))
SELECT * FROM measures, unmapped`,
    params: facts.params,
  };
}

export async function routingSummary(db: Queryable, filters: Filters, settings: Settings, options: FigureOptions = {}): Promise<RoutingSummary> {
  const q = buildRoutingSummarySql(filters, settings, { ...options, ...(await factsFor(db, settings, options)) });
  const [row] = await db.all<Record<string, unknown>>(q.sql, q.params);
  return withShares({ owner_basis: settings.ownerBasis, ...row }, 'district', ['owner_basis'], options.measures ?? MEASURES) as RoutingSummary;
}
