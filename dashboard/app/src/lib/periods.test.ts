import { describe, expect, it } from 'vitest';
import { datePresets, periodEnd, yearEarlier } from './periods.ts';

describe('periodEnd', () => {
  it('ends a week six days after its Monday, across a month', () => {
    expect(periodEnd('2024-08-26', 'week')).toBe('2024-09-01');
  });
  it('ends a month on its last day, leap years included', () => {
    expect(periodEnd('2024-02-01', 'month')).toBe('2024-02-29');
    expect(periodEnd('2024-12-01', 'month')).toBe('2024-12-31');
  });
});

describe('date presets', () => {
  it('anchors on the last day with data and the district first school day', () => {
    // Data through 12 March 2025; the school year starts 15 August.
    expect(datePresets('2025-03-12', '08-15')).toEqual([
      { key: 'school-year', label: 'This school year (2024-25)', from: '2024-08-15', to: '2025-08-14' },
      { key: 'last-school-year', label: 'Last school year (2023-24)', from: '2023-08-15', to: '2024-08-14' },
      { key: 'term', label: 'This term (spring 2025)', from: '2025-01-01', to: '2025-08-14' },
      { key: 'last-30-days', label: 'Last 30 days of data', from: '2025-02-11', to: '2025-03-12' },
    ]);
  });

  it('puts a day in the fall in the fall term of the year that started that August', () => {
    const [year, , term] = datePresets('2024-10-01', '08-15');
    expect(year).toMatchObject({ from: '2024-08-15', to: '2025-08-14' });
    expect(term).toEqual({ key: 'term', label: 'This term (fall 2024)', from: '2024-08-15', to: '2024-12-31' });
  });

  it('takes the same day a year earlier, 29 February as 28 February', () => {
    expect(yearEarlier('2025-03-12')).toBe('2024-03-12');
    expect(yearEarlier('2024-02-29')).toBe('2023-02-28');
  });
});
