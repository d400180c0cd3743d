/**
 * Figures by department (docs/metrics.md, "By department"): the catalogue's department
 * measures (analysis/measures), each counted under the department that owns the ticket,
 * the one it first landed in, or the one that spent the coordination time. A department
 * appears when it owns, received first, or spent coordination time on a ticket in view.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { MEASURES, type MeasureValues } from '../measures/catalogue.ts';
import { departmentQuery, withShares, type FigureOptions } from '../measures/select-lists.ts';
import { factsFor, factsSource } from '../ticket-facts/ticket-facts.ts';

export type DepartmentFigures = { department: string } & MeasureValues<'department'>;

export function buildDepartmentsSql(filters: Filters, settings: Settings, options: FigureOptions = {}) {
  const facts = factsSource(filters, settings, options);
  return { sql: `WITH ${facts.cte},\n${departmentQuery(options.measures)}`, params: facts.params };
}

export async function departmentFigures(db: Queryable, filters: Filters, settings: Settings, options: FigureOptions = {}): Promise<DepartmentFigures[]> {
  const q = buildDepartmentsSql(filters, settings, { ...options, ...(await factsFor(db, settings, options)) });
  const rows = await db.all<Record<string, unknown>>(q.sql, q.params);
  return rows.map((r) => withShares(r, 'department', ['department'], options.measures ?? MEASURES) as DepartmentFigures);
}
