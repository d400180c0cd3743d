/**
 * Department names that differ only in capitals ("payroll" beside "Payroll") would split one
 * department in two in every figure. This is the one comparison every writer of a
 * department name uses: administration and Settings refuse such a name
 * (dashboard/server/routes/admin/admin-sql.ts), and an import's mapping file that names
 * one takes the district's existing spelling.
 */
import type { Queryable } from './db/database.ts';

/** The existing name equal to `name` ignoring case (but not exactly), if any. */
export function caseTwin(known: readonly string[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return known.find((k) => k !== name && k.toLowerCase() === lower);
}

/** Every department name in use: the managed list, the group map and the request-type owners. */
export async function departmentNamesInUse(db: Queryable): Promise<string[]> {
  const rows = await db.all<{ d: string }>(
    `SELECT DISTINCT d FROM (SELECT department AS d FROM departments UNION ALL SELECT department FROM group_departments
       UNION ALL SELECT department FROM request_type_owners) WHERE d IS NOT NULL ORDER BY d`,
  );
  return rows.map((r) => r.d);
}
