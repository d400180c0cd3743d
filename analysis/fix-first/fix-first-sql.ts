/**
 * Fix first and what-if as pure SQL builders over the per-ticket facts
 * (docs/metrics.md, "Fix first and what-if").
 *
 * One membership rule decides which tickets are behind an action (`members`), and one
 * query (`buildProjectionSql`) turns a list of chosen actions and their shares into both
 * each action's own yearly effect and the district's projection. The fix-first list is
 * that query with every candidate chosen at its default share; the what-if page is the
 * same query with the leader's choices. So the two can never disagree.
 *
 * Overlap: a ticket can be behind several actions (a misrouted ticket of type T at a
 * school with a bad front door). The projection takes it ticket by ticket: with shares
 * s1..sk the ticket is prevented with probability 1 - (1 - s1)...(1 - sk), so its
 * misroute, coordination time and cost count that much less. An action's own effect is
 * the same rule with that action alone (share x its tickets' figures); the actions' effects
 * add up to the projection's reduction only where their tickets do not overlap.
 *
 * The window is the last 12 months of the tickets in view, up to the latest creation day
 * among them (not today's date). Yearly figures are the window's; when the tickets in view
 * cover less than that, they are scaled by 365 / the days covered.
 */
import type { Param } from '#core/db/database.ts';
import { MIN_EVIDENCE_TICKETS, MIN_SCHOOL_TICKETS, SCHOOL_SHARE_MARGIN, SCHOOL_SHARE_RATIO } from './assumptions.ts';
import { exactSum } from '#core/sql/exact-sum.ts';

/** The facts relation as a CTE (`facts AS (...)`) and its parameters (analysis/ticket-facts factsSource). */
export interface FactsCte {
  cte: string;
  params: Record<string, Param>;
}

export interface Query {
  sql: string;
  params: Record<string, Param>;
}

/** A chosen action and the shares to project it at. */
export interface Choice {
  kind: string;
  target: string;
  share: number;
  low: number;
  high: number;
}

/** The window, the tickets in it with their theme key, and every action's tickets. */
const WINDOW_AND_MEMBERS = `bounds AS (
  SELECT max(created_day) AS last_day, min(created_day) AS first_day FROM facts
),
span AS (
  SELECT last_day, greatest(first_day, (last_day - INTERVAL 12 MONTH)::DATE + 1) AS from_day,
    CASE WHEN first_day <= (last_day - INTERVAL 12 MONTH)::DATE + 1 THEN 1.0
         ELSE 365.0 / (last_day - first_day + 1) END AS scale
  FROM bounds
),
win AS NOT MATERIALIZED (
  SELECT f.*, lower(coalesce(f.request_type, '')) || '|' || f.key_phrase AS theme_key
  FROM facts f, span s WHERE f.created_day >= s.from_day
),
-- Which tickets are behind which action. declare_owner: the type's misrouted tickets while
-- it has no declared owner; publish_answer: the tickets asking in a theme not yet answered;
-- redirect_system: the type's tickets closed as "submit this elsewhere"; school_front_door:
-- the school's misrouted tickets.
members AS NOT MATERIALIZED (
  SELECT 'declare_owner' AS kind, request_type AS target, source, ticket_id FROM win
  WHERE request_type IS NOT NULL AND declared_owner IS NULL AND misrouted
  UNION ALL
  SELECT 'publish_answer', w.theme_key, w.source, w.ticket_id FROM win w
  WHERE w.asks AND NOT EXISTS (SELECT 1 FROM answered_themes a WHERE a.theme_key = w.theme_key)
  UNION ALL
  SELECT 'redirect_system', request_type, source, ticket_id FROM win WHERE request_type IS NOT NULL AND redirected
  UNION ALL
  SELECT 'school_front_door', location, source, ticket_id FROM win WHERE location IS NOT NULL AND misrouted
)`;

/**
 * The candidate actions: every (kind, target) with at least MIN_EVIDENCE_TICKETS tickets
 * behind it, schools only where their misroute share is far above the district's; with
 * the department each concerns (the type's or theme's top owner, ties alphabetical) and
 * what the action's wording needs.
 */
export function buildCandidatesSql(facts: FactsCte): Query {
  return {
    sql: `WITH ${facts.cte},
${WINDOW_AND_MEMBERS},
counts AS (
  SELECT kind, target, count(*)::INTEGER AS evidence_tickets FROM members GROUP BY kind, target
),
type_owner AS (
  SELECT request_type, first(owner ORDER BY n DESC, owner) AS top_owner
  FROM (SELECT request_type, owner, count(*) AS n FROM win WHERE request_type IS NOT NULL GROUP BY ALL) GROUP BY request_type
),
redirect_owner AS (
  SELECT request_type, first(owner ORDER BY n DESC, owner) AS top_owner
  FROM (SELECT request_type, owner, count(*) AS n FROM win WHERE request_type IS NOT NULL AND redirected GROUP BY ALL) GROUP BY request_type
),
theme_owner AS (
  SELECT theme_key, first(request_type ORDER BY n DESC, request_type) AS request_type, any_value(key_phrase) AS key_phrase,
    first(owner ORDER BY n DESC, owner) AS top_owner
  FROM (SELECT theme_key, request_type, key_phrase, owner, count(*) AS n FROM win WHERE asks GROUP BY ALL) GROUP BY theme_key
),
schools AS (
  SELECT location, count(*)::INTEGER AS n, count(*) FILTER (WHERE misrouted)::INTEGER AS m FROM win WHERE location IS NOT NULL GROUP BY location
),
district AS (
  SELECT coalesce(count(*) FILTER (WHERE misrouted)::DOUBLE / nullif(count(*), 0), 0) AS share FROM win
)
SELECT c.kind, c.target, c.evidence_tickets,
  CASE c.kind WHEN 'declare_owner' THEN t.top_owner WHEN 'redirect_system' THEN r.top_owner WHEN 'publish_answer' THEN th.top_owner END AS department,
  th.request_type AS theme_request_type, th.key_phrase AS theme_key_phrase,
  s.n AS school_tickets, s.m::DOUBLE / s.n AS school_misroute_share, d.share AS district_misroute_share
FROM counts c
CROSS JOIN district d
LEFT JOIN type_owner t ON c.kind = 'declare_owner' AND t.request_type = c.target
LEFT JOIN redirect_owner r ON c.kind = 'redirect_system' AND r.request_type = c.target
LEFT JOIN theme_owner th ON c.kind = 'publish_answer' AND th.theme_key = c.target
LEFT JOIN schools s ON c.kind = 'school_front_door' AND s.location = c.target
WHERE c.evidence_tickets >= $ff_min_evidence
  AND (c.kind <> 'school_front_door'
       OR (s.n >= $ff_min_school AND s.m::DOUBLE / s.n >= d.share * $ff_school_ratio AND s.m::DOUBLE / s.n - d.share >= $ff_school_margin))
ORDER BY c.kind, c.target`,
    params: {
      ...facts.params,
      ff_min_evidence: MIN_EVIDENCE_TICKETS,
      ff_min_school: MIN_SCHOOL_TICKETS,
      ff_school_ratio: SCHOOL_SHARE_RATIO,
      ff_school_margin: SCHOOL_SHARE_MARGIN,
    },
  };
}

/**
 * The projection of `choices`: one row with each chosen action's own yearly effect at its
 * share (and at its low and high), and four scenarios over the window's tickets: `today`
 * (nothing prevented), `projected` (every choice at its share), `low_shares` and
 * `high_shares` (every choice at its low or high). Shares travel as text lists and are
 * cast in SQL: the database binding takes lists of text.
 */
export function buildProjectionSql(facts: FactsCte, choices: readonly Choice[]): Query {
  return {
    sql: `WITH ${facts.cte},
${WINDOW_AND_MEMBERS},
chosen AS (
  SELECT unnest($ff_kinds::VARCHAR[]) AS kind, unnest($ff_targets::VARCHAR[]) AS target,
    unnest($ff_shares::VARCHAR[])::DOUBLE AS share, unnest($ff_lows::VARCHAR[])::DOUBLE AS low,
    unnest($ff_highs::VARCHAR[])::DOUBLE AS high
),
covered AS NOT MATERIALIZED (
  SELECT c.kind, c.target, c.share, c.low, c.high, m.source, m.ticket_id
  FROM chosen c JOIN members m ON m.kind = c.kind AND m.target = c.target
),
per_action AS (
  SELECT c.kind, c.target, count(*)::INTEGER AS evidence_tickets,
    any_value(c.share) AS share, any_value(c.low) AS low, any_value(c.high) AS high,
    count(*) FILTER (WHERE w.misrouted)::DOUBLE AS misroutes,
    ${exactSum('w.coordination_minutes')} / 60 AS hours,
    ${exactSum('w.coordination_cost')} AS cost
  FROM covered c JOIN win w USING (source, ticket_id)
  GROUP BY c.kind, c.target
),
-- A ticket behind several chosen actions is prevented unless every one of them fails.
prevented AS (
  SELECT source, ticket_id, 1 - product(1 - share) AS p, 1 - product(1 - low) AS p_low, 1 - product(1 - high) AS p_high
  FROM covered GROUP BY source, ticket_id
),
scenarios AS NOT MATERIALIZED (
  SELECT s.scenario, w.misrouted, w.coordination_minutes, w.coordination_cost, w.hours_to_owner,
    CASE s.scenario WHEN 'today' THEN 0 WHEN 'projected' THEN coalesce(p.p, 0)
      WHEN 'low_shares' THEN coalesce(p.p_low, 0) ELSE coalesce(p.p_high, 0) END AS q
  FROM win w LEFT JOIN prevented p USING (source, ticket_id)
  CROSS JOIN (VALUES ('today'), ('projected'), ('low_shares'), ('high_shares')) s(scenario)
),
totals AS (
  SELECT scenario, count(*)::INTEGER AS tickets,
    coalesce(sum(CASE WHEN misrouted THEN 1 - q ELSE 0 END), 0)::DOUBLE AS misroutes,
    coalesce(${exactSum('(1 - q) * coordination_minutes')}, 0) / 60 AS coordination_hours,
    coalesce(${exactSum('(1 - q) * coordination_cost')}, 0) AS coordination_cost
  FROM scenarios GROUP BY scenario
),
-- Time to owner as a weighted distribution: a ticket kept with weight 1 - q at its hours,
-- and prevented (reaching its owner or its answer at once) with weight q at 0 hours.
times AS (
  SELECT scenario, h, sum(w) AS w FROM (
    SELECT scenario, hours_to_owner AS h, 1 - q AS w FROM scenarios WHERE hours_to_owner IS NOT NULL AND q < 1
    UNION ALL
    SELECT scenario, 0.0, q FROM scenarios WHERE q > 0
  ) GROUP BY scenario, h
),
cumulative AS (
  SELECT scenario, h,
    sum(w) OVER (PARTITION BY scenario ORDER BY h ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
    sum(w) OVER (PARTITION BY scenario) AS total
  FROM times
),
quantiles AS (
  SELECT scenario,
    min(h) FILTER (WHERE cum >= total * (0.5 - 1e-12))::DOUBLE AS median_hours_to_owner,
    min(h) FILTER (WHERE cum >= total * (0.9 - 1e-12))::DOUBLE AS p90_hours_to_owner
  FROM cumulative GROUP BY scenario
)
SELECT
  strftime(s.from_day, '%Y-%m-%d') AS from_day, strftime(s.last_day, '%Y-%m-%d') AS to_day,
  coalesce(s.scale, 0)::DOUBLE AS scale,
  (SELECT list({
      'kind': a.kind, 'target': a.target, 'evidence_tickets': a.evidence_tickets,
      'share': a.share, 'low': a.low, 'high': a.high,
      'yearly_misroutes': a.misroutes * a.share * s.scale,
      'yearly_hours': a.hours * a.share * s.scale,
      'yearly_hours_low': a.hours * a.low * s.scale,
      'yearly_hours_high': a.hours * a.high * s.scale,
      'yearly_cost': a.cost * a.share * s.scale,
      'yearly_cost_low': a.cost * a.low * s.scale,
      'yearly_cost_high': a.cost * a.high * s.scale
    } ORDER BY a.kind, a.target) FROM per_action a) AS actions,
  (SELECT list({
      'scenario': t.scenario, 'tickets': t.tickets,
      'misroutes': t.misroutes * s.scale, 'coordination_hours': t.coordination_hours * s.scale,
      'coordination_cost': t.coordination_cost * s.scale,
      'median_hours_to_owner': q.median_hours_to_owner, 'p90_hours_to_owner': q.p90_hours_to_owner
    } ORDER BY t.scenario) FROM totals t LEFT JOIN quantiles q USING (scenario)) AS scenarios
FROM span s`,
    params: {
      ...facts.params,
      ff_kinds: choices.map((c) => c.kind),
      ff_targets: choices.map((c) => c.target),
      ff_shares: choices.map((c) => String(c.share)),
      ff_lows: choices.map((c) => String(c.low)),
      ff_highs: choices.map((c) => String(c.high)),
    },
  };
}
