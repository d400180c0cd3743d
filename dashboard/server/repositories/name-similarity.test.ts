import { describe, expect, it } from 'vitest';
import { bigramDice, nameSimilarity, suggestDepartment } from './name-similarity.ts';

const departments = ['Technology', 'Payroll', 'Human Resources', 'Facilities', 'Transportation'];

describe('name similarity', () => {
  it('counts shared bigrams: night/nacht share only "ht", 2*1/(4+4) = 0.25', () => {
    expect(bigramDice('night', 'nacht')).toBe(0.25);
    expect(bigramDice('payroll', 'payroll')).toBe(1);
  });

  it('ignores filler words such as team and dept', () => {
    expect(nameSimilarity('Payroll Team', 'Payroll')).toBe(1);
    expect(nameSimilarity('HR Dept', 'Human Resources')).toBeLessThan(0.5);
  });

  it('suggests the department whose name the group carries', () => {
    expect(suggestDepartment('Payroll Team', departments)).toEqual({ department: 'Payroll', score: 1 });
    expect(suggestDepartment('Human Resources - Benefits', departments)).toEqual({ department: 'Human Resources', score: 1 });
    expect(suggestDepartment('Facility Ops', departments)?.department).toBe('Facilities');
    expect(suggestDepartment('Transport Desk', departments)).toEqual({ department: 'Transportation', score: 0.9 });
  });

  it('suggests nothing for an unrelated name', () => {
    expect(suggestDepartment('Zeta Queue', departments)).toBeNull();
  });
});
