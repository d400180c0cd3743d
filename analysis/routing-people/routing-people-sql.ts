/**
 * The SQL of "Who routes" (docs/metrics.md): pure builders over the per-ticket facts and
 * the events of the tickets in view, one statement per result, all sharing one chain of
 * CTEs that finds each person's routing acts.
 *
 * Shape: the events of the tickets in view are read once per statement with one window
 * per ticket (the department holding the ticket just before each event); everything else
 * is GROUP BY. Values are bound parameters; the only text spliced in is the facts CTE.
 */
import type { Param } from '#core/db/database.ts';

/** A request type depends on one person when it reached its owner by a handoff at least this often. */
export const MIN_ROUTED_TICKETS = 5;

export interface RoutingSql {
  sql: string;
  params: Record<string, Param>;
}

/**
 * `facts`: the `facts AS (...)` CTE text of the tickets in view (ticket-facts.ts).
 *
 * ev: every event of those tickets, with the department it moves the ticket to (an
 *   assignment to a group; an unmapped group stands for itself), the department of the
 *   actor's group, and whether it is a person's act: not automated, with an actor who is
 *   not the ticket's own requester, of a kind that touches a ticket (comment, note,
 *   status, assignment; the same kinds as the facts' human touches).
 * held: the department holding the ticket just before the event (the last assignment
 *   before it in (instant, seq) order), else the first landing.
 * acts: a person's acts: a handoff moves the ticket to another department; a triage
 *   touch is any other act by someone acting for a department (their group's, else the
 *   one holding the ticket) that does not own the ticket.
 * arrivals: for each ticket that reached its owner by a handoff, the first such handoff
 *   and the person who made it (none when automated or without an actor).
 * dependent: request types reaching their owner by a handoff at least MIN_ROUTED_TICKETS
 *   times, more than half of them through one person.
 */
function chain(facts: string): string {
  return `WITH ${facts},
ev AS (
  SELECT e.source, e.ticket_id, e.occurred_at, e.seq, e.actor,
    NOT e.automated AND e.actor IS NOT NULL AND e.actor IS DISTINCT FROM t.requester
      AND e.kind IN ('comment', 'note', 'status', 'assignment') AS by_person,
    CASE WHEN e.kind = 'assignment' AND e.group_after IS NOT NULL THEN coalesce(ga.department, e.group_after) END AS dept_after,
    CASE WHEN e.actor_group IS NOT NULL THEN coalesce(gg.department, e.actor_group) END AS actor_dept,
    f.owner, f.first_landing, f.request_type
  FROM facts f
  JOIN tickets t ON t.source = f.source AND t.ticket_id = f.ticket_id
  JOIN ticket_events e ON e.source = f.source AND e.ticket_id = f.ticket_id
  LEFT JOIN group_departments ga ON ga.group_name = e.group_after
  LEFT JOIN group_departments gg ON gg.group_name = e.actor_group
),
held AS (
  SELECT *,
    coalesce(last_value(dept_after IGNORE NULLS) OVER (PARTITION BY source, ticket_id ORDER BY occurred_at, seq
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), first_landing) AS held_before
  FROM ev
),
moved AS (
  SELECT *, coalesce(dept_after <> held_before, false) AS moves_department FROM held
),
acts AS (
  SELECT source, ticket_id, actor AS person, request_type, owner, dept_after,
    timezone($rp_tz, occurred_at) AS local_at,
    coalesce(actor_dept, held_before) AS acting_dept,
    moves_department AS handoff,
    NOT moves_department AND coalesce(actor_dept, held_before) <> owner AS triage
  FROM moved WHERE by_person
),
arrivals AS (
  SELECT source, ticket_id, request_type, CASE WHEN by_person THEN actor END AS router
  FROM moved
  WHERE moves_department AND dept_after = owner AND request_type IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY source, ticket_id ORDER BY occurred_at, seq) = 1
),
routed AS (
  SELECT request_type, count(*)::INTEGER AS routed_tickets FROM arrivals GROUP BY request_type
),
dependent AS (
  SELECT a.request_type, a.router AS person, r.routed_tickets, count(*)::INTEGER AS through_person
  FROM arrivals a JOIN routed r USING (request_type)
  WHERE a.router IS NOT NULL AND r.routed_tickets >= $rp_min_routed
  GROUP BY a.request_type, a.router, r.routed_tickets
  HAVING 2 * count(*) > r.routed_tickets
),
homes AS (
  SELECT person, first(acting_dept ORDER BY n DESC, acting_dept) AS department
  FROM (SELECT person, acting_dept, count(*) AS n FROM acts WHERE acting_dept IS NOT NULL GROUP BY person, acting_dept)
  GROUP BY person
)`;
}

function params(timeZone: string, facts: Record<string, Param>): Record<string, Param> {
  return { ...facts, rp_tz: timeZone, rp_min_routed: MIN_ROUTED_TICKETS };
}

/** One row per person with at least one handoff or triage touch. */
export function buildPeopleSql(facts: { cte: string; params: Record<string, Param> }, timeZone: string): RoutingSql {
  return {
    sql: `${chain(facts.cte)}
SELECT a.person, h.department,
  count(*) FILTER (WHERE a.handoff)::INTEGER AS handoffs,
  count(*) FILTER (WHERE a.triage)::INTEGER AS triage_touches,
  count(DISTINCT a.dept_after) FILTER (WHERE a.handoff)::INTEGER AS departments_reached,
  coalesce((SELECT list(d.request_type ORDER BY d.request_type) FROM dependent d WHERE d.person = a.person), []::VARCHAR[]) AS dependent_request_types
FROM acts a LEFT JOIN homes h USING (person)
GROUP BY a.person, h.department
HAVING count(*) FILTER (WHERE a.handoff OR a.triage) > 0
ORDER BY handoffs DESC, triage_touches DESC, a.person`,
    params: params(timeZone, facts.params),
  };
}

/** Handoffs per person per school year (July to June, '2024-25') and per month ('2024-09'), by the local instant of the handoff. */
export function buildPeriodHandoffsSql(facts: { cte: string; params: Record<string, Param> }, timeZone: string): RoutingSql {
  return {
    sql: `${chain(facts.cte)},
dated AS (
  SELECT person, year(local_at) - CASE WHEN month(local_at) < 7 THEN 1 ELSE 0 END AS sy, strftime(local_at, '%Y-%m') AS month
  FROM acts WHERE handoff
)
SELECT 'school_year' AS grain, sy::VARCHAR || '-' || lpad(((sy + 1) % 100)::VARCHAR, 2, '0') AS period, person, count(*)::INTEGER AS handoffs
FROM dated GROUP BY ALL
UNION ALL
SELECT 'month' AS grain, month AS period, person, count(*)::INTEGER AS handoffs
FROM dated GROUP BY ALL
ORDER BY grain, period, handoffs DESC, person`,
    params: params(timeZone, facts.params),
  };
}

/**
 * Each request type that depends on one person, with that person's routing on it: the
 * handoffs and triage touches they made on its tickets, and the days the tickets in view
 * span (to turn the minutes into hours a year).
 */
export function buildDependentTypesSql(facts: { cte: string; params: Record<string, Param> }, timeZone: string): RoutingSql {
  return {
    sql: `${chain(facts.cte)},
work AS (
  SELECT person, request_type,
    count(*) FILTER (WHERE handoff)::INTEGER AS handoffs,
    count(*) FILTER (WHERE triage)::INTEGER AS triage_touches
  FROM acts GROUP BY person, request_type
),
span AS (SELECT (max(created_day)::DATE - min(created_day)::DATE + 1)::INTEGER AS days FROM facts)
SELECT d.request_type, d.person, h.department, d.routed_tickets, d.through_person,
  coalesce(w.handoffs, 0) AS handoffs, coalesce(w.triage_touches, 0) AS triage_touches, s.days
FROM dependent d LEFT JOIN homes h USING (person) LEFT JOIN work w USING (person, request_type), span s
ORDER BY d.through_person DESC, d.request_type, d.person`,
    params: params(timeZone, facts.params),
  };
}

/**
 * For each person some request type depends on: the local weeks (Monday to Sunday) they
 * acted in (present) and the weeks between their first and last such week in which others
 * acted but they did not (absent); and the tickets of the request types that depend on
 * them, created in those weeks: how many, their median hours to owner, their mean handoffs.
 */
export function buildAbsenceSql(facts: { cte: string; params: Record<string, Param> }, timeZone: string): RoutingSql {
  return {
    sql: `${chain(facts.cte)},
office_weeks AS (SELECT DISTINCT date_trunc('week', local_at::DATE) AS wk FROM acts),
relied AS (SELECT DISTINCT person FROM dependent),
present AS (
  SELECT DISTINCT a.person, date_trunc('week', a.local_at::DATE) AS wk FROM acts a JOIN relied USING (person)
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
)
SELECT w.person, w.here,
  count(DISTINCT w.wk)::INTEGER AS weeks,
  count(t.wk)::INTEGER AS tickets,
  median(t.hours_to_owner)::DOUBLE AS median_hours_to_owner,
  avg(t.handoffs)::DOUBLE AS mean_handoffs
FROM weeks w LEFT JOIN tickets_of t ON t.person = w.person AND t.wk = w.wk
GROUP BY w.person, w.here
ORDER BY w.person, w.here DESC`,
    params: params(timeZone, facts.params),
  };
}
