/**
 * Pure parts of administration: the SQL that lists, renames and merges departments and
 * writes and reads the audit log (every value a bound parameter), and the checks on
 * department names with the sentences a person reads when one is refused. The routes
 * (index.ts) run these inside one write transaction with the audit row.
 *
 * A department is a name, not a row: it lives in the group -> department map, the declared
 * request-type owners, the departments table (hourly rates), department heads' accounts,
 * report schedules, owner decisions and the landing-department setting. Renaming or merging
 * rewrites every one of those, so the per-ticket facts (whose fingerprint holds the map,
 * the owners and the rates) recompute under the new name and the tickets' figures move.
 */
import type { Param } from '#core/db/database.ts';
import { caseTwin } from '#core/department-names.ts';
import { bigramDice } from '../../repositories/name-similarity.ts';

export type Sql = { sql: string; params: Record<string, Param> };

export interface DepartmentRow {
  department: string;
  /** Groups mapped to it. */
  groups: number;
  /** Request types it is the declared owner of. */
  requestTypes: number;
  /** Tickets assigned at least once to one of its groups. */
  tickets: number;
  /** Department heads who run it. */
  heads: number;
}

/** Every managed department with what hangs on it, by name. */
export function buildDepartmentListSql(): Sql {
  return {
    sql: `WITH names AS (
  SELECT department FROM group_departments UNION SELECT department FROM request_type_owners UNION SELECT department FROM departments
),
passed AS (
  SELECT gd.department, count(DISTINCT (e.source, e.ticket_id))::INTEGER AS tickets
  FROM ticket_events e JOIN group_departments gd ON gd.group_name = e.group_after
  WHERE e.kind = $assignment GROUP BY gd.department
)
SELECT n.department,
  (SELECT count(*) FROM group_departments g WHERE g.department = n.department)::INTEGER AS groups,
  (SELECT count(*) FROM request_type_owners o WHERE o.department = n.department)::INTEGER AS "requestTypes",
  coalesce(p.tickets, 0)::INTEGER AS tickets,
  (SELECT count(*) FROM users u WHERE u.role = $head AND list_contains(u.departments, n.department))::INTEGER AS heads
FROM names n LEFT JOIN passed p USING (department)
WHERE n.department IS NOT NULL
ORDER BY n.department`,
    params: { assignment: 'assignment', head: 'department_head' },
  };
}

/**
 * The statements that move everything named `from` to `to`: a rename when `to` is new, a
 * merge when it exists (then `to` keeps its own hourly rate). `from` and `to` differ.
 */
export function buildMoveDepartmentSql(from: string, to: string): Sql[] {
  const p = { from, to };
  return [
    { sql: 'UPDATE group_departments SET department = $to WHERE department = $from', params: p },
    { sql: 'UPDATE request_type_owners SET department = $to WHERE department = $from', params: p },
    // The primary key is the name: add the new row and drop the old rather than update the key.
    { sql: 'INSERT INTO departments SELECT $to, hourly_rate FROM departments WHERE department = $from ON CONFLICT DO NOTHING', params: p },
    { sql: 'DELETE FROM departments WHERE department = $from', params: { from } },
    {
      sql: `UPDATE users SET departments = list_distinct(list_transform(departments, lambda d: CASE WHEN d = $from THEN $to ELSE d END))
WHERE list_contains(departments, $from)`,
      params: p,
    },
    { sql: 'UPDATE report_schedules SET department = $to WHERE department = $from', params: p },
    { sql: 'UPDATE owner_decisions SET department = $to WHERE department = $from', params: p },
    { sql: 'UPDATE imports SET default_landing_department = $to WHERE default_landing_department = $from', params: p },
  ];
}

/** A department kept on the list with nothing mapped to it yet. */
export function buildAddDepartmentSql(name: string): Sql {
  return { sql: 'INSERT INTO departments (department) VALUES ($name) ON CONFLICT DO NOTHING', params: { name } };
}

export interface AuditEntry {
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
}

export function buildAuditInsertSql(entry: AuditEntry, at: Date): Sql {
  return {
    sql: 'INSERT INTO admin_audit (changed_at, actor, action, target, detail) VALUES ($at, $actor, $action, $target, $detail)',
    params: { at, actor: entry.actor, action: entry.action, target: entry.target, detail: entry.detail },
  };
}

/** Rows of one change made many times over (a bulk mapping), one per target, in the order given. */
export function buildAuditInsertManySql(entry: { actor: string; action: string }, rows: readonly { target: string; detail: string }[], at: Date): Sql {
  return {
    sql: `INSERT INTO admin_audit (changed_at, actor, action, target, detail)
SELECT $at, $actor, $action, $targets[i], $details[i] FROM range(1, len($targets::VARCHAR[]) + 1) r(i) ORDER BY i`,
    params: { at, actor: entry.actor, action: entry.action, targets: rows.map((r) => r.target), details: rows.map((r) => r.detail) },
  };
}

export interface AuditRow extends AuditEntry {
  id: number;
  /** ISO 8601, UTC. */
  at: string;
}

/** The newest `limit` entries, newest first (ties in the same millisecond by the order written). */
export function buildAuditListSql(limit: number): Sql {
  return {
    sql: `SELECT audit_id AS id, strftime(changed_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS "at", actor, action, target, detail
FROM admin_audit ORDER BY changed_at DESC, audit_id DESC LIMIT $limit`,
    params: { limit },
  };
}


/** The known name most like `name`: the same ignoring case, else the closest by letter pairs (at least half alike). */
export function closestDepartment(known: readonly string[], name: string): string | undefined {
  const twin = caseTwin(known, name);
  if (twin) return twin;
  let best: { name: string; score: number } | undefined;
  for (const k of known) {
    const score = bigramDice(k.toLowerCase(), name.toLowerCase());
    if (score >= 0.5 && (!best || score > best.score)) best = { name: k, score };
  }
  return best?.name;
}

/** "No department named Payrol. Did you mean Payroll?" */
export function unknownDepartmentMessage(known: readonly string[], name: string): string {
  const near = closestDepartment(known, name);
  if (near) return `No department named ${name}. Did you mean ${near}?`;
  return known.length
    ? `No department named ${name}. Choose one from the Departments list (${known.slice(0, 8).join(', ')}${known.length > 8 ? ', ...' : ''}).`
    : `No department named ${name}. Map a group to a department on the Settings page first.`;
}

/** The first of `names` that is not a managed department, with its sentence; null when all are. */
export function checkDepartments(known: readonly string[], names: readonly string[]): string | null {
  const missing = names.map((n) => n.trim()).find((n) => n && !known.includes(n));
  return missing === undefined ? null : unknownDepartmentMessage(known, missing);
}

/**
 * The one check against departments that differ only in capitals ("payroll" beside
 * "Payroll"): every place that can name a department (admin's add and rename, Settings'
 * group map, request-type owners and rates) refuses such a name with this sentence, so no
 * figure ever splits one department in two.
 */
export function caseTwinProblem(known: readonly string[], name: string): string | null {
  const twin = caseTwin(known, name);
  return twin ? `A department named ${twin} already exists; ${name} differs from it only in capital letters. Did you mean ${twin}?` : null;
}

/** Why `name` cannot be a new department name beside `known` (`except`: the department being renamed), or null. */
export function newNameProblem(known: readonly string[], name: string, except?: string): string | null {
  if (!name) return 'Give the department a name.';
  if (name === except) return `The department is already named ${name}.`;
  if (known.includes(name)) return `A department named ${name} already exists. To put the two together, merge one into the other.`;
  const twin = caseTwinProblem(known.filter((k) => k !== except), name);
  if (twin) return `${twin} To put the two together, merge one into the other.`;
  return null;
}
