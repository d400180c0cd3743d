/**
 * The SQL of "Who routes" (docs/metrics.md): one pure builder, one statement, over the
 * per-ticket facts and the events of the tickets in view. It returns one row whose columns
 * are the result lists (people, handoffs per period, dependent request types, absence
 * weeks), so the events are read and each person's acts found once per figure.
 *
 * Shape, for speed: as in the per-ticket facts, a ticket's events become one list sorted by
 * (instant, seq) with one GROUP BY, and the department holding the ticket before each
 * event is list arithmetic on that row; a window partitioned by ticket measured several
 * times slower. The events with their holders, the acts and the arrivals are MATERIALIZED
 * CTEs, each computed once for the four results. Values are bound parameters; the only text spliced in is the facts CTE.
 */
import type { Param } from '#core/db/database.ts';

/** A request type depends on one person when it reached its owner by a handoff at least this often. */
export const MIN_ROUTED_TICKETS = 5;

export interface RoutingSql {
  sql: string;
  params: Record<string, Param>;
}

/**
 * `facts`: the `facts AS (...)` CTE of the tickets in view (ticket-facts.ts).
 *
 * trails: each ticket's events, sorted: the department an assignment moves the ticket to
 *   (an unmapped group stands for itself), the department of the actor's group, and
 *   whether the event is a person's act: not automated, with an actor who is not the
 *   ticket's own requester, of a kind that touches a ticket (comment, note, status,
 *   assignment: the facts' human touches).
 * moved: one row per event with the department holding the ticket just before it (the
 *   last assignment before it), else the first landing.
 * acts: a person's acts: a handoff moves the ticket to another department; a triage touch
 *   is any other act by someone acting for a department (their group's, else the one
 *   holding the ticket) that does not own the ticket.
 * arrivals: for each ticket that reached its owner by a handoff, the first such handoff
 *   and the person who made it (none when automated or without an actor).
 * dependent: request types reaching their owner by a handoff at least MIN_ROUTED_TICKETS
 *   times, more than half of them through one person.
 * homes: the department each person acts for most often (ties: alphabetical).
 */
function chain(facts: string): string {
  return `WITH ${facts},
trails AS (
  SELECT f.source, f.ticket_id, any_value(f.owner) AS owner, any_value(f.first_landing) AS first_landing,
    any_value(f.request_type) AS request_type,
    list_sort(list({'t': e.occurred_at, 's': e.seq, 'a': e.actor,
      'd': CASE WHEN e.kind = 'assignment' AND e.group_after IS NOT NULL THEN coalesce(ga.department, e.group_after) END,
      'ad': CASE WHEN e.actor_group IS NOT NULL THEN coalesce(gg.department, e.actor_group) END,
      'p': NOT e.automated AND e.actor IS NOT NULL AND e.actor IS DISTINCT FROM t.requester
        AND e.kind IN ('comment', 'note', 'status', 'assignment')})) AS evs
  FROM facts f
  JOIN tickets t ON t.source = f.source AND t.ticket_id = f.ticket_id
  JOIN ticket_events e ON e.source = f.source AND e.ticket_id = f.ticket_id
  LEFT JOIN group_departments ga ON ga.group_name = e.group_after
  LEFT JOIN group_departments gg ON gg.group_name = e.actor_group
  GROUP BY f.source, f.ticket_id
),
moved AS MATERIALIZED (
  SELECT source, ticket_id, owner, request_type, v.t AS occurred_at, v.s AS seq, v.a AS actor,
    v.p AS by_person, v.d AS dept_after, v.ad AS actor_dept, held AS held_before,
    coalesce(v.d <> held, false) AS moves_department
  FROM (
    -- Two lists unnested side by side: the events, and the holder before each (the last
    -- assignment position before it, found among the few assignment positions).
    SELECT source, ticket_id, owner, request_type, unnest(evs) AS v,
      unnest(list_transform(range(1, len(evs) + 1), lambda j:
        coalesce(evs[list_filter(apos, lambda q: q < j)[-1]].d, first_landing))) AS held
    FROM (SELECT *, list_filter(range(1, len(evs) + 1), lambda j: evs[j].d IS NOT NULL) AS apos FROM trails)
  )
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
export function buildRoutingPeopleSql(facts: { cte: string; params: Record<string, Param> }, timeZone: string): RoutingSql {
  return {
    sql: `${chain(facts.cte)},
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
