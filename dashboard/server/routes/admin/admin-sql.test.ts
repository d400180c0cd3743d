import { describe, expect, it } from 'vitest';
import { buildMoveDepartmentSql, checkDepartments, closestDepartment, newNameProblem, unknownDepartmentMessage } from './admin-sql.ts';

const KNOWN = ['Human Resources', 'Payroll', 'Technology'];

describe('department names', () => {
  it('suggests the same name in other capitals first, else the closest by letter pairs', () => {
    expect(closestDepartment(KNOWN, 'payroll')).toBe('Payroll');
    expect(closestDepartment(KNOWN, 'Payrol')).toBe('Payroll');
    expect(closestDepartment(KNOWN, 'Transportation')).toBeUndefined();
    expect(unknownDepartmentMessage(KNOWN, 'Payrol')).toBe('No department named Payrol. Did you mean Payroll?');
    expect(unknownDepartmentMessage(KNOWN, 'Zoo')).toBe('No department named Zoo. Choose one from the Departments list (Human Resources, Payroll, Technology).');
    expect(checkDepartments(KNOWN, ['Payroll', 'Technology'])).toBeNull();
    expect(checkDepartments(KNOWN, ['Payroll', 'Tecnology'])).toBe('No department named Tecnology. Did you mean Technology?');
  });

  it('refuses a new name equal to another ignoring case, but lets a department change its own capitals', () => {
    expect(newNameProblem(KNOWN, 'PAYROLL')).toBe('A department named Payroll already exists; PAYROLL differs from it only in capital letters. Did you mean Payroll? To put the two together, merge one into the other.');
    expect(newNameProblem(KNOWN, 'Payroll')).toBe('A department named Payroll already exists. To put the two together, merge one into the other.');
    expect(newNameProblem(KNOWN, 'payroll', 'Payroll')).toBeNull();
    expect(newNameProblem(KNOWN, 'Payroll', 'Payroll')).toBe('The department is already named Payroll.');
    expect(newNameProblem(KNOWN, 'Transportation')).toBeNull();
  });
});

describe('buildMoveDepartmentSql', () => {
  it('rewrites every place a department name is kept, each value bound', () => {
    const statements = buildMoveDepartmentSql('Payrol', 'Payroll');
    expect(statements.map((s) => s.sql.split(' ').slice(0, 3).join(' '))).toMatchInlineSnapshot(`
      [
        "UPDATE group_departments SET",
        "UPDATE request_type_owners SET",
        "INSERT INTO departments",
        "DELETE FROM departments",
        "UPDATE users SET",
        "UPDATE report_schedules SET",
        "UPDATE owner_decisions SET",
        "UPDATE imports SET",
      ]
    `);
    for (const s of statements) expect(s.sql).not.toContain('Payrol');
  });
});
