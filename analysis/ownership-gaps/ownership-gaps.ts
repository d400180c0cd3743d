/**
 * Ownership gaps per request type (docs/metrics.md, "Ownership gaps"): who ends up owning
 * each type, how spread out that is (normalised entropy), how often it lands in the wrong
 * place, what the coordination costs, and whether the district declared an owner. A gap is
 * a type with no declared owner whose ownership is split or often misrouted. Ranked by cost.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { factsFor, factsSource, type MetricOptions } from '../ticket-facts/ticket-facts.ts';
import { exactSum } from '#core/sql/exact-sum.ts';

/** A type is a gap below this top-owner share... */
export const GAP_TOP_OWNER_SHARE = 0.7;
/** ...or above this misroute share (and has no declared owner). */
export const GAP_MISROUTE_SHARE = 0.3;

export interface OwnershipGap {
  request_type: string | null;
  tickets: number;
  owners: { department: string; tickets: number; share: number }[];
  top_owner: string;
  top_owner_share: number;
  /** Shannon entropy of the owner shares / ln(number of owners); 0 with one owner. */
  owner_entropy: number;
  misroute_share: number;
  coordination_cost: number;
  declared_owner: string | null;
  gap: boolean;
}

export function buildOwnershipGapsSql(filters: Filters, settings: Settings, options: MetricOptions = {}) {
  const facts = factsSource(filters, settings, options);
  return {
    sql: `WITH ${facts.cte},
by_owner AS (
  SELECT request_type, owner, count(*)::INTEGER AS n FROM facts GROUP BY request_type, owner
),
spread AS (
  SELECT request_type, sum(n)::INTEGER AS tickets,
    list({'department': owner, 'tickets': n} ORDER BY n DESC, owner) AS owners,
    count(*)::INTEGER AS owner_count
  FROM by_owner GROUP BY request_type
),
entropy AS (
  SELECT b.request_type,
    -${exactSum('(b.n / s.tickets) * ln(b.n / s.tickets)')} AS h
  FROM by_owner b JOIN spread s ON s.request_type IS NOT DISTINCT FROM b.request_type
  GROUP BY b.request_type
),
per_type AS (
  SELECT request_type, count(*) FILTER (WHERE misrouted)::INTEGER AS misrouted,
    ${exactSum('coordination_cost')} AS coordination_cost, any_value(declared_owner) AS declared_owner
  FROM facts GROUP BY request_type
)
SELECT s.request_type, s.tickets,
  list_transform(s.owners, lambda o: {'department': o.department, 'tickets': o.tickets, 'share': o.tickets / s.tickets}) AS owners,
  s.owners[1].department AS top_owner,
  s.owners[1].tickets / s.tickets AS top_owner_share,
  CASE WHEN s.owner_count > 1 THEN e.h / ln(s.owner_count) ELSE 0 END::DOUBLE AS owner_entropy,
  p.misrouted / s.tickets AS misroute_share,
  p.coordination_cost, p.declared_owner,
  p.declared_owner IS NULL AND (s.owners[1].tickets / s.tickets < $gap_top_share OR p.misrouted / s.tickets > $gap_misroute_share) AS gap
FROM spread s
JOIN entropy e ON e.request_type IS NOT DISTINCT FROM s.request_type
JOIN per_type p ON p.request_type IS NOT DISTINCT FROM s.request_type
ORDER BY p.coordination_cost DESC, s.tickets DESC, s.request_type NULLS LAST`,
    params: { ...facts.params, gap_top_share: GAP_TOP_OWNER_SHARE, gap_misroute_share: GAP_MISROUTE_SHARE },
  };
}

export async function ownershipGaps(db: Queryable, filters: Filters, settings: Settings, options: MetricOptions = {}): Promise<OwnershipGap[]> {
  const q = buildOwnershipGapsSql(filters, settings, await factsFor(db, settings, options));
  return db.all<OwnershipGap>(q.sql, q.params);
}
