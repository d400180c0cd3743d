/**
 * The before side of a Settings change, read inside the change's transaction so that the
 * audit row's "before -> after" is exactly what the change replaced.
 */
import type { Queryable } from '#core/db/database.ts';

async function one<T>(db: Queryable, sql: string, params: (string | number)[]): Promise<T | null> {
  const rows = await db.all<{ v: T }>(sql, params);
  return rows[0]?.v ?? null;
}

export const requestTypeOwnerOf = (db: Queryable, requestType: string) =>
  one<string>(db, 'SELECT department AS v FROM request_type_owners WHERE request_type = $1', [requestType]);

export const departmentRateOf = (db: Queryable, department: string) =>
  one<number>(db, 'SELECT hourly_rate::DOUBLE AS v FROM departments WHERE department = $1', [department]);
