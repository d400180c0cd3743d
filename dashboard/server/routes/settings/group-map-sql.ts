/**
 * The group -> department map written as sets: one statement per kind of change, whatever
 * the number of groups (a bulk save of 10,000 groups, one statement per group, took 76 s;
 * as sets it is a handful of statements). Every value is a bound parameter, the lists
 * bound as VARCHAR[] and unnested in SQL.
 */
import type { Sql } from '../admin/admin-sql.ts';

/** The current department of each of `groups` that has one. */
export function buildGroupDepartmentsOfSql(groups: readonly string[]): Sql {
  return {
    sql: 'SELECT group_name AS "group", department FROM group_departments WHERE group_name IN (SELECT unnest($groups::VARCHAR[]))',
    params: { groups },
  };
}

/**
 * Statements that give each group its department (null: no mapping). A group appears once;
 * a new department name joins the managed list, as a single mapping's would.
 */
export function buildApplyGroupDepartmentsSql(mappings: readonly { group: string; department: string | null }[]): Sql[] {
  const removed = mappings.filter((m) => m.department === null).map((m) => m.group);
  const mapped = mappings.filter((m): m is { group: string; department: string } => m.department !== null);
  const statements: Sql[] = [];
  if (removed.length) {
    statements.push({ sql: 'DELETE FROM group_departments WHERE group_name IN (SELECT unnest($groups::VARCHAR[]))', params: { groups: removed } });
  }
  if (mapped.length) {
    const p = { groups: mapped.map((m) => m.group), departments: mapped.map((m) => m.department) };
    statements.push(
      {
        sql: `INSERT INTO group_departments SELECT unnest($groups::VARCHAR[]), unnest($departments::VARCHAR[])
ON CONFLICT (group_name) DO UPDATE SET department = excluded.department`,
        params: p,
      },
      { sql: 'INSERT INTO departments (department) SELECT DISTINCT unnest($departments::VARCHAR[]) ON CONFLICT DO NOTHING', params: { departments: p.departments } },
    );
  }
  return statements;
}
