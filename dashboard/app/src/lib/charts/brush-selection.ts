/**
 * Which weeks a brush covers on the column chart: the columns whose middle lies inside
 * the brushed pixels, as a day range from the first week's Monday to the last week's
 * Sunday. Pure, so the chart's brush is tested without a DOM.
 */
import type { ColumnRect } from './column-layout';

const DAY_MS = 86_400_000;

export interface WeekRange {
  /** Monday of the first week and Sunday of the last, as UTC midnight in ms. */
  from: number;
  to: number;
  weeks: number;
}

/** `columns` have periods written 'YYYY-MM-DD' (each week's Monday); `x0`, `x1` are in the plot's coordinates. */
export function weeksInBrush(columns: ColumnRect[], x0: number, x1: number): WeekRange | null {
  const [lo, hi] = x0 <= x1 ? [x0, x1] : [x1, x0];
  const inside = columns.filter((c) => c.x + c.width / 2 >= lo && c.x + c.width / 2 <= hi);
  if (!inside.length) return null;
  const first = Date.parse(`${inside[0].period}T00:00:00Z`);
  const last = Date.parse(`${inside[inside.length - 1].period}T00:00:00Z`);
  return { from: first, to: last + 6 * DAY_MS, weeks: inside.length };
}
