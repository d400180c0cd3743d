/**
 * Read queries the pages need beyond the metric modules: the values the filter bar offers,
 * the first-landing -> owner flows (the Sankey), and the ticket list with each ticket's
 * path. The flows and the list read analysis' per-ticket facts under the same filters, so
 * a ticket counted in a figure is the same ticket the drill-down lists.
 * Values are always bound parameters.
 */
import type { Param, Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '#analysis/filters/filters.ts';
import { ticketPathsCte } from '#analysis/ticket-paths/ticket-paths.ts';
import { factsFor, factsSource, factsTableName } from '#analysis/ticket-facts/ticket-facts.ts';

export interface FilterOptions {
  departments: string[];
  locations: string[];
  requestTypes: string[];
  sources: string[];
  /** First and last creation day in the district's zone, or null without tickets. */
  firstDay: string | null;
  lastDay: string | null;
  /** The district's first school day ('MM-DD'): where the date presets' school year starts. */
  schoolYearStart: string;
}

const OPTION_LIMIT = 2000;

export async function filterOptions(db: Queryable, settings: Settings): Promise<FilterOptions> {
  const distinct = async (column: 'location' | 'request_type' | 'source') =>
    (await db.all<{ v: string }>(`SELECT DISTINCT ${column} AS v FROM tickets WHERE ${column} IS NOT NULL ORDER BY v LIMIT ${OPTION_LIMIT}`)).map((r) => r.v);
  const departments = await db.all<{ v: string }>(
    `SELECT DISTINCT v FROM (
       SELECT department AS v FROM departments UNION ALL SELECT department FROM group_departments
       UNION ALL SELECT department FROM request_type_owners
       UNION ALL SELECT coalesce(gd.department, g.group_name) FROM groups g LEFT JOIN group_departments gd USING (group_name)
       UNION ALL SELECT $d)
     WHERE v IS NOT NULL ORDER BY v LIMIT ${OPTION_LIMIT}`,
    { d: settings.defaultLandingDepartment },
  );
  const [range] = await db.all<{ first: string | null; last: string | null }>(
    `SELECT strftime(timezone($tz, min(created_at)), '%Y-%m-%d') AS first, strftime(timezone($tz, max(created_at)), '%Y-%m-%d') AS last FROM tickets`,
    { tz: settings.timeZone },
  );
  return {
    departments: departments.map((r) => r.v),
    locations: await distinct('location'),
    requestTypes: await distinct('request_type'),
    sources: await distinct('source'),
    firstDay: range.first,
    lastDay: range.last,
    schoolYearStart: settings.schoolCalendar.firstDay,
  };
}

export interface Flow {
  from: string;
  to: string;
  tickets: number;
}

/**
 * Tickets by first-landing department and owning department (on the settings' owner
 * basis), largest first: a grouping of analysis' per-ticket facts, so the Sankey and the
 * misroute figures count the same owner.
 */
export async function landingFlows(db: Queryable, filters: Filters, settings: Settings): Promise<Flow[]> {
  const facts = factsSource(filters, settings, await factsFor(db, settings, {}));
  return db.all<Flow>(
    `WITH ${facts.cte}
     SELECT first_landing AS "from", owner AS "to", count(*)::INTEGER AS tickets
     FROM facts GROUP BY ALL ORDER BY tickets DESC, "from", "to"`,
    facts.params,
  );
}

export interface TicketQuery extends Filters {
  firstLanding?: string;
  owner?: string;
  resolver?: string;
  /** Only tickets whose first landing differs from their resolver. */
  resolvedElsewhere?: boolean;
  misrouted?: boolean;
  redirected?: boolean;
  limit: number;
  offset: number;
}

export interface TicketRow {
  source: string;
  ticketId: string;
  createdAt: string;
  status: string | null;
  requestType: string | null;
  location: string | null;
  subject: string | null;
  sensitive: boolean;
  firstLanding: string;
  resolver: string;
  owner: string;
  misrouted: boolean;
  redirected: boolean;
  hops: number;
  departmentPath: string[];
  groupPath: string[];
}

function ticketWhere(q: TicketQuery) {
  const clauses = ['true'];
  const params: Record<string, Param> = {};
  const eq = (column: string, key: string, value: string | undefined) => {
    if (!value) return;
    clauses.push(`f.${column} = $${key}`);
    params[key] = value;
  };
  eq('first_landing', 'q_first', q.firstLanding);
  eq('resolver', 'q_resolver', q.resolver);
  eq('owner', 'q_owner', q.owner);
  if (q.resolvedElsewhere) clauses.push('f.first_landing <> f.resolver');
  if (q.misrouted) clauses.push('f.misrouted');
  if (q.redirected) clauses.push('f.redirected');
  return { where: clauses.join(' AND '), params };
}

export async function listTickets(db: Queryable, q: TicketQuery, settings: Settings): Promise<{ total: number; tickets: TicketRow[] }> {
  const { firstLanding: _a, resolver: _b, owner: _c, resolvedElsewhere: _d, misrouted: _e, redirected: _f, limit, offset, ...filters } = q;
  // The persisted per-ticket facts (rebuilt by each import), as every figure reads them:
  // computing them per request took seconds at 20,000 tickets.
  const facts = factsSource(filters, settings, await factsFor(db, settings, {}));
  const w = ticketWhere(q);
  const params = { ...facts.params, ...w.params };
  // Count and page over the facts alone, then join only the page's rows to their tickets:
  // joining every ticket first and sorting the join took seconds at a million tickets.
  const matching = `WITH ${facts.cte} SELECT * FROM facts f WHERE ${w.where}`;
  const [{ total }] = await db.all<{ total: number }>(`SELECT count(*)::INTEGER AS total FROM (${matching})`, params);
  const rows = await db.all<Omit<TicketRow, 'createdAt'> & { createdAt: Date }>(
    `WITH page AS (${matching} ORDER BY created_at DESC, source, ticket_id LIMIT $q_limit OFFSET $q_offset)
     SELECT f.source, f.ticket_id AS "ticketId", f.created_at AS "createdAt", t.status, f.request_type AS "requestType", t.location,
       CASE WHEN t.sensitive THEN NULL ELSE t.subject END AS subject, t.sensitive,
       f.first_landing AS "firstLanding", f.resolver, f.owner, f.misrouted, f.redirected, f.hops::INTEGER AS hops,
       f.department_path AS "departmentPath", f.group_path AS "groupPath"
     FROM page f JOIN tickets t USING (source, ticket_id)
     ORDER BY f.created_at DESC, f.source, f.ticket_id`,
    { ...params, q_limit: limit, q_offset: offset },
  );
  return { total, tickets: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
}

export interface TicketEventRow {
  seq: number;
  occurredAt: string;
  kind: string;
  groupAfter: string | null;
  department: string | null;
  automated: boolean;
  detail: string | null;
}

/**
 * Why a ticket's owner is its owner:
 *   resolver  the department that resolved it
 *   declared  the declared owner of its request type (owner basis 'declared', or a redirect
 *             that names no department)
 *   redirect  it was closed as "submit this elsewhere", and the resolution names the department
 */
export type OwnerReason = 'resolver' | 'declared' | 'redirect';

/** A ticket's owner and routing, from the persisted per-ticket facts the figures count. */
export interface TicketOwnership {
  firstLanding: string;
  owner: string;
  /** The district's owner basis setting. */
  ownerBasis: 'resolver' | 'declared';
  ownerReason: OwnerReason;
  declaredOwner: string | null;
  /** First landed in a department other than its owner. */
  misrouted: boolean;
  /** Closed with "submit this to another department". */
  redirected: boolean;
  ownerReachedAt: string | null;
  hoursToOwner: number | null;
  businessHoursToOwner: number | null;
}

export interface TicketDetail extends Omit<TicketRow, 'owner' | 'misrouted' | 'redirected'> {
  description: string | null;
  resolutionCode: string | null;
  resolutionText: string | null;
  resolvedAt: string | null;
  events: TicketEventRow[];
  /** null only for a ticket the facts do not hold yet. */
  ownership: TicketOwnership | null;
}

/** One ticket's row of the persisted facts (refreshed first if stale), as the figures read it. */
export async function ticketOwnership(db: Queryable, source: string, ticketId: string, settings: Settings): Promise<TicketOwnership | null> {
  const { facts } = await factsFor(db, settings, {});
  // The reason mirrors the owner rule in analysis/ticket-facts (owner, resolver_owner).
  const [row] = await db.all<Omit<TicketOwnership, 'ownerBasis' | 'ownerReachedAt'> & { ownerReachedAt: Date | null }>(
    `SELECT first_landing AS "firstLanding", owner,
       CASE WHEN $basis = 'declared' AND declared_owner IS NOT NULL THEN 'declared'
            WHEN closed_as_redirect AND redirect_department IS NOT NULL THEN 'redirect'
            WHEN closed_as_redirect AND declared_owner IS NOT NULL THEN 'declared'
            ELSE 'resolver' END AS "ownerReason",
       declared_owner AS "declaredOwner", misrouted, redirected, owner_at AS "ownerReachedAt",
       hours_to_owner::DOUBLE AS "hoursToOwner", business_hours_to_owner::DOUBLE AS "businessHoursToOwner"
     FROM ${factsTableName(facts!)} WHERE source = $s AND ticket_id = $id`,
    { basis: settings.ownerBasis, s: source, id: ticketId },
  );
  if (!row) return null;
  return { ...row, ownerBasis: settings.ownerBasis, ownerReachedAt: row.ownerReachedAt instanceof Date ? row.ownerReachedAt.toISOString() : null };
}

/** One ticket with its events; text of a sensitive ticket is withheld. */
export async function ticketDetail(db: Queryable, source: string, ticketId: string, settings: Settings): Promise<TicketDetail | null> {
  const params = { default_landing: settings.defaultLandingDepartment, s: source, id: ticketId };
  const [row] = await db.all<Record<string, unknown>>(
    `WITH ${ticketPathsCte()}
     SELECT source, ticket_id AS "ticketId", created_at AS "createdAt", resolved_at AS "resolvedAt", status,
       request_type AS "requestType", location, sensitive,
       CASE WHEN sensitive THEN NULL ELSE subject END AS subject,
       CASE WHEN sensitive THEN NULL ELSE description END AS description,
       resolution_code AS "resolutionCode", CASE WHEN sensitive THEN NULL ELSE resolution_text END AS "resolutionText",
       first_landing AS "firstLanding", resolver, hops::INTEGER AS hops,
       department_path AS "departmentPath", group_path AS "groupPath"
     FROM tickets t JOIN p USING (source, ticket_id) WHERE t.source = $s AND t.ticket_id = $id`,
    params,
  );
  if (!row) return null;
  const events = await db.all<Omit<TicketEventRow, 'occurredAt'> & { occurredAt: Date; sensitive: boolean }>(
    `SELECT e.seq, e.occurred_at AS "occurredAt", e.kind, e.group_after AS "groupAfter",
       CASE WHEN e.group_after IS NULL THEN NULL ELSE coalesce(gd.department, e.group_after) END AS department,
       e.automated, e.detail
     FROM ticket_events e LEFT JOIN group_departments gd ON gd.group_name = e.group_after
     WHERE e.source = $s AND e.ticket_id = $id ORDER BY e.occurred_at, e.seq`,
    { s: source, id: ticketId },
  );
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
  return {
    ...(row as unknown as TicketDetail),
    ownership: await ticketOwnership(db, source, ticketId, settings),
    createdAt: iso(row.createdAt)!,
    resolvedAt: iso(row.resolvedAt),
    events: events.map((e) => ({
      seq: e.seq, occurredAt: e.occurredAt.toISOString(), kind: e.kind, groupAfter: e.groupAfter,
      department: e.department, automated: e.automated,
      // Comment text of a sensitive ticket stays out of the browser, like its subject.
      detail: row.sensitive && (e.kind === 'comment' || e.kind === 'note') ? null : e.detail,
    })),
  };
}
