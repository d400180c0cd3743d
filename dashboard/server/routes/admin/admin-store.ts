/**
 * The thin I/O around admin-sql.ts that both the admin routes and /api/auth/users use: the
 * managed department list, the audit row written inside a change's transaction, and the
 * refusal of a department head's department that is not on the list.
 */
import type { Queryable } from '#core/db/database.ts';
import { AccountError } from '../../plugins/app/auth/accounts.ts';
import type { Role } from '../../plugins/app/auth/roles.ts';
import { buildAuditInsertManySql, buildAuditInsertSql, buildDepartmentListSql, checkDepartments, type AuditEntry, type DepartmentRow } from './admin-sql.ts';

/** A refusal as the routes send it: a status and a sentence (an AccountError, so /api/auth/users answers it too). */
export class Refusal extends AccountError {
  constructor(statusCode: 400 | 404 | 409, code: string, message: string) {
    super(code, message, statusCode);
  }
}
export const ERROR_NAMES = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict' } as const;

export async function departmentList(db: Queryable): Promise<DepartmentRow[]> {
  const q = buildDepartmentListSql();
  return db.all<DepartmentRow>(q.sql, q.params);
}

export async function audit(tx: Queryable, entry: AuditEntry): Promise<void> {
  const q = buildAuditInsertSql(entry, new Date());
  await tx.run(q.sql, q.params);
}

/** One row per target of a change made many times over in one transaction (a bulk mapping). */
export async function auditMany(tx: Queryable, entry: { actor: string; action: string }, rows: readonly { target: string; detail: string }[]): Promise<void> {
  if (!rows.length) return;
  const q = buildAuditInsertManySql(entry, rows, new Date());
  await tx.run(q.sql, q.params);
}

/** A department head's departments must be managed ones: "Payrol" is refused with a suggestion. */
export async function requireKnown(tx: Queryable, role: Role, departments: readonly string[]): Promise<void> {
  if (role !== 'department_head') return;
  const known = (await departmentList(tx)).map((d) => d.department);
  const problem = checkDepartments(known, departments);
  if (problem) throw new Refusal(400, 'SB_ERR_UNKNOWN_DEPARTMENT', problem);
}

