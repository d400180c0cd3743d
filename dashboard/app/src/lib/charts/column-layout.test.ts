import { describe, expect, it } from 'vitest';
import { BREAK_WIDTH, layoutColumns, splitAtGaps } from './column-layout.ts';

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

describe('splitAtGaps', () => {
  it('splits weeks where more than eight weeks have no tickets, and says how long', () => {
    // 2012-03-05 and 2012-03-12 are consecutive Mondays; the next week is 2016-01-04.
    const { segments, gaps } = splitAtGaps(['2012-03-05', '2012-03-12', '2016-01-04', '2016-01-11'], 'week');
    expect(segments).toEqual([
      ['2012-03-05', '2012-03-12'],
      ['2016-01-04', '2016-01-11'],
    ]);
    // From Monday 2012-03-19 (the week after the last) to 2016-01-04: 1,386 days, 3.8 years.
    expect(gaps).toEqual([{ after: '2012-03-12', before: '2016-01-04', days: 1386, label: '3.8 years' }]);
  });

  it('keeps eight empty weeks adjacent and splits at nine', () => {
    // 2024-01-01 then 2024-03-04: the empty weeks are 2024-01-08 .. 2024-02-26, eight of them (56 days).
    expect(splitAtGaps(['2024-01-01', '2024-03-04'], 'week').gaps).toEqual([]);
    // One week later: nine empty weeks, 63 days.
    expect(splitAtGaps(['2024-01-01', '2024-03-11'], 'week').gaps).toEqual([{ after: '2024-01-01', before: '2024-03-11', days: 63, label: '9 weeks' }]);
  });

  it('counts months for a monthly trend', () => {
    // January, then May: February to April are empty, 29 + 31 + 30 = 90 days.
    expect(splitAtGaps(['2024-01-01', '2024-05-01'], 'month').gaps).toEqual([{ after: '2024-01-01', before: '2024-05-01', days: 90, label: '3 months' }]);
    // January, then March: only February (29 days) is empty: no break.
    expect(splitAtGaps(['2024-01-01', '2024-03-01'], 'month').gaps).toEqual([]);
    expect(splitAtGaps([], 'month')).toEqual({ segments: [], gaps: [] });
  });
});

describe('a trend with a gap in time', () => {
  it('leaves a labelled break between the segments instead of adjacent columns', () => {
    const data = ['2012-03-05', '2012-03-12', '2016-01-04', '2016-01-11'].map((period) => ({ period, total: 1, part: 0 }));
    const adjacent = layoutColumns(data, { width: 900 });
    const broken = layoutColumns(data, { width: 900, interval: 'week' });
    expect(adjacent.breaks).toEqual([]);
    const [c0, c1, c2] = broken.columns;
    // Columns within a segment are one step apart; across the break, one step plus 40 px.
    expect(c2.x - c1.x).toBeCloseTo(c1.x - c0.x + BREAK_WIDTH);
    expect(broken.breaks).toHaveLength(1);
    expect(broken.breaks[0]).toMatchObject({ label: '3.8 years', after: '2012-03-12', before: '2016-01-04' });
    expect(broken.breaks[0].x).toBeGreaterThan(c1.x + c1.width);
    expect(broken.breaks[0].x).toBeLessThan(c2.x);
    // The first week after the break carries a label.
    expect(broken.xLabels.map((l) => l.period)).toContain('2016-01-04');
  });
});
