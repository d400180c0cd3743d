/**
 * The SQL of "Who routes" (docs/metrics.md): one pure builder, one statement, over the
 * per-ticket facts of the tickets in view and their stored moves (analysis/ticket-facts
 * moves-sql.ts: each event with the department holding the ticket before it, rebuilt with
 * the facts). It returns one row whose columns are the result lists (people, handoffs per
 * period, dependent request types, absence weeks), so each person's acts are found once
 * per figure: the acts and the arrivals are MATERIALIZED CTEs, each computed once for the
 * four results. Values are bound parameters; the only text spliced in is the facts CTE
 * and the moves table's name.
 */
import type { Param } from '#core/db/database.ts';

/** A request type depends on one person when it reached its owner by a handoff at least this often. */
export const MIN_ROUTED_TICKETS = 5;

export interface RoutingSql {
  sql: string;
  params: Record<string, Param>;
}

/**
 * `facts`: the `facts AS (...)` CTE of the tickets in view (ticket-facts.ts); `moves`: the
 * stored moves' table.
 *
 * moved: the moves of the tickets in view (a person's acts and the department moves, each
 *   with the department holding the ticket just before it), with the ticket's owner and
 *   request type.
 * acts: a person's acts: a handoff moves the ticket to another department; a triage touch
 *   is any other act by someone acting for a department (their group's, else the one
 *   holding the ticket) that does not own the ticket.
 * arrivals: for each ticket that reached its owner by a handoff, the first such handoff
 *   and the person who made it (none when automated or without an actor).
 * dependent: request types reaching their owner by a handoff at least MIN_ROUTED_TICKETS
 *   times, more than half of them through one person.
 * homes: the department each person acts for most often (ties: alphabetical).
 */
function chain(facts: string, moves: string): string {
  return `WITH ${facts},
moved AS MATERIALIZED (
  SELECT m.source, m.ticket_id, f.owner, f.request_type, m.occurred_at, m.seq, m.actor,
    m.by_person, m.dept_after, m.actor_dept, m.held_before, m.moves_department
  FROM ${moves} m JOIN facts f ON f.source = m.source AND f.ticket_id = m.ticket_id
),
acts AS MATERIALIZED (
  SELECT actor AS person, request_type, dept_after,
    timezone($rp_tz, occurred_at) AS local_at,
    coalesce(actor_dept, held_before) AS acting_dept,
    moves_department AS handoff,
    NOT moves_department AND coalesce(actor_dept, held_before) <> owner AS triage
  FROM moved WHERE by_person
),
arrivals AS MATERIALIZED (
  SELECT request_type, CASE WHEN by_person THEN actor END AS router
  FROM moved
  WHERE moves_department AND dept_after = owner AND request_type IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY source, ticket_id ORDER BY occurred_at, seq) = 1
),
routed AS (
  SELECT request_type, count(*)::INTEGER AS routed_tickets FROM arrivals GROUP BY request_type
),
dependent AS MATERIALIZED (
  SELECT a.request_type, a.router AS person, r.routed_tickets, count(*)::INTEGER AS through_person
  FROM arrivals a JOIN routed r USING (request_type)
  WHERE a.router IS NOT NULL AND r.routed_tickets >= $rp_min_routed
  GROUP BY a.request_type, a.router, r.routed_tickets
  HAVING 2 * count(*) > r.routed_tickets
),
homes AS MATERIALIZED (
  SELECT person, first(acting_dept ORDER BY n DESC, acting_dept) AS department
  FROM (SELECT person, acting_dept, count(*) AS n FROM acts WHERE acting_dept IS NOT NULL GROUP BY person, acting_dept)
  GROUP BY person
)`;
}

/** One row per person with at least one handoff or triage touch. */
const PEOPLE = `people_rows AS (
  SELECT a.person, h.department,
    count(*) FILTER (WHERE a.handoff)::INTEGER AS handoffs,
    count(*) FILTER (WHERE a.triage)::INTEGER AS triage_touches,
    count(DISTINCT a.dept_after) FILTER (WHERE a.handoff)::INTEGER AS departments_reached,
    coalesce(any_value(d.types), []::VARCHAR[]) AS dependent_request_types
  FROM acts a LEFT JOIN homes h USING (person)
  LEFT JOIN (SELECT person, list(request_type ORDER BY request_type) AS types FROM dependent GROUP BY person) d USING (person)
  GROUP BY a.person, h.department
  HAVING count(*) FILTER (WHERE a.handoff OR a.triage) > 0
)`;

/** Handoffs per person per school year (July to June, '2024-25') and per month ('2024-09'), by the local instant of the handoff. */
const PERIODS = `dated AS (
  SELECT person, year(local_at) - CASE WHEN month(local_at) < 7 THEN 1 ELSE 0 END AS sy, strftime(local_at, '%Y-%m') AS month
  FROM acts WHERE handoff
),
period_rows AS (
  SELECT 'school_year' AS grain, sy::VARCHAR || '-' || lpad(((sy + 1) % 100)::VARCHAR, 2, '0') AS period, person, count(*)::INTEGER AS handoffs
  FROM dated GROUP BY ALL
  UNION ALL
  SELECT 'month' AS grain, month AS period, person, count(*)::INTEGER AS handoffs
  FROM dated GROUP BY ALL
)`;

/**
 * Each request type that depends on one person, with that person's routing on it: the
 * handoffs and triage touches they made on its tickets, and the days the tickets in view
 * span (to turn the minutes into hours a year).
 */
const DEPENDENT = `work AS (
  SELECT person, request_type,
    count(*) FILTER (WHERE handoff)::INTEGER AS handoffs,
    count(*) FILTER (WHERE triage)::INTEGER AS triage_touches
  FROM acts GROUP BY person, request_type
),
dependent_rows AS (
  SELECT d.request_type, d.person, h.department, d.routed_tickets, d.through_person,
    coalesce(w.handoffs, 0) AS handoffs, coalesce(w.triage_touches, 0) AS triage_touches,
    (SELECT (max(created_day)::DATE - min(created_day)::DATE + 1)::INTEGER FROM facts) AS days
  FROM dependent d LEFT JOIN homes h USING (person) LEFT JOIN work w USING (person, request_type)
)`;

/**
 * For each person some request type depends on: the local weeks (Monday to Sunday) they
 * acted in (present) and the weeks between their first and last such week in which others
 * acted but they did not (absent); and the tickets of the request types that depend on
 * them, created in those weeks: how many, their median hours to owner, their mean handoffs.
 */
const ABSENCE = `office_weeks AS (SELECT DISTINCT date_trunc('week', local_at::DATE) AS wk FROM acts),
present AS (
  SELECT DISTINCT a.person, date_trunc('week', a.local_at::DATE) AS wk
  FROM acts a WHERE a.person IN (SELECT person FROM dependent)
),
spans AS (SELECT person, min(wk) AS lo, max(wk) AS hi FROM present GROUP BY person),
weeks AS (
  SELECT p.person, p.wk, true AS here FROM present p
  UNION ALL
  SELECT s.person, o.wk, false AS here FROM spans s JOIN office_weeks o ON o.wk BETWEEN s.lo AND s.hi
  WHERE NOT EXISTS (SELECT 1 FROM present p WHERE p.person = s.person AND p.wk = o.wk)
),
tickets_of AS (
  SELECT d.person, f.hours_to_owner, f.handoffs, date_trunc('week', f.created_day::DATE) AS wk
  FROM dependent d JOIN facts f ON f.request_type = d.request_type
),
absence_rows AS (
  SELECT w.person, w.here,
    count(DISTINCT w.wk)::INTEGER AS weeks,
    count(t.wk)::INTEGER AS tickets,
    median(t.hours_to_owner)::DOUBLE AS median_hours_to_owner,
    avg(t.handoffs)::DOUBLE AS mean_handoffs
  FROM weeks w LEFT JOIN tickets_of t ON t.person = w.person AND t.wk = w.wk
  GROUP BY w.person, w.here
)`;

/** The four results as lists, in a stable order, in one row. */
export function buildRoutingPeopleSql(facts: { cte: string; params: Record<string, Param> }, moves: string, timeZone: string): RoutingSql {
  return {
    sql: `${chain(facts.cte, moves)},
${PEOPLE},
${PERIODS},
${DEPENDENT},
${ABSENCE}
SELECT
  (SELECT coalesce(list(r ORDER BY r.handoffs DESC, r.triage_touches DESC, r.person), []) FROM people_rows r) AS people,
  (SELECT coalesce(list(r ORDER BY r.grain, r.period, r.handoffs DESC, r.person), []) FROM period_rows r) AS periods,
  (SELECT coalesce(list(r ORDER BY r.through_person DESC, r.request_type, r.person), []) FROM dependent_rows r) AS dependent,
  (SELECT coalesce(list(r ORDER BY r.person, r.here DESC), []) FROM absence_rows r) AS absence`,
    params: { ...facts.params, rp_tz: timeZone, rp_min_routed: MIN_ROUTED_TICKETS },
  };
}
