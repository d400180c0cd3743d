/**
 * First landing versus resolver: of the tickets in view, how many were resolved by a
 * department other than the one where they first landed. This is the skeleton's routing
 * figure; docs/metrics.md defines it. One builder answers the report and the dashboard.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import { buildFilterParts, type Filters } from '../filters/filters.ts';
import { ensureTicketFacts, factsTableName, type MaterialisedFacts } from '../ticket-facts/ticket-facts.ts';

export interface FirstLandingSummary {
  tickets: number;
  /** Tickets whose first department is not the department that resolved them. */
  resolvedElsewhere: number;
  /** resolvedElsewhere / tickets, 0 when there are no tickets. */
  resolvedElsewhereShare: number;
}

export interface FirstLandingByDepartment {
  department: string;
  ticketsLanded: number;
  resolvedElsewhere: number;
  resolvedElsewhereShare: number;
}

/**
 * Reads first landing and resolver from the per-ticket facts (the same path arithmetic).
 * A department filter here keeps the tickets whose path passed through the department or
 * landed there first; unlike the owner-based figures it does not add the tickets the
 * department owns without touching them, because this figure is about paths alone.
 */
export function buildFirstLandingSql(filters: Filters, settings: Settings, facts: MaterialisedFacts) {
  const f = buildFilterParts(filters, settings.timeZone);
  const base = `SELECT p.first_landing, p.resolver
    FROM (SELECT t.* FROM ${factsTableName(facts)} t WHERE ${f.ticketWhere}) p WHERE ${f.departmentWhere}`;
  return {
    summary: {
      sql: `SELECT count(*)::INTEGER AS tickets,
              count(*) FILTER (WHERE first_landing <> resolver)::INTEGER AS "resolvedElsewhere"
            FROM (${base})`,
      params: f.params,
    },
    byDepartment: {
      sql: `SELECT first_landing AS department, count(*)::INTEGER AS "ticketsLanded",
              count(*) FILTER (WHERE first_landing <> resolver)::INTEGER AS "resolvedElsewhere"
            FROM (${base}) GROUP BY first_landing ORDER BY "ticketsLanded" DESC, department`,
      params: f.params,
    },
  };
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export async function firstLanding(db: Queryable, filters: Filters, settings: Settings) {
  const q = buildFirstLandingSql(filters, settings, await ensureTicketFacts(db, settings));
  const [s] = await db.all<{ tickets: number; resolvedElsewhere: number }>(q.summary.sql, q.summary.params);
  const rows = await db.all<{ department: string; ticketsLanded: number; resolvedElsewhere: number }>(
    q.byDepartment.sql,
    q.byDepartment.params,
  );
  const summary: FirstLandingSummary = { ...s, resolvedElsewhereShare: share(s.resolvedElsewhere, s.tickets) };
  const byDepartment: FirstLandingByDepartment[] = rows.map((r) => ({
    ...r,
    resolvedElsewhereShare: share(r.resolvedElsewhere, r.ticketsLanded),
  }));
  return { summary, byDepartment };
}
