/**
 * Complementary withholding. Rows of one list add up to a total the reader sees (the
 * district's total, or the row that holds the list, as a request type holds its owners), so
 * with one count of the list withheld, the total minus the counts shown would give it back.
 *
 * The rule, per count field of a list: when any value is withheld, further values are
 * withheld, smallest first, until at least two are withheld and the withheld values add up
 * to at least the threshold. A subtraction then gives only a sum of several values that is
 * itself not small. Values whose row the reader may always see (their own department) are
 * never chosen. When no value is left to choose and the list sits in a row carrying the total
 * itself, that total and every figure derived from it are withheld instead. A list whose
 * total is the district's (another answer) relies on the district totals' own rule
 * (district-totals.ts): a part of it that a head cannot see is withheld when it is small.
 */
import { WITHHELD } from '#analysis/report/withheld.ts';
import { SMALL_FIGURE_THRESHOLD } from './roles.ts';
import { COUNT_FIELDS, withholdDerived, type JsonObject } from './withholding.ts';

export interface SiblingList {
  /** The rows before withholding (numbers), in the same order as `shown`. */
  values: readonly JsonObject[];
  /** The rows as they will be sent (changed in place). */
  shown: JsonObject[];
  /** Whether row `i` may be withheld to protect another (false for the reader's own rows). */
  choosable: (i: number) => boolean;
  /** What withholding row `i` as a complement means (whole row, or one field and what derives from it). */
  withholdRow: (i: number, field: string) => void;
  /** Withholds the total the list adds up to, when there is one in the same answer; false when there is none. */
  withholdTotal?: (field: string) => boolean;
}

/** The count fields of a list: those that some row carries as a number. */
function countFieldsOf(values: readonly JsonObject[]): string[] {
  const fields = new Set<string>();
  for (const row of values) for (const [k, v] of Object.entries(row)) if (COUNT_FIELDS.has(k) && typeof v === 'number') fields.add(k);
  return [...fields];
}

/** Applies the rule above to every count field of the list. */
export function protectSiblings(list: SiblingList): void {
  for (const field of countFieldsOf(list.values)) {
    const value = (i: number) => list.values[i][field] as number;
    const withheld: number[] = [];
    list.shown.forEach((row, i) => {
      if (row[field] === WITHHELD && typeof list.values[i][field] === 'number') withheld.push(i);
    });
    if (withheld.length === 0) continue;
    const isProtected = () => withheld.length >= 2 && withheld.reduce((n, i) => n + value(i), 0) >= SMALL_FIGURE_THRESHOLD;
    const candidates = list.shown
      .map((_, i) => i)
      .filter((i) => list.choosable(i) && typeof list.shown[i][field] === 'number' && typeof list.values[i][field] === 'number')
      .sort((a, b) => value(a) - value(b) || a - b);
    while (!isProtected() && candidates.length > 0) {
      const next = candidates.shift()!;
      // A value of zero adds nothing to the sum; it would be withheld for nothing.
      if (value(next) === 0) continue;
      list.withholdRow(next, field);
      withheld.push(next);
    }
    // Each row's share of the total would give the total back.
    if (!isProtected() && list.withholdTotal?.(field)) for (const row of list.shown) withholdDerived(row);
  }
}
