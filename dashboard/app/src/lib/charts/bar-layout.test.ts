import { describe, expect, it } from 'vitest';
import { layoutBars, topBars } from './bar-layout.ts';

describe('layoutBars', () => {
  it('splits each bar at its part, on a shared linear scale', () => {
    // width 416 - label 200 - margin 16 = 200 px of plot for a domain of 0..100.
    const layout = layoutBars(
      [
        { label: 'Technology', total: 100, part: 25 },
        { label: 'Payroll', total: 50, part: 0 },
      ],
      { width: 416, rowHeight: 30 },
    );
    expect(layout.height).toBe(60);
    expect(layout.bars.map((b) => [b.label, b.partWidth, b.restWidth])).toEqual([
      ['Technology', 50, 150],
      ['Payroll', 0, 100],
    ]);
    expect(layout.bars[1].y).toBeGreaterThan(layout.bars[0].y);
    expect(layout.ticks.map((t) => t.value)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('draws an empty chart without dividing by zero', () => {
    const layout = layoutBars([], { width: 400 });
    expect(layout.bars).toEqual([]);
    expect(layout.height).toBe(0);
  });
});

describe('topBars', () => {
  const bars = [
    { label: 'A', total: 10, part: 0 },
    { label: 'B', total: 8, part: 8 },
    { label: 'C', total: 3, part: 3 },
    { label: 'D', total: 2, part: 1 },
  ];
  it('keeps the largest and sums the rest exactly: C + D = 5 tickets, 4 of them the part', () => {
    expect(topBars(bars, 3)).toEqual([
      { label: 'A', total: 10, part: 0 },
      { label: 'B', total: 8, part: 8 },
      { label: '2 others', total: 5, part: 4 },
    ]);
  });
  it('leaves a short list as it is', () => {
    expect(topBars(bars, 4)).toBe(bars);
  });
});
