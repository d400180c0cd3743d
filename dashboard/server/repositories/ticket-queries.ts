/**
 * Read queries the pages need beyond the metric modules: the first-landing -> owner flows (the Sankey),
 * a listed ticket's row, and one ticket with its events and ownership. The flows read
 * analysis' per-ticket facts under the same filters as every figure.
 * Values are always bound parameters.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '#analysis/filters/filters.ts';
import { ticketPathsCte } from '#analysis/ticket-paths/ticket-paths.ts';
import { factsFor, factsSource, factsTableName } from '#analysis/ticket-facts/ticket-facts.ts';

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
