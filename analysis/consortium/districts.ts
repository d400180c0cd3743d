/**
 * Districts side by side, for a consortium database (ingest/consortium) or any database
 * whose sources are written `DISTRICT/source`: per district its tickets, misroutes, misroute
 * share, coordination cost and cost per 1,000 tickets, and the request types that are
 * ownership gaps in more than one district (the gaps they share). On a single district the
 * district is the source itself. Read from the per-ticket facts, like every other figure.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import { ensureTicketFacts, FACTS_SCHEMA, FACTS_TABLE } from '../ticket-facts/ticket-facts.ts';
import { GAP_MISROUTE_SHARE } from '../ownership-gaps/ownership-gaps.ts';

export interface DistrictFigures {
  district: string;
  tickets: number;
  misrouted_tickets: number;
  misroute_share: number;
  coordination_cost: number;
  cost_per_1000_tickets: number;
}

export interface SharedGap {
  request_type: string;
  districts: string[];
  misrouted_tickets: number;
  coordination_cost: number;
}

export interface DistrictComparison {
  districts: DistrictFigures[];
  shared_gaps: SharedGap[];
}

const FACTS = `${FACTS_SCHEMA}.${FACTS_TABLE}`;

/** The district of a source: what comes before its first '/', or the whole source. */
export const DISTRICT_OF_SOURCE = "split_part(source, '/', 1)";

export const DISTRICTS_SQL = `
SELECT ${DISTRICT_OF_SOURCE} AS district, count(*)::INTEGER AS tickets,
       count(*) FILTER (WHERE misrouted)::INTEGER AS misrouted_tickets,
       round(count(*) FILTER (WHERE misrouted) / count(*), 4)::DOUBLE AS misroute_share,
       round(coalesce(sum(coordination_cost), 0), 2)::DOUBLE AS coordination_cost,
       round(coalesce(sum(coordination_cost), 0) * 1000 / count(*), 2)::DOUBLE AS cost_per_1000_tickets
FROM ${FACTS} GROUP BY 1 ORDER BY 1`;

/**
 * A request type is a gap in a district when more than $1 of its tickets there (the
 * ownership-gap rule's misroute share) were misrouted and it has no declared owner; shared
 * when that holds in two districts or more.
 */
export const SHARED_GAPS_SQL = `
WITH per AS (
  SELECT request_type, ${DISTRICT_OF_SOURCE} AS district, count(*) FILTER (WHERE misrouted) AS misrouted, sum(coordination_cost) AS cost,
         count(*) FILTER (WHERE misrouted) / count(*) AS share
  FROM ${FACTS} WHERE request_type IS NOT NULL AND declared_owner IS NULL GROUP BY 1, 2)
SELECT request_type, list(district ORDER BY district) AS districts, sum(misrouted)::INTEGER AS misrouted_tickets,
       round(sum(cost), 2)::DOUBLE AS coordination_cost
FROM per WHERE share > $1 GROUP BY 1 HAVING count(*) >= 2 ORDER BY coordination_cost DESC, request_type LIMIT 20`;


export async function compareDistricts(db: Queryable, settings: Settings): Promise<DistrictComparison> {
  await ensureTicketFacts(db, settings);
  const districts = await db.all<DistrictFigures>(DISTRICTS_SQL);
  const shared = await db.all<SharedGap>(SHARED_GAPS_SQL, [GAP_MISROUTE_SHARE]);
  return { districts, shared_gaps: shared };
}
