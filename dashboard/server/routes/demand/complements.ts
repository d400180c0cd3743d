/**
 * Complementary withholding for a department head's view of the demand forecast, on the
 * shared rule (plugins/app/auth/complements.ts: withheld values of a list are joined by
 * further ones, smallest first, until two or more are withheld and they add up to five or
 * more; failing that, the total goes).
 *
 * The guard already protects each department's request types against the department's own
 * total. What it cannot see is that this answer's lists add up to figures held elsewhere in
 * it: the departments' totals to the district block's, and each week of the departments'
 * histories to the district's week. Those two are protected here. The forecasts are left as
 * they are: each series is forecast on its own, so they do not add up to the district's.
 */
import { WITHHELD } from '#analysis/report/withheld.ts';
import { protectSiblings } from '../../plugins/app/auth/complements.ts';
import { withholdDerived, withholdWholeRow, type JsonObject } from '../../plugins/app/auth/withholding.ts';

interface Block extends JsonObject {
  history: JsonObject[];
  measures: JsonObject[];
}
interface DemandRows {
  district: Block;
  departments: (Block & { department: string })[];
}

/** The measures whose `tickets` is the block's total of `field`. */
const MEASURES_OF: Record<string, string[]> = {
  tickets_owned: ['tickets_owned'],
  inbound_misrouted: ['inbound_misrouted', 'misrouted_hours'],
};

/** Withholds the forecast measures of `block` built on its total of `field` (or on any total). */
function withholdMeasures(block: Block, field?: string): void {
  for (const m of block.measures ?? []) {
    if (field && !(MEASURES_OF[field] ?? [field]).includes(m.measure as string)) continue;
    m.tickets = WITHHELD;
    withholdDerived(m);
    for (const c of (m.candidates as JsonObject[] | undefined) ?? []) withholdDerived(c);
  }
}

/** Withholds a block's total of `field` and the measures built on it; false when it is not shown. */
function withholdTotal(block: Block, field: string): boolean {
  if (typeof block[field] !== 'number') return false;
  block[field] = WITHHELD;
  withholdMeasures(block, field);
  return true;
}

/**
 * `guarded` (the guard's copy of `answer` for a head of `mine`), with the complements of the
 * lists above withheld too; changed in place and returned. `answer` holds the numbers.
 */
export function withholdDemandComplements<T>(answer: T, guarded: T, mine: readonly string[]): T {
  const values = answer as unknown as DemandRows;
  const shown = guarded as unknown as DemandRows;
  const byName = new Map(values.departments.map((d) => [d.department, d]));
  const pairs = shown.departments.flatMap((s) => (byName.has(s.department) ? [{ value: byName.get(s.department)!, shown: s }] : []));
  protectSiblings({
    values: pairs.map((p) => p.value),
    shown: pairs.map((p) => p.shown),
    choosable: (i) => !mine.includes(pairs[i].value.department),
    // A department's totals are also the tickets of its forecast measures.
    withholdRow: (i) => {
      withholdWholeRow(pairs[i].shown);
      withholdMeasures(pairs[i].shown);
    },
    withholdTotal: (field) => withholdTotal(shown.district, field),
  });

  shown.district.history.forEach((districtWeek, w) => {
    const week = pairs.filter((p) => p.value.history[w] !== undefined && p.shown.history[w] !== undefined);
    protectSiblings({
      values: week.map((p) => p.value.history[w]),
      shown: week.map((p) => p.shown.history[w]),
      choosable: (i) => !mine.includes(week[i].value.department),
      withholdRow: (i) => withholdWholeRow(week[i].shown.history[w]),
      withholdTotal: (field) => {
        if (typeof districtWeek[field] !== 'number') return false;
        districtWeek[field] = WITHHELD;
        withholdDerived(districtWeek);
        return true;
      },
    });
  });
  return guarded;
}
