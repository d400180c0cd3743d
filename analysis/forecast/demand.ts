/**
 * Demand forecast (docs/metrics.md, "Demand forecast"): for each owning department, and for
 * its busiest request types, the weekly tickets it owns, the ones that first landed in
 * another department (inbound misrouted) and the coordination hours those cost, with the
 * next weeks forecast on the school calendar, an 80 % interval and the backtest errors.
 *
 * Shape: one SQL aggregate over the per-ticket facts (weeks x owner, and weeks x owner x
 * request type for each owner's five busiest types), then pure TypeScript per series
 * (series.ts). The answer is plain JSON and names its rows with the fields the department
 * guard knows (`department`, `tickets_owned`, `inbound_misrouted`, `tickets`), so a
 * department head's view of other departments withholds small counts as everywhere else.
 * Words in the answer carry no figure; the page writes "off by 12 %" from the numbers.
 */
import type { Param, Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { factsFor, factsSource, type MetricOptions } from '../ticket-facts/ticket-facts.ts';
import { peakDrivers, type Driver } from './drivers.ts';
import { MODEL_LABELS, type ModelName } from './models.ts';
import { dayNumber, dayString, mondayOf, phaseSpans, schoolWeeks, type Phase, type SchoolWeek } from './school-calendar.ts';
import { forecastSeries, MIN_WEEKS, SEASONAL_WEEKS, type SeriesForecast, type SeriesStatus } from './series.ts';

export const MEASURES = ['tickets_owned', 'inbound_misrouted', 'misrouted_hours'] as const;
export type Measure = (typeof MEASURES)[number];
export const MEASURE_LABELS: Record<Measure, string> = {
  tickets_owned: 'Tickets owned',
  inbound_misrouted: 'Misrouted (first landed elsewhere)',
  misrouted_hours: 'Coordination hours of misrouted tickets',
};

/** How many of a department's request types get their own forecast (the busiest). */
export const REQUEST_TYPES_PER_DEPARTMENT = 5;
/** Weeks of history returned for the chart (the models read all of it). */
export const HISTORY_WEEKS_SHOWN = 104;
export const DEFAULT_HORIZON_WEEKS = 13;

export interface DemandWeek {
  week: string;
  start_year: number;
  week_of_school_year: number;
  phase: Phase;
}

export interface HistoryRow {
  week: string;
  tickets_owned: number;
  inbound_misrouted: number;
  misrouted_hours: number;
}

/** A forecast week: each measure's value and 80 % interval, null where it is not forecast. */
export interface ForecastRow {
  week: string;
  tickets_owned: number | null;
  tickets_owned_low: number | null;
  tickets_owned_high: number | null;
  inbound_misrouted: number | null;
  inbound_misrouted_low: number | null;
  inbound_misrouted_high: number | null;
  misrouted_hours: number | null;
  misrouted_hours_low: number | null;
  misrouted_hours_high: number | null;
}

export interface BacktestFigures {
  model: ModelName;
  origins: number;
  points: number;
  mape: number | null;
  wape: number | null;
  bias: number | null;
  coverage: number | null;
}

export interface MeasureForecast {
  measure: Measure;
  /** Tickets behind the measure's history (owned, or misrouted for the two misroute measures). */
  tickets: number;
  status: SeriesStatus;
  note: string | null;
  seasonal: boolean;
  model: ModelName | null;
  model_label: string | null;
  /** The chosen model's backtest (null when it could not be judged). */
  backtest_origins: number | null;
  mape: number | null;
  wape: number | null;
  bias: number | null;
  coverage: number | null;
  /** The sum over the horizon and its 80 % interval. */
  next_total: number | null;
  next_total_low: number | null;
  next_total_high: number | null;
  /** Every model that competed, with its backtest. */
  candidates: BacktestFigures[];
}

export interface SeriesBlock {
  /** History totals; `history` holds the last weeks of it (none for a request type). */
  tickets_owned: number;
  inbound_misrouted: number;
  history: HistoryRow[];
  forecast: ForecastRow[];
  measures: MeasureForecast[];
}

export interface RequestTypeForecast extends SeriesBlock {
  department: string;
  request_type: string;
}

export interface DepartmentForecast extends SeriesBlock {
  department: string;
  request_types: RequestTypeForecast[];
  /** Its 13 busiest weeks of the last 52 (drivers.ts), and the schools and request types behind them. */
  peak_weeks: string[];
  drivers: Driver[];
}

export interface DemandForecast {
  horizon_weeks: number;
  /** Mondays of the first and last complete week of history, and of the first forecast week; null without data. */
  history_from: string | null;
  history_to: string | null;
  forecast_from: string | null;
  /** School-calendar weeks of the shown history and the forecast, and their phase spans. */
  weeks: DemandWeek[];
  phases: { from: string; to: string; phase: Phase }[];
  thresholds: { min_weeks: number; seasonal_weeks: number };
  models: { model: ModelName; label: string }[];
  /** Every ticket in view (the district, or the filtered department). */
  district: SeriesBlock;
  departments: DepartmentForecast[];
}

interface WeekRow {
  week: string;
  department: string | null;
  request_type: string | null;
  tickets_owned: number;
  inbound_misrouted: number;
  misrouted_hours: number;
  /** The last local day of any ticket in view (the department filter aside). */
  last_day: string;
}

export function buildDemandSql(filters: Filters, settings: Settings, options: MetricOptions = {}) {
  const { department, ...rest } = filters;
  const facts = factsSource(rest, settings, options);
  const params: Record<string, Param> = { ...facts.params, top_types: REQUEST_TYPES_PER_DEPARTMENT };
  if (department !== undefined) params.fc_department = department;
  return {
    sql: `WITH ${facts.cte},
owned AS (
  SELECT date_trunc('week', created_day) AS week, owner, request_type, misrouted, coordination_minutes
  FROM facts${department !== undefined ? ' WHERE owner = $fc_department' : ''}
),
busiest AS (
  SELECT owner, request_type FROM (
    SELECT owner, request_type, row_number() OVER (PARTITION BY owner ORDER BY count(*) DESC, request_type) AS rank
    FROM owned WHERE request_type IS NOT NULL GROUP BY owner, request_type
  ) WHERE rank <= $top_types
),
-- A request type outside its owner's busiest few is left out of the per-type rows only.
marked AS (
  SELECT o.*, CASE WHEN b.owner IS NOT NULL THEN o.request_type END AS top_type
  FROM owned o LEFT JOIN busiest b ON b.owner = o.owner AND b.request_type = o.request_type
)
SELECT strftime(week, '%Y-%m-%d') AS week,
  CASE WHEN grouping(owner) = 0 THEN owner END AS department,
  CASE WHEN grouping(top_type) = 0 THEN top_type END AS request_type,
  count(*)::INTEGER AS tickets_owned,
  count(*) FILTER (WHERE misrouted)::INTEGER AS inbound_misrouted,
  (coalesce(sum(coordination_minutes) FILTER (WHERE misrouted), 0) / 60)::DOUBLE AS misrouted_hours,
  (SELECT strftime(max(created_day), '%Y-%m-%d') FROM facts) AS last_day
FROM marked
GROUP BY GROUPING SETS ((week), (week, owner), (week, owner, top_type))
HAVING grouping(top_type) = 1 OR top_type IS NOT NULL
ORDER BY week`,
    params,
  };
}

/**
 * The last complete week of history. School weeks end on Friday and weekend tickets are
 * rare, so the week of the last ticket counts when it came on a Saturday or Sunday, or when
 * the `to` filter ends that very week on its Friday, Saturday or Sunday; otherwise the week
 * is partial and left out.
 */
function lastCompleteMonday(lastDay: number, to: string | undefined): number {
  const monday = mondayOf(lastDay);
  const toDay = to === undefined ? undefined : dayNumber(to);
  const endsThisWeek = toDay !== undefined && toDay >= monday + 4 && toDay <= monday + 6;
  return lastDay - monday >= 5 || endsThisWeek ? monday : monday - 7;
}

/** Forecasts to hundredths and errors to ten-thousandths: the answer stays small and reads plainly. */
const r2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

/** Sum over the horizon; its interval adds each week's half-widths in quadrature (weeks taken as independent). */
function total(f: SeriesForecast): { next_total: number | null; next_total_low: number | null; next_total_high: number | null } {
  if (f.status !== 'forecast') return { next_total: null, next_total_low: null, next_total_high: null };
  const sum = f.mean.reduce((s, x) => s + x, 0);
  const below = Math.sqrt(f.mean.reduce((s, x, i) => s + (x - f.lower[i]) ** 2, 0));
  const above = Math.sqrt(f.mean.reduce((s, x, i) => s + (f.upper[i] - x) ** 2, 0));
  return { next_total: r2(sum), next_total_low: r2(Math.max(0, sum - below)), next_total_high: r2(sum + above) };
}

function measureOf(measure: Measure, tickets: number, f: SeriesForecast): MeasureForecast {
  return {
    measure,
    tickets,
    status: f.status,
    note: f.note,
    seasonal: f.seasonal,
    model: f.model,
    model_label: f.model_label,
    backtest_origins: f.backtest?.origins ?? null,
    mape: r4(f.backtest?.mape ?? null),
    wape: r4(f.backtest?.wape ?? null),
    bias: r4(f.backtest?.bias ?? null),
    coverage: r4(f.backtest?.coverage ?? null),
    ...total(f),
    candidates: f.candidates.map((c) => ({ ...c, mape: r4(c.mape), wape: r4(c.wape), bias: r4(c.bias), coverage: r4(c.coverage) })),
  };
}

/** One series block from its weekly rows (by Monday), over the history weeks. */
function seriesBlock(rows: Map<string, WeekRow>, history: SchoolWeek[], future: SchoolWeek[], shownWeeks = HISTORY_WEEKS_SHOWN): SeriesBlock {
  const values = (m: Measure) => history.map((w) => rows.get(w.week)?.[m] ?? 0);
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const byMeasure = Object.fromEntries(
    MEASURES.map((m) => [m, forecastSeries(values(m), history, future, { counts: m !== 'misrouted_hours', horizon: future.length })]),
  ) as Record<Measure, SeriesForecast>;
  const owned = sum(values('tickets_owned'));
  const misrouted = sum(values('inbound_misrouted'));
  const shown = shownWeeks > 0 ? history.slice(-shownWeeks) : [];
  const cell = (m: Measure, i: number, part: 'mean' | 'lower' | 'upper') => {
    const f = byMeasure[m];
    return f.status === 'forecast' ? r2(f[part][i]) : null;
  };
  return {
    tickets_owned: owned,
    inbound_misrouted: misrouted,
    history: shown.map((w) => {
      const r = rows.get(w.week);
      return { week: w.week, tickets_owned: r?.tickets_owned ?? 0, inbound_misrouted: r?.inbound_misrouted ?? 0, misrouted_hours: r2(r?.misrouted_hours ?? 0) as number };
    }),
    forecast: future.map((w, i) => ({
      week: w.week,
      tickets_owned: cell('tickets_owned', i, 'mean'),
      tickets_owned_low: cell('tickets_owned', i, 'lower'),
      tickets_owned_high: cell('tickets_owned', i, 'upper'),
      inbound_misrouted: cell('inbound_misrouted', i, 'mean'),
      inbound_misrouted_low: cell('inbound_misrouted', i, 'lower'),
      inbound_misrouted_high: cell('inbound_misrouted', i, 'upper'),
      misrouted_hours: cell('misrouted_hours', i, 'mean'),
      misrouted_hours_low: cell('misrouted_hours', i, 'lower'),
      misrouted_hours_high: cell('misrouted_hours', i, 'upper'),
    })),
    measures: MEASURES.map((m) => measureOf(m, m === 'tickets_owned' ? owned : misrouted, byMeasure[m])),
  };
}

/**
 * The forecast for the tickets in view. `filters.department` narrows to the tickets that
 * department owns. The history ends with the last complete week in view; the forecast covers
 * the `horizonWeeks` after it (13 by default, at most 104).
 */
export async function demandForecast(
  db: Queryable,
  settings: Settings,
  filters: Filters = {},
  options: MetricOptions & { horizonWeeks?: number } = {},
): Promise<DemandForecast> {
  const horizon = Math.max(1, Math.min(104, Math.floor(options.horizonWeeks ?? DEFAULT_HORIZON_WEEKS)));
  const facts = await factsFor(db, settings, options);
  const q = buildDemandSql(filters, settings, facts);
  const rows = await db.all<WeekRow>(q.sql, q.params);
  const calendar = settings.schoolCalendar;
  const models = (Object.keys(MODEL_LABELS) as ModelName[]).map((model) => ({ model, label: MODEL_LABELS[model] }));
  const thresholds = { min_weeks: MIN_WEEKS, seasonal_weeks: SEASONAL_WEEKS };
  const firstWeek = rows.length ? rows[0].week : null;
  const lastMonday = rows.length ? lastCompleteMonday(dayNumber(rows[0].last_day), filters.to) : null;
  if (firstWeek === null || lastMonday === null || lastMonday < dayNumber(firstWeek)) {
    const none = seriesBlock(new Map(), [], []);
    return { horizon_weeks: horizon, history_from: null, history_to: null, forecast_from: null, weeks: [], phases: [], thresholds, models, district: none, departments: [] };
  }
  const count = (lastMonday - dayNumber(firstWeek)) / 7 + 1;
  const all = schoolWeeks(calendar, firstWeek, count + horizon);
  const history = all.slice(0, count);
  const future = all.slice(count);

  // Rows by series key, each a map of Monday -> row; rows after the last complete week are dropped.
  const series = new Map<string, { department: string | null; requestType: string | null; rows: Map<string, WeekRow> }>();
  const lastWeek = dayString(lastMonday);
  for (const r of rows) {
    if (r.week > lastWeek) continue;
    const k = JSON.stringify([r.department, r.request_type]);
    if (!series.has(k)) series.set(k, { department: r.department, requestType: r.request_type, rows: new Map() });
    series.get(k)!.rows.set(r.week, r);
  }
  // A request type's history is not drawn (its table row shows the forecast), so it is not sent.
  const blockOf = (department: string | null, requestType: string | null) =>
    seriesBlock(series.get(JSON.stringify([department, requestType]))?.rows ?? new Map(), history, future, requestType === null ? HISTORY_WEEKS_SHOWN : 0);

  const peaks = await peakDrivers(db, filters, settings, lastWeek, facts);
  const departments: DepartmentForecast[] = [...series.values()]
    .filter((s) => s.department !== null && s.requestType === null)
    .map((s) => {
      const department = s.department as string;
      const types = [...series.values()]
        .filter((t) => t.department === department && t.requestType !== null)
        .map((t) => ({ department, request_type: t.requestType as string, ...blockOf(department, t.requestType) }))
        .sort((a, b) => b.tickets_owned - a.tickets_owned || a.request_type.localeCompare(b.request_type));
      return {
        department,
        ...blockOf(department, null),
        request_types: types,
        peak_weeks: peaks.peakWeeks.get(department) ?? [],
        drivers: peaks.drivers.get(department) ?? [],
      };
    })
    .sort((a, b) => b.tickets_owned - a.tickets_owned || a.department.localeCompare(b.department));

  const shownWeeks = [...history.slice(-HISTORY_WEEKS_SHOWN), ...future];
  return {
    horizon_weeks: horizon,
    history_from: history[0].week,
    history_to: lastWeek,
    forecast_from: future[0].week,
    weeks: shownWeeks.map((w) => ({ week: w.week, start_year: w.startYear, week_of_school_year: w.weekOfYear, phase: w.phase })),
    phases: phaseSpans(shownWeeks),
    thresholds,
    models,
    district: blockOf(null, null),
    departments,
  };
}
