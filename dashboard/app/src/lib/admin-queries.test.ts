import { describe, expect, it } from 'vitest';
import { parseHolidays } from './admin-queries.ts';

describe('parseHolidays', () => {
  it('reads one per line or comma-separated, ranges kept whole', () => {
    expect(parseHolidays('2024-11-28, 2024-11-29\n\n2024-12-23..2025-01-03 ')).toEqual(['2024-11-28', '2024-11-29', '2024-12-23..2025-01-03']);
  });
});
