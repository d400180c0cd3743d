/**
 * Pure SQL builders over the measure catalogue: the SELECT list of a grain, the department
 * query's three groupings, and the shares computed from a query's counts. They take the
 * catalogue as an argument (default: MEASURES), so a test can add a measure and see it go
 * through every query and surface. Names go through the quoting helper; the catalogue's
 * SQL is code, never input.
 */
import { quoteIdent } from '#core/sql/quote.ts';
import { share } from '../shares.ts';
import type { MetricOptions } from '../ticket-facts/ticket-facts.ts';
import { MEASURES, measuresAt, queried, type DepartmentBasis, type Grain, type Measure } from './catalogue.ts';

/** Where a figure reads its facts from, and the catalogue it reads (tests add a measure here). */
export interface FigureOptions extends MetricOptions {
  measures?: readonly Measure[];
}

/** `expr AS "name"` for each measure computed in SQL at the grain, one per line. */
export function selectList(grain: Grain, measures: readonly Measure[] = MEASURES): string {
  return queried(measuresAt(grain, measures))
    .map((m) => `${m.sql} AS ${quoteIdent(m.name)}`)
    .join(',\n  ');
}

/**
 * The row with every measure of the grain in catalogue order (shares computed from the
 * counts they divide), after the `leading` keys (the row's department or period); keys the
 * catalogue does not know are kept after them.
 */
export function withShares<R extends Record<string, unknown>>(row: R, grain: Grain, leading: readonly string[], measures: readonly Measure[] = MEASURES): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of leading) out[key] = row[key];
  for (const m of measuresAt(grain, measures)) {
    out[m.name] = m.share ? share(row[m.share.part] as number, row[m.share.whole] as number) : row[m.name];
  }
  for (const [key, value] of Object.entries(row)) if (!(key in out)) out[key] = value;
  return out;
}

const BASES: { basis: DepartmentBasis; cte: string; alias: string; from: string; department: string }[] = [
  { basis: 'owner', cte: 'owned', alias: 'o', from: 'facts GROUP BY owner', department: 'owner AS department' },
  { basis: 'first_landing', cte: 'landed', alias: 'l', from: 'facts GROUP BY first_landing', department: 'first_landing AS department' },
  // Coordination is spent by departments that may neither own nor receive the ticket.
  { basis: 'charges', cte: 'spent', alias: 's', from: '(SELECT unnest(charges) AS c FROM facts) GROUP BY c.department', department: 'c.department' },
];

/**
 * The department query after `WITH facts AS (...)`: one grouping per department basis
 * (owned, first landed, spent), joined on the department, so a department appears when it
 * owns, received first, or spent coordination time on a ticket in view. A missing count or
 * sum is 0; a median over no tickets stays NULL.
 */
export function departmentQuery(measures: readonly Measure[] = MEASURES): string {
  const atDepartment = queried(measuresAt('department', measures));
  const basisOf = (m: Measure) => m.department?.by ?? 'owner';
  const ctes = BASES.map(({ basis, cte, from, department }) => {
    const list = atDepartment.filter((m) => basisOf(m) === basis).map((m) => `${m.department?.sql ?? m.sql} AS ${quoteIdent(m.name)}`);
    return `${cte} AS (\n  SELECT ${[department, ...list].join(',\n    ')}\n  FROM ${from}\n)`;
  });
  const columns = atDepartment.map((m) => {
    const ref = `${BASES.find((b) => b.basis === basisOf(m))!.alias}.${quoteIdent(m.name)}`;
    return m.nullable ? `${ref} AS ${quoteIdent(m.name)}` : `coalesce(${ref}, 0) AS ${quoteIdent(m.name)}`;
  });
  return `${ctes.join(',\n')}
SELECT department,
  ${columns.join(',\n  ')}
FROM owned o FULL JOIN landed l USING (department) FULL JOIN spent s USING (department)
ORDER BY coordination_cost DESC, tickets_owned DESC, department`;
}
