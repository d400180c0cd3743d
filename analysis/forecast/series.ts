/**
 * One weekly series, forecast: decides whether it can be forecast at all (too short, too
 * sparse), which models may compete (school-year seasonality needs 78 weeks: a school year
 * to look back on, its trend, and half a year of cuts to test on), backtests every
 * candidate on the same cuts, and forecasts with the one whose weighted error was lowest.
 * The answer says which model won and why the others could not compete, in words that
 * carry no figure (a department head may read another department's status, never its counts).
 */
import { backtest, BACKTEST_STEP, MIN_ORIGINS, type BacktestResult } from './backtest.ts';
import { MODEL_LABELS, MODELS, SEASONAL_MIN_WEEKS, type ModelName } from './models.ts';
import type { SchoolWeek } from './school-calendar.ts';

export type SeriesStatus = 'forecast' | 'too_short' | 'too_sparse';

export interface SeriesForecast {
  status: SeriesStatus;
  /** Plain words: why there is no line, or why the season was left out. */
  note: string | null;
  /** True when a school-year-seasonal model could compete. */
  seasonal: boolean;
  model: ModelName | null;
  model_label: string | null;
  backtest: BacktestResult | null;
  candidates: ({ model: ModelName } & BacktestResult)[];
  mean: number[];
  lower: number[];
  upper: number[];
}

/** Fewer weeks than this and nothing is forecast. */
export const MIN_WEEKS = 26;
/** Weeks from which school-year seasonality may compete. */
export const SEASONAL_WEEKS = SEASONAL_MIN_WEEKS + (MIN_ORIGINS - 1) * BACKTEST_STEP + 1;
const SPARSE_WINDOW = 26;
const LEVEL_MIN_HISTORY = 8;

const empty = (status: SeriesStatus, note: string): SeriesForecast => ({
  status,
  note,
  seasonal: false,
  model: null,
  model_label: null,
  backtest: null,
  candidates: [],
  mean: [],
  lower: [],
  upper: [],
});

/**
 * Forecasts `values` (weekly, oldest first, aligned with `weeks`) over `future`.
 * `counts`: the values are ticket counts (a mean below one a week is too sparse to draw).
 */
export function forecastSeries(
  values: readonly number[],
  weeks: readonly SchoolWeek[],
  future: readonly SchoolWeek[],
  options: { counts: boolean; horizon: number },
): SeriesForecast {
  // A series starts at its first week with anything in it.
  const start = values.findIndex((v) => v > 0);
  if (start < 0) return empty('too_sparse', 'nothing in the history');
  const v = values.slice(start);
  const w = weeks.slice(start);
  if (v.length < MIN_WEEKS) return empty('too_short', `${v.length} weeks of history; a forecast needs at least ${MIN_WEEKS}`);
  const recent = v.slice(-SPARSE_WINDOW);
  const zeros = recent.filter((x) => x === 0).length;
  const mean = recent.reduce((s, x) => s + x, 0) / recent.length;
  if (zeros * 2 > recent.length || (options.counts && mean < 1)) {
    return empty('too_sparse', 'too few in most recent weeks to forecast week by week');
  }
  const seasonal = v.length >= SEASONAL_WEEKS;
  const models = MODELS.filter((m) => seasonal || !m.seasonal);
  const minHistory = seasonal ? SEASONAL_MIN_WEEKS : LEVEL_MIN_HISTORY;
  const candidates = models.map((m) => ({ model: m.name, ...backtest(m, v, w, options.horizon, minHistory) }));
  const judged = candidates.filter((c) => c.wape !== null);
  const best = judged.length ? judged.reduce((a, b) => ((b.wape as number) < (a.wape as number) ? b : a)) : null;
  const chosen = MODELS.find((m) => m.name === (best?.model ?? 'recent_mean'))!;
  const f = chosen.forecast({ history: v, weeks: w, future });
  if (!f) return empty('too_short', `${v.length} weeks of history are too few for any model`);
  const note = seasonal
    ? null
    : `${v.length} weeks of history: too short for school-year seasonality (it needs ${SEASONAL_WEEKS} weeks, a school year to learn from and half a year to test on), so this is the recent level without a season`;
  const { model: _m, ...result } = best ?? { model: chosen.name, origins: 0, points: 0, mape: null, wape: null, bias: null, coverage: null };
  return {
    status: 'forecast',
    note,
    seasonal,
    model: chosen.name,
    model_label: MODEL_LABELS[chosen.name],
    backtest: best ? result : null,
    candidates,
    ...f,
  };
}
