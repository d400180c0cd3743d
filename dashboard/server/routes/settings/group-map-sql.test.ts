import { describe, expect, it } from 'vitest';
import { buildApplyGroupDepartmentsSql, buildGroupDepartmentsOfSql } from './group-map-sql.ts';

describe('the group map written as sets', () => {
  it('reads the current departments of the given groups, the list bound', () => {
    expect(buildGroupDepartmentsOfSql(['Desk', 'Payroll Team'])).toMatchInlineSnapshot(`
      {
        "params": {
          "groups": [
            "Desk",
            "Payroll Team",
          ],
        },
        "sql": "SELECT group_name AS "group", department FROM group_departments WHERE group_name IN (SELECT unnest($groups::VARCHAR[]))",
      }
    `);
  });

  it('removes, maps and lists new departments in one statement each, every value bound', () => {
    const statements = buildApplyGroupDepartmentsSql([
      { group: 'Night Desk', department: null },
      { group: "O'Brien Desk", department: 'Technology' },
      { group: 'Bus Desk', department: 'Transportation' },
    ]);
    expect(statements.map((s) => s.params)).toEqual([
      { groups: ['Night Desk'] },
      { groups: ["O'Brien Desk", 'Bus Desk'], departments: ['Technology', 'Transportation'] },
      { departments: ['Technology', 'Transportation'] },
    ]);
    for (const s of statements) expect(s.sql).not.toMatch(/Brien|Technology|Night/);
    expect(buildApplyGroupDepartmentsSql([])).toEqual([]);
  });
});
