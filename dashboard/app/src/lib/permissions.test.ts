import { describe, expect, it } from 'vitest';
import { canAdminister, canMap, containsWithheld, landingPath, roleAdvice, seesDepartment } from './permissions.ts';

const head = { email: 'h@d.test', role: 'department_head', departments: ['Payroll'] };
const uploader = { email: 'u@d.test', role: 'uploader', departments: [] };
const leader = { email: 'l@d.test', role: 'leader', departments: [] };

describe('permissions', () => {
  it('lets uploaders and admins map, only admins administer', () => {
    expect([uploader, leader, head].map(canMap)).toEqual([true, false, false]);
    expect(canMap({ ...leader, role: 'admin' })).toBe(true);
    expect([uploader, leader, head].map(canAdminister)).toEqual([false, false, false]);
  });

  it('sends a head to their department and keeps others on the overview', () => {
    expect(landingPath(head)).toBe('/departments/Payroll');
    expect(landingPath({ ...head, departments: ['Human Resources', 'Payroll'] })).toBe('/departments/Human%20Resources');
    expect(landingPath(leader)).toBeNull();
    expect(seesDepartment(head, 'Payroll')).toBe(true);
    expect(seesDepartment(head, 'Technology')).toBe(false);
    expect(seesDepartment(leader, 'Technology')).toBe(true);
  });

  it('says what the role can do', () => {
    expect(roleAdvice(head)).toBe('As head of Payroll you can see that department in full and the district totals. Open its page from Departments.');
    expect(roleAdvice(uploader)).toContain('upload exports and map groups on Settings');
  });

  it('finds the "<5" marker at any depth', () => {
    expect(containsWithheld({ flows: [{ tickets: 3 }, { tickets: '<5' }] })).toBe(true);
    expect(containsWithheld({ flows: [{ tickets: 3 }], name: 'x<5' })).toBe(false);
  });
});
