import { describe, expect, it } from 'vitest';
import { describeFilters, filterQuery, linkWithFilters, readFilters, withFilter, withinDays } from './filters.ts';

describe('filters in the URL', () => {
  const params = new URLSearchParams('source=generic&from=2024-08-01&page=3&location=Lincoln%20Elementary');

  it('reads only the filter keys', () => {
    expect(readFilters(params)).toEqual({ from: '2024-08-01', location: 'Lincoln Elementary', source: 'generic' });
  });

  it('writes them in a stable order, with extras after', () => {
    expect(filterQuery(params)).toBe('?from=2024-08-01&location=Lincoln+Elementary&source=generic');
    expect(filterQuery({}, { resolvedElsewhere: true, offset: 0 })).toBe('?resolvedElsewhere=true&offset=0');
    expect(filterQuery({}, { resolvedElsewhere: false })).toBe('');
  });

  it('changes or removes one filter', () => {
    const s = readFilters(params);
    expect(withFilter(s, 'department', 'Payroll').department).toBe('Payroll');
    expect(withFilter(s, 'location', '')).toEqual({ from: '2024-08-01', source: 'generic' });
  });

  it('builds links that keep the filters', () => {
    expect(linkWithFilters('/tickets', { from: '2024-08-01' }, { firstLanding: 'Technology' })).toBe('/tickets?from=2024-08-01&firstLanding=Technology');
  });

  it('describes them in words', () => {
    expect(describeFilters({})).toBe('all tickets');
    expect(describeFilters({ from: '2024-08-01', to: '2024-08-31', location: 'Lincoln Elementary' })).toBe('2024-08-01 to 2024-08-31; school or site: Lincoln Elementary');
  });
});

describe('withinDays', () => {
  it('narrows to a period inside the range already set', () => {
    expect(withinDays({ from: '2024-08-21', location: 'X' }, '2024-08-19', '2024-08-25')).toEqual({ from: '2024-08-21', to: '2024-08-25', location: 'X' });
    expect(withinDays({}, '2024-08-01', '2024-08-31')).toEqual({ from: '2024-08-01', to: '2024-08-31' });
  });
});
