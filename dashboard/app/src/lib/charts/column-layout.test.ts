import { describe, expect, it } from 'vitest';
import { layoutColumns } from './column-layout.ts';

describe('layoutColumns', () => {
  const data = [
    { period: '2024-08-19', total: 2, part: 1 },
    { period: '2024-08-26', total: 1, part: 0 },
    { period: '2024-09-02', total: 1, part: 0 },
  ];

  it('scales columns from the baseline, the part inside its column', () => {
    // Plot 100 px high (128 - 28); the y axis runs 0..2, so 1 ticket = 50 px.
    const l = layoutColumns(data, { width: 348, height: 128, left: 40, top: 0 });
    expect(l.plotHeight).toBe(100);
    expect(l.columns[0]).toMatchObject({ totalY: 0, partY: 50 });
    expect(l.columns[1]).toMatchObject({ totalY: 50, partY: 100 });
    expect(l.columns[0].x).toBeLessThan(l.columns[1].x);
    expect(l.yTicks.map((t) => t.value)).toEqual([0, 0.5, 1, 1.5, 2]);
  });

  it('thins the period labels when columns are narrow', () => {
    const many = Array.from({ length: 52 }, (_, i) => ({ period: `w${String(i).padStart(2, '0')}`, total: i, part: 0 }));
    const l = layoutColumns(many, { width: 568, left: 48 });
    // 512 px for 52 columns is about 9.8 px a column: one label every 8 columns.
    expect(l.xLabels.map((x) => x.period)).toEqual(['w00', 'w08', 'w16', 'w24', 'w32', 'w40', 'w48']);
  });
});

describe('a short range', () => {
  it('keeps columns at most 64 px apart instead of filling the width', () => {
    const l = layoutColumns([{ period: 'a', total: 3, part: 1 }], { width: 900, top: 8 });
    // One column in 64 px: step = 64 / (1 - 0.15 + 2 * 0.15) = 55.65, width = 0.85 step = 47.30.
    expect(l.columns[0].width).toBeCloseTo(47.3, 1);
    // The top of the tallest column leaves 8 px for the axis label.
    expect(l.columns[0].totalY).toBe(8);
  });
});
