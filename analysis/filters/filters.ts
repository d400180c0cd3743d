/**
 * The filters every figure takes: date range, department, school/location, request type,
 * source. Dates are calendar days in the district's zone; `to` is inclusive. The builder
 * returns a WHERE fragment over a `tickets` alias `t` (and the path alias `p` for the
 * department filter) with named parameters; values are never spliced into SQL.
 */
import type { Param, Params } from '#core/db/database.ts';

export interface Filters {
  from?: string;
  to?: string;
  department?: string;
  location?: string;
  requestType?: string;
  source?: string;
  /**
   * Keeps only the tickets that never passed through, first landed in or belonged to any
   * of these departments: the part of a district total a department head cannot see
   * ticket by ticket. Set by the server for that check, never read from a request.
   */
  outsideDepartments?: readonly string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether 'YYYY-MM-DD' names a day that exists (JavaScript's Date reads '2024-02-30' as 1 March). */
function isCalendarDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function validateFilters(f: Filters): string[] {
  const errors: string[] = [];
  for (const key of ['from', 'to'] as const) {
    const v = f[key];
    if (v !== undefined && (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) {
      errors.push(`${key} must be a date written YYYY-MM-DD, got '${v}'`);
    } else if (v !== undefined && !isCalendarDay(v)) {
      errors.push(`${key} '${v}' is not a day of the calendar`);
    }
  }
  if (f.from && f.to && f.from > f.to) errors.push(`from (${f.from}) is after to (${f.to})`);
  return errors;
}

export interface FilterSql {
  where: string;
  params: Params & Record<string, unknown>;
}

/**
 * The filters split in two: `ticketWhere` over `tickets t` (date range, location, request
 * type, source), applied before any path is built so fewer events are read, and
 * `departmentWhere` over the per-ticket relation `p` (department path, first landing and,
 * where the relation has one, owner), applied once paths exist.
 */
export function buildFilterParts(f: Filters, tz: string, options: { ownerColumn?: boolean } = {}) {
  const { department, outsideDepartments, ...ticketOnly } = f;
  const tickets = buildFilterSql(ticketOnly, tz);
  const params: Record<string, Param> = { ...(tickets.params as Record<string, Param>) };
  const clauses: string[] = [];
  if (department) {
    clauses.push(options.ownerColumn
      ? '(list_contains(p.department_path, $f_department) OR p.first_landing = $f_department OR p.owner = $f_department)'
      : '(list_contains(p.department_path, $f_department) OR p.first_landing = $f_department)');
    params.f_department = department;
  }
  if (outsideDepartments) {
    // Every relation read here (the facts) has an owner column; a NULL compares as "not one of them".
    clauses.push(`NOT coalesce(list_has_any(p.department_path, $f_outside::VARCHAR[])
      OR list_contains($f_outside::VARCHAR[], p.first_landing) OR list_contains($f_outside::VARCHAR[], p.owner), false)`);
    params.f_outside = [...outsideDepartments];
  }
  const departmentWhere = clauses.length ? clauses.join(' AND ') : 'true';
  return { ticketWhere: tickets.where, departmentWhere, params };
}

/** `tz` is the district's zone, used to turn calendar days into instants. */
export function buildFilterSql(f: Filters, tz: string): FilterSql {
  const clauses: string[] = ['true'];
  const params: Record<string, string> = {};
  if (f.from) {
    clauses.push('t.created_at >= timezone($f_tz, $f_from::DATE::TIMESTAMP)');
    params.f_from = f.from;
  }
  if (f.to) {
    clauses.push("t.created_at < timezone($f_tz, $f_to::DATE::TIMESTAMP + INTERVAL 1 DAY)");
    params.f_to = f.to;
  }
  if (f.from || f.to) params.f_tz = tz;
  if (f.location) {
    clauses.push('t.location = $f_location');
    params.f_location = f.location;
  }
  if (f.requestType) {
    clauses.push('t.request_type = $f_request_type');
    params.f_request_type = f.requestType;
  }
  if (f.source) {
    clauses.push('t.source = $f_source');
    params.f_source = f.source;
  }
  if (f.department) {
    clauses.push('list_contains(p.department_path, $f_department) OR p.first_landing = $f_department');
    params.f_department = f.department;
  }
  return { where: clauses.map((c) => `(${c})`).join(' AND '), params };
}
