/**
 * What withholding a figure means, in one place for the department guard (rows about other
 * departments), its complements (siblings that add up to a total) and the district totals.
 *
 * Counts are the catalogue's `count` measures and the few counts of analyses outside it.
 * Every other number in a row (shares, hours, medians, costs) is derived from its counts,
 * so whenever a count of a row is withheld they are withheld with it.
 */
import { WITHHELD } from '#analysis/report/withheld.ts';
import { countMeasureNames, MEASURES } from '#analysis/measures/catalogue.ts';

export type Json = unknown;
export type JsonObject = Record<string, Json>;

/**
 * Ticket counts, in the shapes the figure routes and the report answer with: every `count`
 * measure of the catalogue (analysis/measures), so a count added there is withheld without
 * a second list, and the counts of the analyses that are not catalogue measures (the
 * first-landing route, an answered theme's before and after, the report's resolved elsewhere).
 */
export const COUNT_FIELDS: ReadonlySet<string> = new Set([
  ...countMeasureNames(), 'ticketsLanded', 'resolvedElsewhere', 'tickets_before', 'tickets_after', 'resolved_elsewhere',
]);

/** The catalogue's figures that may be null (a median over no tickets). */
const NULLABLE_FIGURES = new Set<string>(MEASURES.filter((m) => 'nullable' in m && m.nullable).map((m) => m.name));

/** Figures that may be null, by the catalogue or by name. */
function isFigureKey(key: string): boolean {
  return NULLABLE_FIGURES.has(key) || /(^|_)(median|mean|hours|share|cost)(_|$)/i.test(key);
}

export function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * Withholds every number of `row` (changed in place): counts and what derives from them.
 * A null figure goes too, since a median over no tickets would tell that a count is zero.
 */
export function withholdWholeRow(row: JsonObject): void {
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === 'number' || (v === null && isFigureKey(k))) row[k] = WITHHELD;
  }
}

/** Withholds every figure of `row` derived from counts, the counts themselves kept (changed in place). */
export function withholdDerived(row: JsonObject): void {
  for (const [k, v] of Object.entries(row)) {
    if (!COUNT_FIELDS.has(k) && (typeof v === 'number' || (v === null && isFigureKey(k)))) row[k] = WITHHELD;
  }
}

/** Withholds `fields` of `row` and every figure derived from counts (changed in place). */
export function withholdCounts(row: JsonObject, fields: Iterable<string>): void {
  for (const k of fields) if (k in row) row[k] = WITHHELD;
  withholdDerived(row);
}
