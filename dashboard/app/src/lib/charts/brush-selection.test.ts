import { describe, expect, it } from 'vitest';
import { layoutColumns } from './column-layout';
import { weeksInBrush } from './brush-selection';

const data = ['2024-08-19', '2024-08-26', '2024-09-02', '2024-09-09'].map((period) => ({ period, total: 10, part: 2 }));

describe('weeks in a brush', () => {
  it('takes the columns whose middle is brushed, Monday of the first to Sunday of the last', () => {
    const layout = layoutColumns(data, { width: 48 + 4 * 64 + 8 });
    // Four columns of step 64: middles at 32, 96, 160, 224. Brushing 60..170 takes the 2nd and 3rd.
    const r = weeksInBrush(layout.columns, 60, 170)!;
    expect(r.weeks).toBe(2);
    expect(new Date(r.from).toISOString().slice(0, 10)).toBe('2024-08-26');
    expect(new Date(r.to).toISOString().slice(0, 10)).toBe('2024-09-08');
    expect(weeksInBrush(layout.columns, 170, 60)).toEqual(r);
    expect(weeksInBrush(layout.columns, 0, 10)).toBeNull();
  });
});
