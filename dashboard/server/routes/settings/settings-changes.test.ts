import { describe, expect, it } from 'vitest';
import { describeChanges, describeMove, mappingDepartmentProblem, shown } from './settings-changes.ts';

describe('what a Settings change did, in words', () => {
  it('shows lists joined, nothing as (none)', () => {
    expect([shown([1, 2, 3]), shown([]), shown(null), shown(''), shown(42.5)]).toEqual(['1, 2, 3', '(none)', '(none)', '(none)', '42.5']);
  });

  it('names each changed key before -> after, in the order given, and null when nothing changed', () => {
    const before = { triageMinutes: 15, touchMinutes: 6, currency: 'USD' };
    expect(describeChanges(before, { triageMinutes: 20, touchMinutes: 6, currency: 'EUR' }, ['triageMinutes', 'touchMinutes', 'currency'])).toBe(
      'triageMinutes: 15 -> 20; currency: USD -> EUR',
    );
    expect(describeChanges(before, { ...before }, ['triageMinutes', 'touchMinutes', 'currency'])).toBeNull();
    expect(describeChanges({ holidays: [] as string[] }, { holidays: ['2024-11-28'] }, ['holidays'])).toBe('holidays: (none) -> 2024-11-28');
  });

  it('describes a mapping move, and none when it stays', () => {
    expect(describeMove(null, 'Payroll')).toBe('(none) -> Payroll');
    expect(describeMove('Payroll', null)).toBe('Payroll -> (none)');
    expect(describeMove('Payroll', 'Payroll')).toBeNull();
    expect(describeMove(null, null)).toBeNull();
  });

  it('lets a mapping name a new department or an existing one, not one in other capitals', () => {
    const known = ['Payroll', 'Technology'];
    expect(mappingDepartmentProblem(known, 'Payroll')).toBeNull();
    expect(mappingDepartmentProblem(known, 'Transportation')).toBeNull();
    expect(mappingDepartmentProblem(known, null)).toBeNull();
    expect(mappingDepartmentProblem(known, 'PAYROLL')).toBe('A department named Payroll already exists; PAYROLL differs from it only in capital letters. Did you mean Payroll?');
  });
});
