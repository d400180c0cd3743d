/**
 * TypeBox schemas of /api/demand: the forecast answer (analysis/forecast/demand.ts), where
 * every count and figure of another department may reach a department head as "<5", and
 * the school calendar setting.
 */
import { Type, type Static } from '@sinclair/typebox';
import { PHASES } from '#analysis/forecast/school-calendar.ts';
import { Count, Figure, filterProperties, NullableFigure } from '../../schemas.ts';

const MonthDay = Type.String({ pattern: '^(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'MM-DD' });
const Day = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'YYYY-MM-DD' });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const span = (date: typeof MonthDay) => Type.Object({ name: Name, from: date, to: date }, { additionalProperties: false });

export const SchoolCalendarSchema = Type.Object(
  {
    firstDay: MonthDay,
    lastDay: MonthDay,
    breaks: Type.Array(span(MonthDay), { maxItems: 30 }),
    testing: Type.Array(span(MonthDay), { maxItems: 30 }),
    years: Type.Array(
      Type.Object(
        { firstDay: Day, lastDay: Day, breaks: Type.Array(span(Day), { maxItems: 30 }), testing: Type.Array(span(Day), { maxItems: 30 }) },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);
export type SchoolCalendarBody = Static<typeof SchoolCalendarSchema>;

export const DemandQuery = Type.Object(
  { ...filterProperties, horizon: Type.Optional(Type.Integer({ minimum: 1, maximum: 52, default: 13, description: 'weeks to forecast' })) },
  { additionalProperties: false },
);

const Phase = Type.Union(PHASES.map((p) => Type.Literal(p)));
const Measure = Type.Union([Type.Literal('tickets_owned'), Type.Literal('inbound_misrouted'), Type.Literal('misrouted_hours')]);
const Status = Type.Union([Type.Literal('forecast'), Type.Literal('too_short'), Type.Literal('too_sparse')]);
const ModelName = Type.Union([Type.Literal('seasonal_baseline'), Type.Literal('phase_regression'), Type.Literal('exp_smoothing'), Type.Literal('recent_mean')]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

const HistoryRow = Type.Object({ week: Type.String(), tickets_owned: Count, inbound_misrouted: Count, misrouted_hours: Figure });
const ForecastRow = Type.Object({
  week: Type.String(),
  tickets_owned: NullableFigure,
  tickets_owned_low: NullableFigure,
  tickets_owned_high: NullableFigure,
  inbound_misrouted: NullableFigure,
  inbound_misrouted_low: NullableFigure,
  inbound_misrouted_high: NullableFigure,
  misrouted_hours: NullableFigure,
  misrouted_hours_low: NullableFigure,
  misrouted_hours_high: NullableFigure,
});
const Candidate = Type.Object({
  model: ModelName,
  origins: Figure,
  points: Figure,
  mape: NullableFigure,
  wape: NullableFigure,
  bias: NullableFigure,
  coverage: NullableFigure,
});
const MeasureForecast = Type.Object({
  measure: Measure,
  tickets: Count,
  status: Status,
  note: NullableString,
  seasonal: Type.Boolean(),
  model: Type.Union([ModelName, Type.Null()]),
  model_label: NullableString,
  backtest_origins: NullableFigure,
  mape: NullableFigure,
  wape: NullableFigure,
  bias: NullableFigure,
  coverage: NullableFigure,
  next_total: NullableFigure,
  next_total_low: NullableFigure,
  next_total_high: NullableFigure,
  candidates: Type.Array(Candidate),
});
const block = {
  tickets_owned: Count,
  inbound_misrouted: Count,
  history: Type.Array(HistoryRow),
  forecast: Type.Array(ForecastRow),
  measures: Type.Array(MeasureForecast),
};

export const DemandResponse = Type.Object({
  horizon_weeks: Type.Integer(),
  history_from: NullableString,
  history_to: NullableString,
  forecast_from: NullableString,
  weeks: Type.Array(Type.Object({ week: Type.String(), start_year: Type.Integer(), week_of_school_year: Type.Integer(), phase: Phase })),
  phases: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), phase: Phase })),
  thresholds: Type.Object({ min_weeks: Type.Integer(), seasonal_weeks: Type.Integer() }),
  models: Type.Array(Type.Object({ model: ModelName, label: Type.String() })),
  district: Type.Object(block),
  departments: Type.Array(
    Type.Object({
      department: Type.String(),
      ...block,
      request_types: Type.Array(Type.Object({ department: Type.String(), request_type: Type.String(), ...block })),
      peak_weeks: Type.Array(Type.String()),
      drivers: Type.Array(
        Type.Object({
          department: Type.String(),
          kind: Type.Union([Type.Literal('location'), Type.Literal('request_type')]),
          name: Type.String(),
          tickets: Count,
          share: Figure,
        }),
      ),
    }),
  ),
});
