import { describe, expect, it } from 'vitest';
import type { MeasureForecast } from './demand-queries.ts';
import { errorSentence, modelSentence } from './demand-words.ts';

const measure = (overrides: Partial<MeasureForecast> = {}): MeasureForecast => ({
  measure: 'tickets_owned',
  tickets: 500,
  status: 'forecast',
  note: null,
  seasonal: true,
  model: 'seasonal_baseline',
  model_label: 'same week last school year, scaled by trend',
  backtest_origins: 13,
  mape: 0.15,
  wape: 0.12,
  bias: -0.034,
  coverage: 0.78,
  next_total: 120,
  next_total_low: 100,
  next_total_high: 140,
  candidates: [],
  ...overrides,
});

describe('the forecast error in words', () => {
  it('says how far off, which way, and how often the band held', () => {
    expect(errorSentence(measure())).toBe('In past terms this forecast was off by 12 % on average (3 % low overall); the actual week fell inside its 80 % band 78 % of the time.');
    expect(errorSentence(measure({ bias: 0.002 }))).toContain('(neither high nor low overall)');
  });

  it('says why there is no line, or that the figures are withheld', () => {
    expect(errorSentence(measure({ status: 'too_short', note: '3 weeks of history; a forecast needs at least 26' }))).toBe('No forecast: 3 weeks of history; a forecast needs at least 26.');
    expect(errorSentence(measure({ wape: '<5', bias: '<5', coverage: '<5' }))).toBe('Its past error is withheld: fewer than 5 tickets of another department.');
    expect(errorSentence(measure({ wape: null, bias: null, coverage: null }))).toBe('Its past error could not be measured: too few past weeks to test on.');
  });

  it('names the model and, without a season, why', () => {
    expect(modelSentence(measure())).toBe('Model: same week last school year, scaled by trend, chosen as the most accurate in the backtest.');
    expect(modelSentence(measure({ seasonal: false, model_label: 'mean of the last 8 weeks (no school-year season)', note: '60 weeks of history: too short for school-year seasonality' }))).toBe(
      'Model: mean of the last 8 weeks (no school-year season), chosen as the most accurate in the backtest. 60 weeks of history: too short for school-year seasonality',
    );
  });
});
