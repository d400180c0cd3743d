import { describe, expect, it } from 'vitest';
import { parseHolidays, parseRate } from './admin-queries.ts';

describe('parseHolidays', () => {
  it('reads one per line or comma-separated, ranges kept whole', () => {
    expect(parseHolidays('2024-11-28, 2024-11-29\n\n2024-12-23..2025-01-03 ')).toEqual(['2024-11-28', '2024-11-29', '2024-12-23..2025-01-03']);
  });
});

describe('parseRate', () => {
  it('reads blank as the default rate and a number within 0 to 500 as itself', () => {
    expect(parseRate('  ')).toEqual({ rate: null });
    expect(parseRate('57.5')).toEqual({ rate: 57.5 });
    expect(parseRate('0')).toEqual({ rate: 0 });
  });
  it('refuses anything else with what to type', () => {
    expect(parseRate('500.5')).toEqual({ error: "an hourly rate is a number from 0 to 500 (not '500.5'); leave it blank for the default rate" });
    expect(parseRate('sixty')).toHaveProperty('error');
    expect(parseRate('-1')).toHaveProperty('error');
  });
});
