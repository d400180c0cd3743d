import { describe, expect, it } from 'vitest';
import { layoutForecast, linePath } from './forecast-layout.ts';

describe('linePath', () => {
  it('breaks the line at a missing point', () => {
    expect(linePath([{ x: 0, y: 10 }, { x: 5, y: 20 }, null, { x: 15, y: 0 }, { x: 20, y: 5 }])).toBe('M0,10L5,20M15,0L20,5');
  });
});

describe('layoutForecast', () => {
  // Five weeks 10 px apart (plot 40 px wide); y runs 0..20 over a 100 px plot (5 px a ticket).
  const input = {
    weeks: ['w1', 'w2', 'w3', 'w4', 'w5'],
    actual: new Map<string, number | string | null>([['w1', 10], ['w2', '<5'], ['w3', 20]]),
    forecast: new Map([
      ['w4', { mean: 12, low: 8, high: 16 }],
      ['w5', { mean: 14, low: 10, high: 20 }],
    ]),
    phases: [
      { from: 'w1', to: 'w2', phase: 'term' },
      { from: 'w3', to: 'w5', phase: 'break' },
    ],
  };
  const l = layoutForecast(input, { width: 56, height: 100, left: 8, top: 0, bottom: 0 });

  it('draws the history as a line broken at a withheld week', () => {
    expect(l.plotWidth).toBe(40);
    expect(l.actualPath).toBe('M0,50M20,0');
  });

  it('draws the forecast and its 80 % band after the divider', () => {
    expect(l.forecastPath).toBe('M30,40L40,30');
    // Upper edge left to right (16 -> y 20, 20 -> y 0), lower edge back (10 -> y 50, 8 -> y 60).
    expect(l.bandPath).toBe('M30,20L40,0L40,50L30,60Z');
    expect(l.dividerX).toBe(25);
  });

  it('shades each phase from half a week before its first week to half a week after its last', () => {
    expect(l.phases).toEqual([
      { x: 0, width: 15, phase: 'term' },
      { x: 15, width: 25, phase: 'break' },
    ]);
    expect(l.yTicks.map((t) => t.value)).toEqual([0, 5, 10, 15, 20]);
  });

  it('draws no band when an interval was withheld', () => {
    const withheld = { ...input, forecast: new Map([['w4', { mean: '<5', low: '<5', high: '<5' }]]) };
    const w = layoutForecast(withheld, { width: 56, height: 100, left: 8, top: 0, bottom: 0 });
    expect(w.bandPath).toBe('');
    expect(w.forecastPath).toBe('');
  });
});
