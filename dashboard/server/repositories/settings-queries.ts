/**
 * The maps and settings the settings page edits: group -> department, request type ->
 * declared owner, each department's hourly rate, and groups seen in tickets that the map lacks (with a suggestion by
 * name similarity). Every write is one bound-parameter statement.
 */
import type { Queryable } from '#core/db/database.ts';
import { recordOwnerDecision } from '#analysis/ownership-gaps/owner-decisions.ts';
import { csvCell } from '#analysis/report/report.ts';
import { isOpaqueGroupName, suggestDepartment, type Suggestion } from './name-similarity.ts';

export interface GroupMapping {
  group: string;
  department: string;
}

export interface UnmappedGroup {
  group: string;
  /** Assignment events that moved a ticket into this group. */
  assignments: number;
  suggestion: Suggestion | null;
  /** The name is only a code ('Group 73'): nothing to suggest; it counts as a unit of its own. */
  opaque: boolean;
}

/** Groups listed at most: the page stays usable, and the banner counts them all. */
export const UNMAPPED_GROUPS_LISTED = 5000;

export async function knownDepartments(db: Queryable): Promise<string[]> {
  const rows = await db.all<{ d: string }>(
    `SELECT DISTINCT d FROM (SELECT department AS d FROM departments UNION ALL SELECT department FROM group_departments
       UNION ALL SELECT department FROM request_type_owners) WHERE d IS NOT NULL ORDER BY d`,
  );
  return rows.map((r) => r.d);
}

export async function groupMappings(db: Queryable): Promise<GroupMapping[]> {
  return db.all<GroupMapping>('SELECT group_name AS "group", department FROM group_departments ORDER BY group_name');
}

export async function unmappedGroups(db: Queryable, departments: string[]): Promise<UnmappedGroup[]> {
  const rows = await db.all<{ group: string; assignments: number }>(
    `SELECT e.group_after AS "group", count(*)::INTEGER AS assignments
     FROM ticket_events e LEFT JOIN group_departments gd ON gd.group_name = e.group_after
     WHERE e.kind = 'assignment' AND e.group_after IS NOT NULL AND gd.group_name IS NULL
     GROUP BY e.group_after ORDER BY assignments DESC, "group" LIMIT ${UNMAPPED_GROUPS_LISTED}`,
  );
  return rows.map((r) => {
    const opaque = isOpaqueGroupName(r.group);
    return { ...r, suggestion: opaque ? null : suggestDepartment(r.group, departments), opaque };
  });
}

/** The map as CSV (group,department), for a spreadsheet and to import again. */
export function groupMappingsCsv(mappings: readonly GroupMapping[]): string {
  return ['group,department', ...mappings.map((m) => `${csvCell(m.group)},${csvCell(m.department)}`)].join('\r\n') + '\r\n';
}

export interface RequestTypeOwner {
  requestType: string;
  department: string;
}

export async function requestTypeOwners(db: Queryable): Promise<RequestTypeOwner[]> {
  return db.all<RequestTypeOwner>('SELECT request_type AS "requestType", department FROM request_type_owners ORDER BY request_type');
}

/** Declares (or with null removes) a type's owner, recorded as a dated decision (analysis/ownership-gaps/owner-decisions.ts). */
export async function setRequestTypeOwner(db: Queryable, requestType: string, department: string | null): Promise<void> {
  await recordOwnerDecision(db, requestType, department);
  if (department === null) {
    await db.run('DELETE FROM request_type_owners WHERE request_type = $1', [requestType]);
    return;
  }
  await db.run(
    'INSERT INTO request_type_owners VALUES ($1, $2) ON CONFLICT (request_type) DO UPDATE SET department = excluded.department',
    [requestType, department],
  );
  await db.run('INSERT INTO departments (department) VALUES ($1) ON CONFLICT DO NOTHING', [department]);
}

export interface RequestTypeVolume {
  requestType: string;
  tickets: number;
  declaredOwner: string | null;
}

/** Request types by volume with their declared owner, for the ownership page's editor. */
export async function requestTypeVolumes(db: Queryable): Promise<RequestTypeVolume[]> {
  return db.all<RequestTypeVolume>(
    `SELECT t.request_type AS "requestType", count(*)::INTEGER AS tickets, any_value(o.department) AS "declaredOwner"
     FROM tickets t LEFT JOIN request_type_owners o ON o.request_type = t.request_type
     WHERE t.request_type IS NOT NULL GROUP BY t.request_type ORDER BY tickets DESC, "requestType" LIMIT 2000`,
  );
}

export interface DepartmentRate {
  department: string;
  /** null: the default hourly rate from the cost assumptions applies. */
  hourlyRate: number | null;
}

/** Every known department with its own hourly rate, if it has one. */
export async function departmentRates(db: Queryable, departments: string[]): Promise<DepartmentRate[]> {
  const rows = await db.all<DepartmentRate>('SELECT department, hourly_rate::DOUBLE AS "hourlyRate" FROM departments WHERE hourly_rate IS NOT NULL');
  const rates = new Map(rows.map((r) => [r.department, r.hourlyRate]));
  return departments.map((department) => ({ department, hourlyRate: rates.get(department) ?? null }));
}

/** Sets (or with null clears) a department's hourly rate. The per-ticket facts' fingerprint includes the rates, so figures recompute. */
export async function setDepartmentRate(db: Queryable, department: string, hourlyRate: number | null): Promise<void> {
  await db.run(
    'INSERT INTO departments (department, hourly_rate) VALUES ($1, $2) ON CONFLICT (department) DO UPDATE SET hourly_rate = excluded.hourly_rate',
    [department, hourlyRate],
  );
}
