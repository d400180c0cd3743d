import { describe, expect, it } from 'vitest';
import { bigramDice, isOpaqueGroupName, nameSimilarity, suggestDepartment } from './name-similarity.ts';

const departments = ['Technology', 'Payroll', 'Human Resources', 'Facilities', 'Transportation'];

describe('name similarity', () => {
  it('counts shared bigrams: night/nacht share only "ht", 2*1/(4+4) = 0.25', () => {
    expect(bigramDice('night', 'nacht')).toBe(0.25);
    expect(bigramDice('payroll', 'payroll')).toBe(1);
  });

  it('ignores filler words such as team and dept', () => {
    expect(nameSimilarity('Payroll Team', 'Payroll')).toBe(1);
    // No shared letters, but 'HR' names the same work as 'Human Resources' (department-vocabulary.ts).
    expect(nameSimilarity('HR Dept', 'Human Resources')).toBe(0.8);
    expect(nameSimilarity('Dept Team', 'Payroll')).toBe(0);
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

describe('names that share no letters with the department', () => {
  const district = ['Technology', 'Payroll', 'Human Resources', 'Facilities & Maintenance', 'Transportation'];

  it('suggests the department that does the same work', () => {
    expect(suggestDepartment('Benefits', district)).toEqual({ department: 'Human Resources', score: 0.8 });
    expect(suggestDepartment('HVAC', district)).toEqual({ department: 'Facilities & Maintenance', score: 0.8 });
    expect(suggestDepartment('Custodial Services', district)).toEqual({ department: 'Facilities & Maintenance', score: 0.8 });
    expect(suggestDepartment('Maint', district)?.department).toBe('Facilities & Maintenance');
    expect(suggestDepartment('Bus Garage', district)).toEqual({ department: 'Transportation', score: 0.8 });
  });

  it('calls a name made only of codes opaque, and suggests nothing for it', () => {
    expect(['Group 73', 'TEAM0008', 'Q-12', 'L2'].map(isOpaqueGroupName)).toEqual([true, true, true, true]);
    expect(['IT', 'HR Dept', 'Zeta Queue', 'Payroll Team'].map(isOpaqueGroupName)).toEqual([false, false, false, false]);
    expect(suggestDepartment('TEAM0008', district)).toBeNull();
  });
});
