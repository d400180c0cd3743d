/**
 * Per-ticket facts: one row per ticket in view with everything the owner-based metrics
 * read (docs/metrics.md). Every metric module is a small aggregate over this relation, so
 * the definitions live here once.
 *
 * Shape, for speed at a million tickets: one GROUP BY turns each ticket's events into one
 * ordered list of small structs; the paths, the department holding the ticket at each
 * event, touches, time in other queues and the first arrival at the owner are list
 * arithmetic on that row (DuckDB's list lambdas), so the events are read and grouped once.
 * A window partitioned by ticket measured several times slower than that GROUP BY. The
 * owner is decided per ticket; business hours come from two ASOF joins on the calendar's
 * working windows (analysis/business-hours). No per-ticket loop in JavaScript.
 *
 * A metric either inlines this as a CTE (the dashboard's single-figure requests) or reads a
 * temporary table that the report materialises once per run from the same SQL
 * (`materialiseTicketFacts`), so a report computes the paths once, not once per figure.
 */
import type { Param, Queryable } from '../../ingest/db/database.ts';
import type { Settings } from '../../ingest/settings.ts';
import { quoteIdent } from '../../ingest/sql/quote.ts';
import { businessSecondsAt, businessWindowsCtes, calendarParams } from '../business-hours/business-hours.ts';
import { buildFilterParts, type Filters } from '../filters/filters.ts';
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
  hops: number;
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
  rerouted: boolean;
  ping_pong: boolean;
  returned: boolean;
  owner_at: Date | null;
  hours_to_owner: number | null;
  business_hours_to_owner: number | null;
  hours_other_queues: number;
  touches_outside: number;
  human_replies: number;
  coordination_minutes: number;
  coordination_cost: number;
  charges: { department: string; minutes: number; cost: number }[];
  is_question: boolean;
  information_only: boolean;
  asks: boolean;
}

export interface FactsSql {
  /** A query whose rows are the facts of the tickets in view. */
  sql: string;
  params: Record<string, Param>;
}

/** Where a metric reads facts from: the inline CTE (default) or a materialised table. */
export interface MetricOptions {
  facts?: MaterialisedFacts;
}

export interface MaterialisedFacts {
  table: string;
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
    question_pattern: `(?i)\\b(${QUESTION_PATTERNS.map((p) => `(${p})`).join('|')})`,
    alias_terms: aliases.map((a) => a.term),
    alias_departments: aliases.map((a) => a.department),
    alias_ranks: aliases.map((a) => String(a.rank)),
    alias_case: aliases.map((a) => String(a.caseSensitive)),
    triage_minutes: settings.cost.triageMinutes,
    touch_minutes: settings.cost.touchMinutes,
    default_rate: settings.cost.defaultHourlyRate,
    ...calendarParams(settings),
  };
}

const HUMAN_TOUCH = `NOT e.automated AND e.kind IN ('comment', 'note', 'status', 'assignment')`;

export function buildTicketFactsSql(filters: Filters, settings: Settings): FactsSql {
  const f = buildFilterParts(filters, settings.timeZone, { ownerColumn: true });
  const narrowed = f.ticketWhere !== '(true)';
  const sql = `WITH
tv AS (
  SELECT t.* FROM tickets t WHERE ${f.ticketWhere}
),
ev AS (
  SELECT e.source, e.ticket_id, e.occurred_at, e.seq,
    {'t': e.occurred_at,
     'g': CASE WHEN e.kind = 'assignment' THEN e.group_after END,
     'd': CASE WHEN e.kind = 'assignment' AND e.group_after IS NOT NULL THEN coalesce(gd.department, e.group_after) END,
     'u': e.kind = 'assignment' AND e.group_after IS NOT NULL AND gd.department IS NULL,
     'h': ${HUMAN_TOUCH},
     'c': NOT e.automated AND e.kind = 'comment'} AS x
  FROM ticket_events e
  LEFT JOIN group_departments gd ON gd.group_name = e.group_after
  ${narrowed ? 'WHERE EXISTS (SELECT 1 FROM tv WHERE tv.source = e.source AND tv.ticket_id = e.ticket_id)' : ''}
),
-- A ticket's events as one ordered list (equal instants ordered by seq, the source's own
-- order): one GROUP BY instead of a window partitioned by ticket, which costs several
-- times more at a million tickets. Everything per event below is list arithmetic.
trail AS (
  SELECT source, ticket_id, list(x ORDER BY occurred_at, seq) AS evs FROM ev GROUP BY source, ticket_id
),
steps AS (
  SELECT source, ticket_id, evs,
    list_filter(evs, lambda v: v.g IS NOT NULL) AS asg,
    list_filter(range(1, len(evs) + 1), lambda j: evs[j].g IS NOT NULL) AS apos
  FROM trail
),
paths AS (
  SELECT *,
    list_filter(list_transform(asg, lambda v: v.g), lambda g, i: i = 1 OR g <> asg[i - 1].g) AS group_path,
    list_filter(list_transform(asg, lambda v: v.d), lambda d, i: i = 1 OR d <> asg[i - 1].d) AS department_path,
    list_sort(list_distinct(list_transform(list_filter(asg, lambda v: v.u), lambda v: v.g))) AS unmapped_groups
  FROM steps
),
known_departments AS (
  SELECT department FROM departments
  UNION SELECT department FROM group_departments
  UNION SELECT department FROM request_type_owners
),
base AS (
  SELECT t.source, t.ticket_id, t.created_at, t.resolved_at, t.closed_at, t.request_type, t.location,
    t.subject, t.description, t.resolution_code, t.resolution_text, t.knowledge_article,
    coalesce(p.group_path, []::VARCHAR[]) AS group_path,
    coalesce(p.department_path, []::VARCHAR[]) AS department_path,
    coalesce(p.unmapped_groups, []::VARCHAR[]) AS unmapped_groups,
    coalesce(p.evs, []) AS evs, coalesce(p.asg, []) AS asg, coalesce(p.apos, []::BIGINT[]) AS apos,
    p.evs[-1].t AS last_event_at,
    coalesce(p.department_path[1], i.default_landing_department, $default_landing) AS first_landing,
    coalesce(p.department_path[-1], p.department_path[1], i.default_landing_department, $default_landing) AS resolver,
    rto.department AS declared_owner,
    coalesce(list_contains($redirect_codes::VARCHAR[], lower(trim(t.resolution_code))), false)
      OR coalesce(regexp_matches(t.resolution_text, $redirect_text), false) AS closed_as_redirect
  FROM tv t
  LEFT JOIN paths p USING (source, ticket_id)
  LEFT JOIN imports i ON i.import_id = t.import_id
  LEFT JOIN request_type_owners rto ON rto.request_type = t.request_type
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
-- The department a redirect's text sends the requester to: among the departments it names
-- (whole words, first occurrence, never the department that closed it), the first one
-- right after a directing word ("contact HR", "submit this to Payroll"), else the first
-- one named; a name and an alias at the same place resolve to the longer term. So "IT
-- cannot help with benefits enrollment. Please contact Human Resources." means HR.
redirect_named AS (
  SELECT source, ticket_id,
    arg_min(department, [CASE WHEN directed THEN 0 ELSE 1 END, found_at, -length(term)]) AS named
  FROM (
    SELECT *,
      regexp_matches(substr(text, 1, found_at - 1), $directing_words) AS directed
    FROM (
      SELECT b.source, b.ticket_id, b.resolution_text AS text, tm.department, tm.term,
        CASE WHEN tm.case_sensitive THEN strpos(b.resolution_text, tm.term)
             ELSE strpos(lower(b.resolution_text), lower(tm.term)) END AS found_at
      FROM base b, terms tm
      WHERE b.closed_as_redirect AND b.resolution_text IS NOT NULL AND tm.department <> b.resolver
    )
    WHERE found_at > 0
      AND NOT regexp_matches(substr(text, found_at - 1, 1), '[[:alnum:]]')
      AND NOT regexp_matches(substr(text, found_at + length(term), 1), '[[:alnum:]]')
  )
  GROUP BY source, ticket_id
),
owned AS (
  SELECT b.*, rn.named AS redirect_department,
    CASE WHEN b.closed_as_redirect THEN coalesce(rn.named, b.declared_owner, b.resolver) ELSE b.resolver END AS resolver_owner
  FROM base b LEFT JOIN redirect_named rn USING (source, ticket_id)
),
owners AS (
  SELECT *,
    CASE WHEN $owner_basis = 'declared' THEN coalesce(declared_owner, resolver_owner) ELSE resolver_owner END AS owner
  FROM owned
),
-- held: the department holding the ticket at each event (the last assignment before it,
-- else the first landing). An assignment is done by the department handing the ticket on.
held AS (
  SELECT *,
    list_transform(range(1, len(evs) + 1), lambda j: coalesce(evs[list_filter(apos, lambda q: q < j)[-1]].d, first_landing)) AS held_by
  FROM owners
),
rates AS (
  SELECT map_from_entries(list({'key': department, 'value': hourly_rate}) FILTER (WHERE hourly_rate IS NOT NULL)) AS rate
  FROM departments
),
touched AS (
  SELECT h.*,
    list_transform(list_filter(range(1, len(evs) + 1), lambda j: evs[j].h AND held_by[j] <> owner), lambda j: held_by[j]) AS touch_departments,
    department_path[2:] AS triage_departments,
    list_filter(asg, lambda v: v.d = owner)[1].t AS owner_reached_at,
    coalesce(list_sum(list_transform(range(1, len(asg) + 1), lambda k:
      CASE WHEN asg[k].d <> owner
           THEN greatest(epoch(coalesce(asg[k + 1].t, resolved_at, closed_at, last_event_at)) - epoch(asg[k].t), 0)
           ELSE 0 END)), 0) / 3600.0 AS hours_other_queues,
    len(list_filter(evs, lambda v: v.c))::INTEGER AS human_replies
  FROM held h
),
-- Coordination minutes by the department that spent them: triage by the receiving
-- department of each cross-department handoff, touches by the department holding the ticket.
charged AS (
  SELECT t.* EXCLUDE (evs, asg, apos, held_by),
    list_concat(
      list_transform(touch_departments, lambda d: {'department': d, 'minutes': $touch_minutes::DOUBLE, 'cost': $touch_minutes::DOUBLE / 60 * coalesce(r.rate[d], $default_rate::DOUBLE)}),
      list_transform(triage_departments, lambda d: {'department': d, 'minutes': $triage_minutes::DOUBLE, 'cost': $triage_minutes::DOUBLE / 60 * coalesce(r.rate[d], $default_rate::DOUBLE)})
    ) AS charges
  FROM touched t, rates r
),
facts_pre AS (
  SELECT o.* EXCLUDE (touch_departments, triage_departments, owner_reached_at),
    greatest(len(o.group_path) - 1, 0)::INTEGER AS hops,
    greatest(len(o.department_path) - 1, 0)::INTEGER AS handoffs,
    o.first_landing <> o.owner AS misrouted,
    o.first_landing <> o.owner AND o.closed_as_redirect AS redirected,
    len(o.group_path) > 1 AS rerouted,
    len(list_filter(range(1, len(o.group_path) - 1), lambda i: o.group_path[i] = o.group_path[i + 2])) > 0 AS ping_pong,
    len(list_distinct(o.group_path)) < len(o.group_path) AS returned,
    CASE WHEN o.first_landing = o.owner THEN o.created_at
         WHEN o.closed_as_redirect THEN coalesce(o.resolved_at, o.closed_at)
         ELSE o.owner_reached_at END AS owner_at,
    len(o.touch_departments)::INTEGER AS touches_outside,
    coalesce(list_sum(list_transform(o.charges, lambda c: c.minutes)), 0)::DOUBLE AS coordination_minutes,
    coalesce(list_sum(list_transform(o.charges, lambda c: c.cost)), 0)::DOUBLE AS coordination_cost
  FROM charged o
),
bh_bounds AS (SELECT created_at AS lo, greatest(coalesce(owner_at, created_at), created_at) AS hi FROM facts_pre),
${businessWindowsCtes('bh_bounds')},
p AS (
  SELECT x.*,
    -- greatest() skips NULLs in DuckDB: an owner never reached must stay NULL, not 0.
    CASE WHEN x.owner_at IS NOT NULL THEN greatest(epoch(x.owner_at) - epoch(x.created_at), 0) / 3600.0 END AS hours_to_owner,
    CASE WHEN x.owner_at IS NOT NULL THEN greatest(${businessSecondsAt('x.owner_at', 'wo')} - ${businessSecondsAt('x.created_at', 'wc')}, 0) / 3600.0 END AS business_hours_to_owner,
    coalesce(regexp_matches(coalesce(x.subject, '') || ' ' || coalesce(x.description, ''), $question_pattern), false) AS is_question,
    coalesce(list_contains($info_codes::VARCHAR[], lower(trim(x.resolution_code))), false)
      OR coalesce(x.resolved_at - x.created_at <= INTERVAL 30 MINUTE AND x.human_replies = 1 AND x.hops = 0, false) AS information_only
  FROM facts_pre x
  ASOF LEFT JOIN bh_windows wc ON x.created_at >= wc.w_start
  ASOF LEFT JOIN bh_windows wo ON x.owner_at >= wo.w_start
)
SELECT p.* EXCLUDE (last_event_at), p.is_question OR p.information_only AS asks
FROM p WHERE ${f.departmentWhere}`;
  return { sql, params: { ...f.params, ...factsParams(settings) } };
}

/**
 * The facts relation for a metric: `WITH facts AS (...)` text to put before the metric's
 * own query, and the parameters it needs. Reads the materialised table when given one.
 */
export function factsSource(filters: Filters, settings: Settings, options: MetricOptions = {}): { cte: string; params: Record<string, Param> } {
  if (options.facts) return { cte: `facts AS (SELECT * FROM ${quoteIdent(options.facts.table)})`, params: {} };
  const f = buildTicketFactsSql(filters, settings);
  return { cte: `facts AS (${f.sql})`, params: f.params };
}

let materialised = 0;

/**
 * Computes the facts once into a temporary table on `db`'s connection for a run of several
 * figures (the report), and drops it when `work` ends. Temporary tables are private to the
 * connection and never written to the file, so a materialisation cannot go stale: it lives
 * for one run and is recomputed by the next.
 */
export async function withMaterialisedFacts<T>(
  db: Queryable,
  filters: Filters,
  settings: Settings,
  work: (facts: MaterialisedFacts) => Promise<T>,
): Promise<T> {
  const table = `sb_ticket_facts_${process.pid}_${++materialised}`;
  const f = buildTicketFactsSql(filters, settings);
  await db.run(`CREATE TEMP TABLE ${quoteIdent(table)} AS ${f.sql}`, f.params);
  try {
    return await work({ table });
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
  }
}

/** The facts of the tickets in view, for inspection and tests (ordered by source, ticket). */
export async function ticketFacts(db: Queryable, filters: Filters, settings: Settings): Promise<TicketFacts[]> {
  const f = buildTicketFactsSql(filters, settings);
  return db.all<TicketFacts>(`SELECT * FROM (${f.sql}) ORDER BY source, ticket_id`, f.params);
}
