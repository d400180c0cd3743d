/**
 * District totals as a department head may see them.
 *
 * A head sees in full every ticket that passed through, landed in or belongs to one of their
 * departments. A district total minus that part is the part they cannot see: other
 * departments' tickets. When filters narrow that hidden part of a count to between 1 and 4,
 * the total is withheld like any small count, with the figures of its row that derive from
 * counts. Periods of a trend add up to the total for the same filters, so a withheld period
 * is protected by a second one (complements.ts), chosen by its hidden part.
 *
 * The hidden part is computed by the route with the same filters plus `outsideDepartments`
 * (analysis/filters): the same SQL, over the tickets the head cannot see.
 */
import type { Filters } from '#analysis/filters/filters.ts';
import { protectSiblings } from './complements.ts';
import { SMALL_FIGURE_THRESHOLD, type RequestAccess } from './roles.ts';
import { COUNT_FIELDS, isObject, withholdCounts, type JsonObject } from './withholding.ts';

/** The department head whose view a route must guard, or null for a caller who sees the district. */
export function headOf(access: RequestAccess | null | undefined): RequestAccess | null {
  return access?.role === 'department_head' ? access : null;
}

/** `filters` narrowed to the tickets `head` cannot see. */
export function hiddenPartFilters<F extends Filters>(filters: F, head: RequestAccess): F {
  return { ...filters, outsideDepartments: [...head.departments] };
}

const isSmall = (n: unknown) => typeof n === 'number' && n > 0 && n < SMALL_FIGURE_THRESHOLD;

/** The count fields of `shown` whose hidden part is small. */
function smallHiddenCounts(shown: JsonObject, hidden: JsonObject | undefined): string[] {
  return Object.keys(shown).filter((k) => COUNT_FIELDS.has(k) && typeof shown[k] === 'number' && isSmall(hidden?.[k]));
}

/**
 * Withholds the counts of a district total whose hidden part is small (in place). `shown`
 * and `hidden` are the same figure for the filters and for the hidden part of them.
 */
export function withholdSmallTotal(shown: object, hidden: object): void {
  const row = shown as JsonObject;
  const fields = smallHiddenCounts(row, hidden as JsonObject);
  if (fields.length) withholdCounts(row, fields);
}

/** The same for a list of periods (matched by `key`), with complements among them (in place). */
export function withholdSmallPeriods(shown: readonly object[], hidden: readonly object[], key = 'period'): void {
  const rows = shown as JsonObject[];
  const byKey = new Map((hidden as JsonObject[]).map((h) => [h[key], h]));
  // A period with no hidden ticket has a hidden part of zero in every count.
  const hiddenRows = rows.map((row) => {
    const h = byKey.get(row[key]);
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? (isObject(h) && typeof h[k] === 'number' ? h[k] : 0) : v]));
  });
  rows.forEach((row, i) => {
    const fields = smallHiddenCounts(row, hiddenRows[i]);
    if (fields.length) withholdCounts(row, fields);
  });
  protectSiblings({
    values: hiddenRows,
    shown: rows,
    choosable: () => true,
    withholdRow: (i, field) => withholdCounts(rows[i], [field]),
  });
}

interface ReportTotals {
  summary: object;
  trends: { week: readonly object[]; month: readonly object[] };
}

/** The report's district totals: its summary and both trends (in place). */
export function withholdSmallReportTotals(report: ReportTotals, hidden: ReportTotals): void {
  withholdSmallTotal(report.summary, hidden.summary);
  withholdSmallPeriods(report.trends.week, hidden.trends.week);
  withholdSmallPeriods(report.trends.month, hidden.trends.month);
}
