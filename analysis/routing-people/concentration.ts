/**
 * How concentrated the routing is: the share of all handoffs made by the top 1, 3 and 5
 * people, and the Gini coefficient over the people who made at least one (docs/metrics.md,
 * "Who routes"). Pure arithmetic on a list of counts, so a person can check it by hand.
 */
import { share } from '../shares.ts';

export interface Concentration {
  top1_share: number;
  top3_share: number;
  top5_share: number;
  gini: number;
}

/**
 * `counts`: handoffs per person (people with none are left out: they do not change the
 * shares, and the Gini is over the people who route). Gini = sum over all pairs |xi - xj|
 * / (2 n^2 mean), computed from the sorted list as (2 sum(i x(i)) - (n + 1) sum x) / (n sum x),
 * whole numbers until the one division, so [6, 3, 1] gives exactly 10 / 30.
 */
export function concentration(counts: readonly number[]): Concentration {
  const xs = counts.filter((c) => c > 0).sort((a, b) => b - a);
  const total = xs.reduce((a, b) => a + b, 0);
  const top = (k: number) => share(xs.slice(0, k).reduce((a, b) => a + b, 0), total);
  const n = xs.length;
  let weighted = 0;
  // Ascending rank i (1-based) of the descending list's j-th item is n - j.
  xs.forEach((x, j) => (weighted += (n - j) * x));
  const gini = n === 0 ? 0 : (2 * weighted - (n + 1) * total) / (n * total);
  return { top1_share: top(1), top3_share: top(3), top5_share: top(5), gini };
}
