/**
 * Picks one measure out of a demand block for the chart and the table: the weekly actuals,
 * the forecast with its interval, and the measure's backtest. Pure.
 */
import type { ForecastChartInput, Value } from './charts/forecast-layout.ts';
import type { DemandBlock, DemandResponse, MeasureForecast, MeasureName } from './demand-queries.ts';

export const MEASURE_LABELS: Record<MeasureName, string> = {
  tickets_owned: 'Tickets owned',
  inbound_misrouted: 'Misrouted (first landed in another department)',
  misrouted_hours: 'Coordination hours of misrouted tickets',
};

export function chartInput(answer: DemandResponse, block: DemandBlock, measure: MeasureName): ForecastChartInput {
  const low = `${measure}_low` as const;
  const high = `${measure}_high` as const;
  return {
    weeks: answer.weeks.map((w) => w.week),
    actual: new Map(block.history.map((h) => [h.week, h[measure] as Value])),
    forecast: new Map(block.forecast.map((f) => [f.week, { mean: f[measure] as Value, low: f[low] as Value, high: f[high] as Value }])),
    phases: answer.phases,
  };
}

export function measureOf(block: DemandBlock, measure: MeasureName): MeasureForecast {
  return block.measures.find((m) => m.measure === measure)!;
}
