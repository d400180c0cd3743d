/**
 * The forecast's error in plain words, from the backtest figures the API sends ("in past
 * terms this forecast was off by 12 % on average"). The API sends no sentence with a
 * figure in it, so that a department head's withheld figures stay withheld; the sentence is
 * written here, and says "withheld" when they are.
 */
import type { MeasureForecast } from './demand-queries.ts';

const pct = (x: number) => `${Math.round(x * 100)} %`;

export function errorSentence(m: MeasureForecast): string {
  if (m.status !== 'forecast') return `No forecast: ${m.note ?? 'not enough history'}.`;
  if (typeof m.wape !== 'number' || typeof m.bias !== 'number' || typeof m.coverage !== 'number') {
    if (m.wape === '<5' || m.bias === '<5' || m.coverage === '<5') return 'Its past error is withheld: fewer than 5 tickets of another department.';
    return 'Its past error could not be measured: too few past weeks to test on.';
  }
  const direction = Math.abs(m.bias) < 0.005 ? 'neither high nor low overall' : `${pct(Math.abs(m.bias))} ${m.bias > 0 ? 'high' : 'low'} overall`;
  return `In past terms this forecast was off by ${pct(m.wape)} on average (${direction}); the actual week fell inside its 80 % band ${pct(m.coverage)} of the time.`;
}

/** Which model drew the line, and why a season is missing when it is. */
export function modelSentence(m: MeasureForecast): string {
  if (m.status !== 'forecast' || !m.model_label) return '';
  return `Model: ${m.model_label}, chosen as the most accurate in the backtest.${m.seasonal ? '' : ` ${m.note ?? ''}`}`.trim();
}
