/**
 * Declared owners as decisions (docs/metrics.md, "Fix first and what-if"): declaring a
 * request type's owner records a dated decision (table owner_decisions), and the gaps page
 * tracks its effect instead of treating the declaration as the fix. For each type whose
 * current declared owner came from a recorded decision: its tickets and misroutes created
 * before and after the decision instant, and whether it is working yet: a decision is
 * "decided, not yet working" until tickets created after it exist and their misroute share
 * is no longer above the gap rule's (GAP_MISROUTE_SHARE).
 *
 * The before/after counts are nested as `tickets` and `misrouted_tickets` (the catalogue's
 * count names) under the decided owner's `department`, so the department guard withholds
 * another department's small counts and what derives from them, as for every figure.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { factsFor, factsSource, type MetricOptions } from '../ticket-facts/ticket-facts.ts';
import { GAP_MISROUTE_SHARE } from './ownership-gaps.ts';

export interface DecisionSide {
  tickets: number;
  misrouted_tickets: number;
  misroute_share: number;
}

export interface OwnerDecision {
  request_type: string;
  /** The declared owner the decision named. */
  department: string;
  decided_at: Date;
  before: DecisionSide;
  after: DecisionSide;
  /** 'working': tickets after the decision misroute at or below the gap rule; else 'not_yet_working'. */
  status: 'working' | 'not_yet_working';
}

/**
 * Records a declaration (or, with department null, a removal) as a decision dated `at`,
 * unless it repeats the type's latest decision. Call it where request_type_owners changes,
 * in the same transaction.
 */
export async function recordOwnerDecision(db: Queryable, requestType: string, department: string | null, at: Date = new Date()): Promise<void> {
  await db.run(
    `INSERT INTO owner_decisions (request_type, department, decided_at)
     SELECT $1, $2, $3
     WHERE $2::VARCHAR IS DISTINCT FROM (SELECT department FROM owner_decisions WHERE request_type = $1 ORDER BY decided_at DESC, decision_id DESC LIMIT 1)`,
    [requestType, department, at],
  );
}

export function buildOwnerDecisionsSql(filters: Filters, settings: Settings, options: MetricOptions = {}) {
  const facts = factsSource(filters, settings, options);
  return {
    sql: `WITH ${facts.cte},
latest AS (
  SELECT request_type, department, decided_at FROM (
    SELECT *, row_number() OVER (PARTITION BY request_type ORDER BY decided_at DESC, decision_id DESC) AS k FROM owner_decisions
  ) WHERE k = 1
),
decided AS (
  SELECT l.* FROM latest l JOIN request_type_owners o ON o.request_type = l.request_type AND o.department = l.department
),
sides AS (
  SELECT d.request_type, d.department, d.decided_at,
    count(f.ticket_id) FILTER (WHERE f.created_at < d.decided_at)::INTEGER AS tickets_b,
    count(f.ticket_id) FILTER (WHERE f.created_at < d.decided_at AND f.misrouted)::INTEGER AS misrouted_b,
    count(f.ticket_id) FILTER (WHERE f.created_at >= d.decided_at)::INTEGER AS tickets_a,
    count(f.ticket_id) FILTER (WHERE f.created_at >= d.decided_at AND f.misrouted)::INTEGER AS misrouted_a
  FROM decided d LEFT JOIN facts f ON f.request_type = d.request_type
  GROUP BY ALL
)
SELECT request_type, department, decided_at,
  {'tickets': tickets_b, 'misrouted_tickets': misrouted_b, 'misroute_share': coalesce(misrouted_b / nullif(tickets_b, 0), 0)::DOUBLE} AS before,
  {'tickets': tickets_a, 'misrouted_tickets': misrouted_a, 'misroute_share': coalesce(misrouted_a / nullif(tickets_a, 0), 0)::DOUBLE} AS after,
  CASE WHEN tickets_a > 0 AND misrouted_a / tickets_a <= $od_gap_share THEN 'working' ELSE 'not_yet_working' END AS status
FROM sides ORDER BY decided_at DESC, request_type`,
    params: { ...facts.params, od_gap_share: GAP_MISROUTE_SHARE },
  };
}

/** The decisions behind the current declared owners, with their effect so far. */
export async function ownerDecisions(db: Queryable, filters: Filters, settings: Settings, options: MetricOptions = {}): Promise<OwnerDecision[]> {
  const q = buildOwnerDecisionsSql(filters, settings, await factsFor(db, settings, options));
  return db.all<OwnerDecision>(q.sql, q.params);
}
