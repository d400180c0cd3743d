/**
 * Layout of the demand forecast chart: the history as a line, the forecast as a dashed line
 * inside its 80 % band, and the school-calendar phases as shaded spans behind them, on one
 * x position per week. A withheld week ("<5") breaks the line rather than being drawn as a
 * number. Pure, so it is tested without a DOM.
 */
import { scaleLinear } from 'd3';

export type Value = number | string | null;

export interface ForecastChartInput {
  /** Every week shown, in order: history then forecast (Mondays, YYYY-MM-DD). */
  weeks: string[];
  /** By week: the actual value (history weeks only). */
  actual: Map<string, Value>;
  /** By week: the forecast and its interval (forecast weeks only). */
  forecast: Map<string, { mean: Value; low: Value; high: Value }>;
  phases: { from: string; to: string; phase: string }[];
}

export interface ForecastLayout {
  width: number;
  height: number;
  left: number;
  plotWidth: number;
  plotHeight: number;
  /** SVG path data; empty when there is nothing to draw. */
  actualPath: string;
  forecastPath: string;
  bandPath: string;
  phases: { x: number; width: number; phase: string }[];
  /** Where the forecast starts (between the last history week and the first forecast week). */
  dividerX: number | null;
  yTicks: { y: number; value: number }[];
  xLabels: { x: number; week: string }[];
}

const num = (v: Value): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const fmt = (n: number) => String(Math.round(n * 10) / 10);

/** A path through the points, broken where a point is missing. */
export function linePath(points: ({ x: number; y: number } | null)[]): string {
  let d = '';
  let open = false;
  for (const p of points) {
    if (!p) {
      open = false;
      continue;
    }
    d += `${open ? 'L' : 'M'}${fmt(p.x)},${fmt(p.y)}`;
    open = true;
  }
  return d;
}

export function layoutForecast(input: ForecastChartInput, opts: { width: number; height?: number; left?: number; top?: number; bottom?: number }): ForecastLayout {
  const height = opts.height ?? 240;
  const left = opts.left ?? 48;
  const top = opts.top ?? 8;
  const plotHeight = height - (opts.bottom ?? 28);
  const plotWidth = Math.max(opts.width - left - 8, 20);
  const n = input.weeks.length;
  const step = n > 1 ? plotWidth / (n - 1) : 0;
  const index = new Map(input.weeks.map((w, i) => [w, i]));
  const xOf = (week: string) => (index.get(week) ?? 0) * step;
  const values: number[] = [];
  for (const v of input.actual.values()) if (num(v) !== null) values.push(num(v) as number);
  for (const f of input.forecast.values()) for (const v of [f.mean, f.high]) if (num(v) !== null) values.push(num(v) as number);
  const y = scaleLinear().domain([0, Math.max(1, ...values)]).range([plotHeight, top]).nice();
  const history = input.weeks.filter((w) => input.actual.has(w));
  const future = input.weeks.filter((w) => input.forecast.has(w));
  const at = (week: string, v: Value) => (num(v) === null ? null : { x: xOf(week), y: y(num(v) as number) });
  const upper = future.map((w) => at(w, input.forecast.get(w)!.high));
  const lower = future.map((w) => at(w, input.forecast.get(w)!.low));
  const band = upper.every((p) => p) && lower.every((p) => p) && future.length > 0
    ? `${linePath(upper)}${linePath([...lower].reverse()).replace(/^M/, 'L')}Z`
    : '';
  const lastHistory = history[history.length - 1];
  const every = Math.max(1, Math.ceil(70 / Math.max(step, 1)));
  return {
    width: opts.width,
    height,
    left,
    plotWidth,
    plotHeight,
    actualPath: linePath(history.map((w) => at(w, input.actual.get(w) ?? null))),
    forecastPath: linePath(future.map((w) => at(w, input.forecast.get(w)!.mean))),
    bandPath: band,
    // A span covers its weeks from half a step before the first to half a step after the last.
    phases: input.phases
      .filter((p) => index.has(p.from) && index.has(p.to))
      .map((p) => {
        const x0 = Math.max(0, xOf(p.from) - step / 2);
        const x1 = Math.min(plotWidth, xOf(p.to) + step / 2);
        return { x: x0, width: x1 - x0, phase: p.phase };
      }),
    dividerX: lastHistory !== undefined && future.length ? xOf(lastHistory) + step / 2 : null,
    yTicks: y.ticks(4).map((value) => ({ y: y(value), value })),
    xLabels: input.weeks.filter((_, i) => i % every === 0).map((week) => ({ x: xOf(week), week })),
  };
}
