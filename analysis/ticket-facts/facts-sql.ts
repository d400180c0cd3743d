/**
 * The per-ticket facts as one SQL query (docs/metrics.md, "Per-ticket facts"): a pure
 * builder, apart from where the facts are kept (facts-store.ts) and how a metric reads them
 * (ticket-facts.ts). One row per ticket in view with everything the owner-based metrics
 * read; every measure (analysis/measures) is an aggregate over it, so the definitions live
 * here once.
 *
 * Shape, for speed at a million tickets: one GROUP BY turns each ticket's events into one
 * ordered list of small structs; the paths, the department holding the ticket at each
 * event, touches, time in other queues and the first arrival at the owner are list
 * arithmetic on that row (DuckDB's list lambdas), so the events are read and grouped once.
 * A window partitioned by ticket measured several times slower than that GROUP BY. The
 * owner is decided per ticket; business hours come from two ASOF joins on the calendar's
 * working windows (analysis/business-hours). No per-ticket loop in JavaScript.
 *
 */
import type { Param } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import { businessCalendarCtes, businessSecondsAt, calendarDayJoin, calendarParams } from '../business-hours/business-hours.ts';
import { KEY_PHRASE_WORDS, keyPhraseSql, STOP_WORDS } from '../answer-gaps/key-phrase.ts';
import { buildFilterParts, type Filters } from '../filters/filters.ts';
import { sliceCondition, sliceParams, type Slice } from './facts-slices.ts';
import {
  aliasRows,
  anyOf,
  DIRECTING_WORDS,
  INFORMATION_CODES,
  QUESTION_PATTERNS,
  REDIRECT_CODES,
  REDIRECT_TEXT_PATTERNS,
} from '../owner/department-aliases.ts';

/** One row of the relation (the columns a metric may read). */
export interface TicketFacts {
  source: string;
  ticket_id: string;
  created_at: Date;
  request_type: string | null;
  subject: string | null;
  group_path: string[];
  department_path: string[];
  unmapped_groups: string[];
  /** NULL where the source gives neither the path nor a count (tickets.path_known). */
  hops: number | null;
  /** Department changes along the department path. */
  handoffs: number;
  first_landing: string;
  resolver: string;
  declared_owner: string | null;
  closed_as_redirect: boolean;
  /** The department a redirect's resolution text names (never the resolver), if any. */
  redirect_department: string | null;
  /** The owner on the resolver basis: the resolver, or for a redirect the named / declared department. */
  resolver_owner: string;
  /** The owner the figures use (settings.ownerBasis). */
  owner: string;
  misrouted: boolean;
  redirected: boolean;
  rerouted: boolean | null;
  ping_pong: boolean | null;
  returned: boolean | null;
  /** A status change back to an open status after a resolution (docs/metrics.md). */
  reopened: boolean;
  owner_at: Date | null;
  hours_to_owner: number | null;
  business_hours_to_owner: number | null;
  /** The local calendar day of creation, in the district's zone. */
  created_day: Date;
  hours_other_queues: number;
  touches_outside: number;
  human_replies: number;
  coordination_minutes: number;
  coordination_cost: number;
  charges: { department: string; minutes: number; cost: number }[];
  is_question: boolean;
  information_only: boolean;
  asks: boolean;
  /** For a ticket that asks, its theme's key phrase (analysis/answer-gaps/key-phrase.ts). */
  key_phrase: string | null;
}

export interface FactsSql {
  /** A query whose rows are the facts of the tickets in view. */
  sql: string;
  params: Record<string, Param>;
}


/** The settings the facts depend on, as bound parameters. */
function factsParams(settings: Settings): Record<string, Param> {
  const aliases = aliasRows();
  return {
    default_landing: settings.defaultLandingDepartment,
    owner_basis: settings.ownerBasis,
    redirect_codes: [...REDIRECT_CODES],
    redirect_text: anyOf(REDIRECT_TEXT_PATTERNS),
    directing_words: `(?i)\\b(${DIRECTING_WORDS.join('|')})\\s+(the\\s+)?$`,
    info_codes: [...INFORMATION_CODES],
    /** A status event's new status that is itself a resolution, not a reopening. */
    resolved_status: `(?i)\\b(${RESOLVED_STATUS_WORDS.join('|')})`,
    /** A ticket resolved within this many microseconds (30 minutes) may be information only. */
    information_max_us: 30 * 60 * 1_000_000,
    question_pattern: `(?i)\\b(${QUESTION_PATTERNS.map((p) => `(${p})`).join('|')})`,
    alias_terms: aliases.map((a) => a.term),
    alias_departments: aliases.map((a) => a.department),
    alias_ranks: aliases.map((a) => String(a.rank)),
    alias_case: aliases.map((a) => String(a.caseSensitive)),
    stop_words: [...STOP_WORDS],
    key_words: KEY_PHRASE_WORDS,
    triage_minutes: settings.cost.triageMinutes,
    touch_minutes: settings.cost.touchMinutes,
    default_rate: settings.cost.defaultHourlyRate,
    ...calendarParams(settings),
  };
}

/** Statuses that mean resolved or closed (matched as the start of a word, any case). */
export const RESOLVED_STATUS_WORDS = ['resolved', 'closed', 'solved', 'done', 'completed', 'cancel'];

const HUMAN_TOUCH = `NOT e.automated AND e.kind IN ('comment', 'note', 'status', 'assignment')`;
const CLOSED_AS_REDIRECT = `(coalesce(list_contains($redirect_codes::VARCHAR[], lower(trim(t.resolution_code))), false)
      OR coalesce(regexp_matches(t.resolution_text, $redirect_text), false))`;

export function buildTicketFactsSql(filters: Filters, settings: Settings, slice?: Slice): FactsSql {
  const f = buildFilterParts(filters, settings.timeZone, { ownerColumn: true });
  const narrowed = f.ticketWhere !== '(true)';
  const inSlice = (alias: string) => sliceCondition(slice, alias);
  const eventsWhere = narrowed
    ? `WHERE EXISTS (SELECT 1 FROM tv WHERE tv.source = e.source AND tv.ticket_id = e.ticket_id)${inSlice('e')}`
    : slice
      ? `WHERE true${inSlice('e')}`
      : '';
  // Each step is a NOT MATERIALIZED CTE read once, so DuckDB streams the whole chain.
  const sql = `WITH
tv AS NOT MATERIALIZED (
  SELECT t.* FROM tickets t WHERE ${f.ticketWhere}${inSlice('t')}
),
-- A ticket's events as one list sorted by (instant, seq), seq being the source's own
-- order for equal instants. An unordered list() then list_sort() measured five times
-- faster than list(... ORDER BY ...) and than a window partitioned by ticket.
trails AS NOT MATERIALIZED (
  SELECT e.source, e.ticket_id,
    list_sort(list({'t': e.occurred_at, 's': e.seq,
      'g': CASE WHEN e.kind = 'assignment' THEN e.group_after END,
      'd': CASE WHEN e.kind = 'assignment' AND e.group_after IS NOT NULL THEN coalesce(gd.department, e.group_after) END,
      'u': e.kind = 'assignment' AND e.group_after IS NOT NULL AND gd.department IS NULL,
      'h': ${HUMAN_TOUCH},
      'c': NOT e.automated AND e.kind = 'comment',
      'r': e.kind = 'resolution',
      'o': e.kind = 'status' AND NOT coalesce(regexp_matches(e.detail, $resolved_status), false)})) AS evs
  FROM ticket_events e
  LEFT JOIN group_departments gd ON gd.group_name = e.group_after
  ${eventsWhere}
  GROUP BY e.source, e.ticket_id
),
known_departments AS (
  SELECT department FROM departments
  UNION SELECT department FROM group_departments
  UNION SELECT department FROM request_type_owners
),
-- Department names, plus the alias list's terms for departments this district has.
terms AS (
  SELECT department AS term, department, false AS case_sensitive FROM known_departments
  UNION ALL
  SELECT term, department, case_sensitive FROM (
    SELECT a.term, a.department, a.case_sensitive,
      row_number() OVER (PARTITION BY a.term ORDER BY a.rank) AS pick
    FROM (SELECT unnest($alias_terms::VARCHAR[]) AS term, unnest($alias_departments::VARCHAR[]) AS department,
            unnest($alias_ranks::VARCHAR[])::INTEGER AS rank, unnest($alias_case::VARCHAR[]) = 'true' AS case_sensitive) a
    WHERE a.department IN (SELECT department FROM known_departments)
  ) WHERE pick = 1
),
-- The departments a redirect's text names (whole words, first occurrence), ranked: one
-- right after a directing word ("contact HR", "submit this to Payroll") first, then by
-- position, a longer term before a shorter one at the same place. The department that
-- closed the ticket is dropped later, once the resolver is known.
named AS NOT MATERIALIZED (
  SELECT source, ticket_id,
    list({'rank': CASE WHEN regexp_matches(substr(text, 1, found_at - 1), $directing_words) THEN 0 ELSE 1 END,
          'found_at': found_at, 'shorter': -length(term), 'department': department}) AS candidates
  FROM (
    SELECT t.source, t.ticket_id, t.resolution_text AS text, tm.department, tm.term,
      CASE WHEN tm.case_sensitive THEN strpos(t.resolution_text, tm.term)
           ELSE strpos(lower(t.resolution_text), lower(tm.term)) END AS found_at
    FROM tv t, terms tm
    WHERE ${CLOSED_AS_REDIRECT} AND t.resolution_text IS NOT NULL
  )
  WHERE found_at > 0
    AND NOT regexp_matches(substr(text, found_at - 1, 1), '[[:alnum:]]')
    AND NOT regexp_matches(substr(text, found_at + length(term), 1), '[[:alnum:]]')
  GROUP BY source, ticket_id
),
joined AS NOT MATERIALIZED (
  SELECT t.source, t.ticket_id, t.created_at, t.resolved_at, t.closed_at, t.request_type, t.location,
    t.subject, t.description, t.resolution_code, t.resolution_text, t.knowledge_article, t.path_known, t.source_hops,
    coalesce(l.evs, []) AS evs,
    ${CLOSED_AS_REDIRECT} AS closed_as_redirect,
    rto.department AS declared_owner,
    coalesce(i.default_landing_department, $default_landing) AS default_landing,
    n.candidates
  FROM tv t
  LEFT JOIN trails l USING (source, ticket_id)
  LEFT JOIN imports i ON i.import_id = t.import_id
  LEFT JOIN request_type_owners rto ON rto.request_type = t.request_type
  LEFT JOIN named n USING (source, ticket_id)
),
stepped AS NOT MATERIALIZED (
  SELECT *,
    list_filter(evs, lambda v: v.g IS NOT NULL) AS asg,
    list_filter(range(1, len(evs) + 1), lambda j: evs[j].g IS NOT NULL) AS apos,
    evs[-1].t AS last_event_at,
    -- Reopened: a status event to a status that is not a resolved one, after the first
    -- resolution event (connectors write a change to resolved/closed as a resolution; the
    -- synthetic district's automatic "Closed" is a status event, hence the words).
    coalesce(list_bool_or(list_transform(
      list_slice(evs, list_position(list_transform(evs, lambda v: v.r), true) + 1, len(evs)),
      lambda v: v.o)), false) AS reopened
  FROM joined
),
pathed AS NOT MATERIALIZED (
  SELECT *,
    list_filter(list_transform(asg, lambda v: v.g), lambda g, i: i = 1 OR g <> asg[i - 1].g) AS group_path,
    list_filter(list_transform(asg, lambda v: v.d), lambda d, i: i = 1 OR d <> asg[i - 1].d) AS department_path,
    list_sort(list_distinct(list_transform(list_filter(asg, lambda v: v.u), lambda v: v.g))) AS unmapped_groups
  FROM stepped
),
landed AS NOT MATERIALIZED (
  SELECT *,
    coalesce(department_path[1], default_landing) AS first_landing,
    coalesce(department_path[-1], default_landing) AS resolver
  FROM pathed
),
owned AS NOT MATERIALIZED (
  SELECT *,
    CASE WHEN closed_as_redirect THEN coalesce(redirect_department, declared_owner, resolver) ELSE resolver END AS resolver_owner
  FROM (SELECT *, list_sort(list_filter(candidates, lambda c: c.department <> resolver))[1].department AS redirect_department FROM landed)
),
owners AS NOT MATERIALIZED (
  SELECT * EXCLUDE (candidates, default_landing),
    CASE WHEN $owner_basis = 'declared' THEN coalesce(declared_owner, resolver_owner) ELSE resolver_owner END AS owner
  FROM owned
),
-- Only a ticket that ever sat outside its owner can have touches or time outside it; the
-- list arithmetic below runs for those alone (CASE evaluates a branch only where it holds).
-- held: the department holding the ticket at event j, i.e. of the last assignment before
-- it, else the first landing; an assignment is done by the department handing on.
measured AS NOT MATERIALIZED (
  SELECT * EXCLUDE (evs, asg, apos),
    list_filter(asg, lambda v: v.d = owner)[1].t AS owner_reached_at,
    CASE WHEN first_landing <> owner OR len(department_path) > 1 THEN
      -- The holder is found once per human touch (NULL for other events), then kept where
      -- it is not the owner; finding it again for the kept ones cost a quarter of this step.
      list_filter(
        list_transform(range(1, len(evs) + 1), lambda j:
          CASE WHEN evs[j].h THEN coalesce(evs[list_filter(apos, lambda q: q < j)[-1]].d, first_landing) END),
        lambda d: d <> owner)
      ELSE []::VARCHAR[] END AS touch_departments,
    CASE WHEN first_landing <> owner OR len(department_path) > 1 THEN
      coalesce(list_sum(list_transform(range(1, len(asg) + 1), lambda k:
        CASE WHEN asg[k].d <> owner
             THEN greatest(epoch(coalesce(asg[k + 1].t, resolved_at, closed_at, last_event_at)) - epoch(asg[k].t), 0)
             ELSE 0 END)), 0) / 3600.0
      ELSE 0 END AS hours_other_queues,
    len(list_filter(evs, lambda v: v.c))::INTEGER AS human_replies
  FROM owners
),
rates AS (
  SELECT map_from_entries(list({'key': department, 'value': hourly_rate}) FILTER (WHERE hourly_rate IS NOT NULL)) AS rate
  FROM departments
),
-- Coordination minutes by the department that spent them: triage by the receiving
-- department of each cross-department handoff, touches by the department holding the ticket.
charged AS NOT MATERIALIZED (
  SELECT m.* EXCLUDE (touch_departments),
    list_concat(
      list_transform(m.touch_departments, lambda d: {'department': d, 'minutes': $touch_minutes::DOUBLE, 'cost': $touch_minutes::DOUBLE / 60 * coalesce(r.rate[d], $default_rate::DOUBLE)}),
      list_transform(m.department_path[2:], lambda d: {'department': d, 'minutes': $triage_minutes::DOUBLE, 'cost': $triage_minutes::DOUBLE / 60 * coalesce(r.rate[d], $default_rate::DOUBLE)})
    ) AS charges,
    len(m.touch_departments)::INTEGER AS touches_outside
  FROM measured m, rates r
),
flagged AS NOT MATERIALIZED (
  SELECT o.* EXCLUDE (owner_reached_at, last_event_at, path_known, source_hops),
    -- A ticket list that gives only the final group (path_known false) cannot tell hops:
    -- they are the source's count where it has one (source_hops), else unknown (NULL), and
    -- so are rerouted, ping-pong and returned (docs/data-model.md, tickets.path_known).
    CASE WHEN coalesce(o.path_known, true) THEN greatest(len(o.group_path) - 1, 0) ELSE o.source_hops END::INTEGER AS hops,
    greatest(len(o.department_path) - 1, 0)::INTEGER AS handoffs,
    o.first_landing <> o.owner AS misrouted,
    o.first_landing <> o.owner AND o.closed_as_redirect AS redirected,
    CASE WHEN coalesce(o.path_known, true) THEN len(o.group_path) > 1 ELSE o.source_hops > 0 END AS rerouted,
    CASE WHEN coalesce(o.path_known, true) THEN len(list_filter(range(1, len(o.group_path) - 1), lambda i: o.group_path[i] = o.group_path[i + 2])) > 0 END AS ping_pong,
    CASE WHEN coalesce(o.path_known, true) THEN len(list_distinct(o.group_path)) < len(o.group_path) END AS returned,
    CASE WHEN o.first_landing = o.owner THEN o.created_at
         WHEN o.closed_as_redirect THEN coalesce(o.resolved_at, o.closed_at)
         ELSE o.owner_reached_at END AS owner_at,
    coalesce(list_sum(list_transform(o.charges, lambda c: c.minutes)), 0)::DOUBLE AS coordination_minutes,
    coalesce(list_sum(list_transform(o.charges, lambda c: c.cost)), 0)::DOUBLE AS coordination_cost
  FROM charged o
),
bh_bounds AS (
  SELECT min(created_at) AS lo, greatest(max(created_at), max(resolved_at), max(closed_at), (SELECT max(occurred_at) FROM ticket_events)) AS hi FROM tv
),
${businessCalendarCtes('bh_bounds')},
p AS NOT MATERIALIZED (
  SELECT x.*,
    cc.day AS created_day,
    -- greatest() skips NULLs in DuckDB: an owner never reached must stay NULL, not 0.
    CASE WHEN x.owner_at IS NOT NULL THEN greatest(epoch(x.owner_at) - epoch(x.created_at), 0) / 3600.0 END AS hours_to_owner,
    CASE WHEN x.owner_at IS NOT NULL THEN greatest(${businessSecondsAt('x.owner_at', 'co')} - ${businessSecondsAt('x.created_at', 'cc')}, 0) / 3600.0 END AS business_hours_to_owner,
    coalesce(regexp_matches(coalesce(x.subject, '') || ' ' || coalesce(x.description, ''), $question_pattern), false) AS is_question,
    -- Resolved within 30 minutes, in microseconds: subtracting two TIMESTAMPTZ goes through
    -- the ICU calendar (days in the session's zone), which cost a second per 250k tickets;
    -- below a day that interval is the elapsed time, so the comparison is the same.
    coalesce(list_contains($info_codes::VARCHAR[], lower(trim(x.resolution_code))), false)
      OR coalesce(epoch_us(x.resolved_at) - epoch_us(x.created_at) <= $information_max_us::BIGINT AND x.human_replies = 1 AND x.hops = 0, false) AS information_only
  FROM flagged x
  ${calendarDayJoin('x.created_at', 'cc')}
  ${calendarDayJoin('x.owner_at', 'co')}
)
SELECT p.* EXCLUDE (resolution_text, description),
  p.is_question OR p.information_only AS asks,
  CASE WHEN p.is_question OR p.information_only THEN ${keyPhraseSql('p.subject', 'p.location')} END AS key_phrase
FROM p WHERE ${f.departmentWhere}`;
  return { sql, params: { ...f.params, ...factsParams(settings), ...sliceParams(slice) } };
}
