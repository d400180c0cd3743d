import { describe, expect, it } from 'vitest';
import { periodEnd } from './periods.ts';

describe('periodEnd', () => {
  it('ends a week six days after its Monday, across a month', () => {
    expect(periodEnd('2024-08-26', 'week')).toBe('2024-09-01');
  });
  it('ends a month on its last day, leap years included', () => {
    expect(periodEnd('2024-02-01', 'month')).toBe('2024-02-29');
    expect(periodEnd('2024-12-01', 'month')).toBe('2024-12-31');
  });
});
