/**
 * The forecasting models, as pure functions of a weekly history and the school weeks it and
 * the future fall in. Each returns a point forecast and an 80 % interval for the next weeks.
 *
 * - seasonal_baseline: the same week of the school year one year earlier, scaled by the
 *   trend (the last 13 weeks over the same 13 school weeks a year before, held to 0.5-2).
 * - phase_regression: least squares on a linear trend, the phase of the week (before school,
 *   first weeks, break, testing, summer, term as the base) and two yearly harmonics of the
 *   week of the school year; the phases carry the calendar's breaks wherever they fall.
 * - exp_smoothing: simple exponential smoothing (a level, no season), the smoothing weight
 *   chosen by one-step error on the history; the fallback when there is no year to learn from.
 * - recent_mean: the mean of the last 8 weeks; the plainest fallback.
 *
 * Intervals: counts vary more when they are larger, so each model's errors on its own
 * history are scaled by the square root of what it expected, and the 10th and 90th
 * percentiles of those scaled errors give the band (times the square root of the forecast).
 * The level models' band widens with the horizon as a random walk's would.
 */
import { PHASES, type Phase, type SchoolWeek } from './school-calendar.ts';

export type ModelName = 'seasonal_baseline' | 'phase_regression' | 'exp_smoothing' | 'recent_mean';

export const MODEL_LABELS: Record<ModelName, string> = {
  seasonal_baseline: 'same week last school year, scaled by trend',
  phase_regression: 'regression on school phase, week of the school year and trend',
  exp_smoothing: 'exponential smoothing of the recent level (no school-year season)',
  recent_mean: 'mean of the last 8 weeks (no school-year season)',
};

export interface ModelInput {
  /** Weekly values, oldest first, without gaps. */
  history: readonly number[];
  /** The school week of each history value. */
  weeks: readonly SchoolWeek[];
  /** The school weeks to forecast. */
  future: readonly SchoolWeek[];
}

export interface ModelForecast {
  mean: number[];
  lower: number[];
  upper: number[];
}

export interface Model {
  name: ModelName;
  /** Needs a school year of history to learn the season from. */
  seasonal: boolean;
  forecast(input: ModelInput): ModelForecast | null;
}

/** Weeks of history a seasonal model needs: a year to look back on and 13 weeks of trend. */
export const SEASONAL_MIN_WEEKS = 52 + 13;
const TREND_WEEKS = 13;
const RECENT_WEEKS = 8;
const Z_LOW = 0.1;
const Z_HIGH = 0.9;

/** The q-quantile of `xs` by linear interpolation between order statistics. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

const scale = (expected: number) => Math.sqrt(Math.max(expected, 1));

/** Scaled errors (actual - fitted) / sqrt(fitted) of a model on its own history. */
function scaledErrors(actual: readonly number[], fitted: readonly (number | null)[]): number[] {
  const out: number[] = [];
  fitted.forEach((f, i) => {
    if (f !== null) out.push((actual[i] - f) / scale(f));
  });
  return out;
}

/** The band around `mean` from scaled errors; `widen(h)` multiplies the band at horizon h (0-based). */
function band(mean: number[], errors: number[], widen: (h: number) => number = () => 1): ModelForecast {
  const lo = quantile(errors, Z_LOW);
  const hi = quantile(errors, Z_HIGH);
  const m = mean.map((x) => Math.max(0, x));
  return {
    mean: m,
    lower: m.map((x, h) => Math.max(0, x + lo * scale(x) * widen(h))),
    upper: m.map((x, h) => Math.max(0, x + hi * scale(x) * widen(h))),
  };
}

const key = (w: Pick<SchoolWeek, 'startYear' | 'weekOfYear'>) => `${w.startYear}:${w.weekOfYear}`;

/** The index of the same school week one year earlier in `index`, or the nearest week beside it. */
function lastYear(index: Map<string, number>, w: SchoolWeek): number | undefined {
  for (const d of [0, -1, 1, -2, 2]) {
    const i = index.get(key({ startYear: w.startYear - 1, weekOfYear: w.weekOfYear + d }));
    if (i !== undefined) return i;
  }
  return undefined;
}

export const seasonalBaseline: Model = {
  name: 'seasonal_baseline',
  seasonal: true,
  forecast({ history, weeks, future }) {
    const n = history.length;
    if (n < SEASONAL_MIN_WEEKS) return null;
    // Values known or forecast so far, by school week: a forecast more than a year out reads its own.
    const values = [...history];
    const all: SchoolWeek[] = [...weeks];
    const index = new Map(all.map((w, i) => [key(w), i]));
    let recent = 0;
    let before = 0;
    for (let i = n - TREND_WEEKS; i < n; i++) {
      const j = lastYear(index, weeks[i]);
      if (j === undefined) return null;
      recent += history[i];
      before += history[j];
    }
    const trend = before === 0 ? 1 : Math.min(2, Math.max(0.5, recent / before));
    const fitted: (number | null)[] = weeks.map((w, i) => {
      if (i < n - 52) return null;
      const j = lastYear(index, w);
      return j === undefined ? null : trend * history[j];
    });
    const mean: number[] = [];
    for (const w of future) {
      const j = lastYear(index, w);
      const x = j === undefined ? (values[values.length - 1] ?? 0) : trend * values[j];
      mean.push(x);
      values.push(x);
      index.set(key(w), values.length - 1);
    }
    return band(mean, scaledErrors(history, fitted));
  },
};

/** Solves (X'X + ridge I) b = X'y by Gaussian elimination with partial pivoting. */
export function leastSquares(rows: readonly number[][], y: readonly number[], ridge = 1e-6): number[] {
  const k = rows[0].length;
  const a = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  rows.forEach((x, r) => {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) a[i][j] += x[i] * x[j];
      a[i][k] += x[i] * y[r];
    }
  });
  for (let i = 0; i < k; i++) a[i][i] += ridge * Math.max(1, a[i][i]);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    const pivot = a[c][c] || 1e-12;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r][c] / pivot;
      for (let j = c; j <= k; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((row, i) => row[k] / (a[i][i] || 1e-12));
}

const PHASE_COLUMNS: Phase[] = PHASES.filter((p) => p !== 'term');

/** The regression's row for a week: 1, trend (in years), phase indicators, two harmonics. */
function regressors(w: SchoolWeek, t: number): number[] {
  const angle = (2 * Math.PI * (w.weekOfYear - 1)) / 52;
  return [
    1,
    t / 52,
    ...PHASE_COLUMNS.map((p) => (w.phase === p ? 1 : 0)),
    Math.sin(angle),
    Math.cos(angle),
    Math.sin(2 * angle),
    Math.cos(2 * angle),
  ];
}

export const phaseRegression: Model = {
  name: 'phase_regression',
  seasonal: true,
  forecast({ history, weeks, future }) {
    const n = history.length;
    if (n < SEASONAL_MIN_WEEKS) return null;
    // The last three years at most: an old level says little about next term.
    const from = Math.max(0, n - 156);
    const rows = weeks.slice(from).map((w, i) => regressors(w, from + i));
    const b = leastSquares(rows, history.slice(from));
    const predict = (x: number[]) => x.reduce((s, v, i) => s + v * b[i], 0);
    const fitted: (number | null)[] = weeks.map((w, i) => (i < from ? null : Math.max(0, predict(regressors(w, i)))));
    const mean = future.map((w, h) => predict(regressors(w, n + h)));
    // Errors on the data a regression was fitted to understate new errors: widened by sqrt(n / (n - k)).
    const fittedRows = n - from;
    const widen = Math.sqrt(fittedRows / Math.max(1, fittedRows - rows[0].length));
    return band(mean, scaledErrors(history, fitted), () => widen);
  },
};

export const expSmoothing: Model = {
  name: 'exp_smoothing',
  seasonal: false,
  forecast({ history, future }) {
    const n = history.length;
    if (n < RECENT_WEEKS) return null;
    let best = { alpha: 0.5, sse: Infinity, level: 0, fitted: [] as (number | null)[] };
    for (let alpha = 0.1; alpha < 0.95; alpha += 0.1) {
      let level = history[0];
      let sse = 0;
      const fitted: (number | null)[] = [null];
      for (let i = 1; i < n; i++) {
        fitted.push(level);
        sse += (history[i] - level) ** 2;
        level += alpha * (history[i] - level);
      }
      if (sse < best.sse) best = { alpha, sse, level, fitted };
    }
    const { alpha, level, fitted } = best;
    const mean = future.map(() => level);
    return band(mean, scaledErrors(history, fitted), (h) => Math.sqrt(1 + h * alpha * alpha));
  },
};

export const recentMean: Model = {
  name: 'recent_mean',
  seasonal: false,
  forecast({ history, future }) {
    const n = history.length;
    if (n < RECENT_WEEKS) return null;
    const meanOf = (end: number) => history.slice(end - RECENT_WEEKS, end).reduce((s, x) => s + x, 0) / RECENT_WEEKS;
    const fitted = history.map((_, i) => (i < RECENT_WEEKS ? null : meanOf(i)));
    const level = meanOf(n);
    return band(
      future.map(() => level),
      scaledErrors(history, fitted),
      (h) => Math.sqrt(1 + h / RECENT_WEEKS),
    );
  },
};

export const MODELS: readonly Model[] = [seasonalBaseline, phaseRegression, expSmoothing, recentMean];
