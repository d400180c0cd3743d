/**
 * Rolling-origin backtest: cut the history at past weeks, forecast the weeks after each cut
 * from what was known then, and compare with what happened. Every (cut, week ahead) pair is
 * one point. Cuts fall every 4 weeks over the last school year of history (at most 13), so
 * the errors cover every phase once.
 *
 * Figures (docs/metrics.md, "Demand forecast"):
 *   mape      mean of |forecast - actual| / actual over points with an actual above zero
 *   wape      sum |forecast - actual| / sum actual (the "off by x % on average" in words;
 *             weeks with nothing in them do not blow it up as they do the mape)
 *   bias      sum (forecast - actual) / sum actual: above zero, the model over-forecast
 *   coverage  share of points whose actual fell inside the 80 % interval
 */
import type { Model } from './models.ts';
import type { SchoolWeek } from './school-calendar.ts';

export interface BacktestResult {
  origins: number;
  points: number;
  mape: number | null;
  wape: number | null;
  bias: number | null;
  coverage: number | null;
}

export const BACKTEST_STEP = 4;
export const BACKTEST_SPAN = 52;
/** A model is judged on at least this many cuts, or not at all. */
export const MIN_ORIGINS = 4;

/** The cuts (history lengths) a series of `n` weeks is tested from, oldest first. */
export function backtestOrigins(n: number, minHistory: number, horizon: number): number[] {
  const cuts: number[] = [];
  // The last cut leaves at least one week to compare with; cuts stay a step apart.
  for (let c = n - 1; c >= Math.max(minHistory, n - BACKTEST_SPAN) && cuts.length < 13; c -= BACKTEST_STEP) cuts.unshift(c);
  return horizon > 0 ? cuts : [];
}

export function backtest(model: Model, values: readonly number[], weeks: readonly SchoolWeek[], horizon: number, minHistory: number): BacktestResult {
  let points = 0;
  let absSum = 0;
  let signedSum = 0;
  let actualSum = 0;
  let apeSum = 0;
  let apeCount = 0;
  let inside = 0;
  let origins = 0;
  for (const cut of backtestOrigins(values.length, minHistory, horizon)) {
    const end = Math.min(values.length, cut + horizon);
    const f = model.forecast({ history: values.slice(0, cut), weeks: weeks.slice(0, cut), future: weeks.slice(cut, end) });
    if (!f) continue;
    origins++;
    for (let i = cut; i < end; i++) {
      const actual = values[i];
      const h = i - cut;
      const err = f.mean[h] - actual;
      points++;
      absSum += Math.abs(err);
      signedSum += err;
      actualSum += actual;
      if (actual > 0) {
        apeSum += Math.abs(err) / actual;
        apeCount++;
      }
      if (actual >= f.lower[h] && actual <= f.upper[h]) inside++;
    }
  }
  if (origins < MIN_ORIGINS) return { origins, points, mape: null, wape: null, bias: null, coverage: null };
  return {
    origins,
    points,
    mape: apeCount ? apeSum / apeCount : null,
    wape: actualSum > 0 ? absSum / actualSum : null,
    bias: actualSum > 0 ? signedSum / actualSum : null,
    coverage: points ? inside / points : null,
  };
}
