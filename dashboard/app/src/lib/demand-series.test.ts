import { describe, expect, it } from 'vitest';
import { chartInput, measureOf } from './demand-series.ts';
import { demandPath, horizonOf, type DemandResponse } from './demand-queries.ts';

const measure = (m: 'tickets_owned' | 'inbound_misrouted' | 'misrouted_hours') => ({
  measure: m, tickets: 9, status: 'forecast' as const, note: null, seasonal: false, model: 'recent_mean' as const, model_label: 'x',
  backtest_origins: 4, mape: 0.1, wape: 0.1, bias: 0, coverage: 0.8, next_total: 13, next_total_low: 10, next_total_high: 16, candidates: [],
});
const block = {
  tickets_owned: 9,
  inbound_misrouted: 3,
  history: [
    { week: '2024-08-19', tickets_owned: 4, inbound_misrouted: '<5' as const, misrouted_hours: 0.5 },
    { week: '2024-08-26', tickets_owned: 5, inbound_misrouted: 2, misrouted_hours: 1 },
  ],
  forecast: [
    { week: '2024-09-02', tickets_owned: 6, tickets_owned_low: 4, tickets_owned_high: 8, inbound_misrouted: 2, inbound_misrouted_low: 1, inbound_misrouted_high: 3, misrouted_hours: 1, misrouted_hours_low: 0.5, misrouted_hours_high: 1.5 },
  ],
  measures: [measure('tickets_owned'), measure('inbound_misrouted'), measure('misrouted_hours')],
};
const answer = {
  weeks: [{ week: '2024-08-19' }, { week: '2024-08-26' }, { week: '2024-09-02' }],
  phases: [{ from: '2024-08-19', to: '2024-09-02', phase: 'first_weeks' }],
} as unknown as DemandResponse;

describe('picking a measure for the chart', () => {
  it('takes the actuals, the forecast and its interval of one measure', () => {
    const input = chartInput(answer, block, 'inbound_misrouted');
    expect(input.weeks).toEqual(['2024-08-19', '2024-08-26', '2024-09-02']);
    expect([...input.actual.entries()]).toEqual([['2024-08-19', '<5'], ['2024-08-26', 2]]);
    expect([...input.forecast.entries()]).toEqual([['2024-09-02', { mean: 2, low: 1, high: 3 }]]);
    expect(measureOf(block, 'misrouted_hours').measure).toBe('misrouted_hours');
  });

  it('asks for the next term unless the URL asks for the school year', () => {
    expect(horizonOf(new URLSearchParams('horizon=52'))).toBe(52);
    expect(horizonOf(new URLSearchParams('horizon=40'))).toBe(13);
    expect(demandPath(new URLSearchParams('department=Payroll'))).toBe('/api/demand?department=Payroll');
    expect(demandPath(new URLSearchParams('department=Payroll&horizon=52'))).toBe('/api/demand?department=Payroll&horizon=52');
  });
});
