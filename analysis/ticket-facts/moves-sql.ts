/**
 * The per-event counterpart of the per-ticket facts: each ticket's events with the
 * department holding the ticket just before each (the last assignment before it, else the
 * first landing), kept where "Who routes" reads them (docs/metrics.md): a person's acts
 * and the department moves. Stored beside the facts (`cache.ticket_moves`, facts-store.ts)
 * and rebuilt with them, in the same slices and for the same tickets after an import, so
 * a figure filtering the tickets reads their moves instead of grouping every event again
 * (at a million tickets that grouping was most of the report).
 *
 * Shape, for speed: as in the facts, a ticket's events become one list sorted by
 * (instant, seq) with one GROUP BY, and the holder before each event is list arithmetic on
 * that row; a window partitioned by ticket measured several times slower.
 */
import type { Param } from '#core/db/database.ts';
import { sliceCondition, sliceParams, type Slice } from './facts-slices.ts';

/** Where the moves are kept: beside the facts, in their schema. */
export const MOVES_TABLE = 'ticket_moves';

/**
 * One row per event that is a person's act or moves the ticket to another department,
 * for the tickets of `factsTable` (the persisted facts, whose first landing it reads) in
 * `slice`. Columns: source, ticket_id, occurred_at, seq, actor, by_person (not automated,
 * an actor who is not the ticket's requester, a kind that touches a ticket: comment, note,
 * status, assignment), dept_after (the department an assignment moves it to; an unmapped
 * group stands for itself), actor_dept (the department of the actor's group), held_before,
 * moves_department.
 */
export function buildTicketMovesSql(factsTable: string, slice?: Slice): { sql: string; params: Record<string, Param> } {
  // A range of ticket ids is also a filter the tickets' and events' scans apply themselves,
  // skipping other tickets' row groups; a list of tickets is joined once, through the facts.
  const alsoScanned = slice && !('listedIn' in slice) ? sliceCondition(slice, 't') + sliceCondition(slice, 'e') : '';
  return {
    sql: `WITH trails AS (
  SELECT f.source, f.ticket_id, any_value(f.first_landing) AS first_landing,
    list_sort(list({'t': e.occurred_at, 's': e.seq, 'a': e.actor,
      'd': CASE WHEN e.kind = 'assignment' AND e.group_after IS NOT NULL THEN coalesce(ga.department, e.group_after) END,
      'ad': CASE WHEN e.actor_group IS NOT NULL THEN coalesce(gg.department, e.actor_group) END,
      'p': NOT e.automated AND e.actor IS NOT NULL AND e.actor IS DISTINCT FROM t.requester
        AND e.kind IN ('comment', 'note', 'status', 'assignment')})) AS evs
  FROM ${factsTable} f
  JOIN tickets t ON t.source = f.source AND t.ticket_id = f.ticket_id
  JOIN ticket_events e ON e.source = f.source AND e.ticket_id = f.ticket_id
  LEFT JOIN group_departments ga ON ga.group_name = e.group_after
  LEFT JOIN group_departments gg ON gg.group_name = e.actor_group
  WHERE true${sliceCondition(slice, 'f')}${alsoScanned}
  GROUP BY f.source, f.ticket_id
),
held AS (
  -- Two lists unnested side by side: the events, and the holder before each (the last
  -- assignment position before it, found among the few assignment positions).
  SELECT source, ticket_id, unnest(evs) AS v,
    unnest(list_transform(range(1, len(evs) + 1), lambda j:
      coalesce(evs[list_filter(apos, lambda q: q < j)[-1]].d, first_landing))) AS held
  FROM (SELECT *, list_filter(range(1, len(evs) + 1), lambda j: evs[j].d IS NOT NULL) AS apos FROM trails)
)
SELECT source, ticket_id, v.t AS occurred_at, v.s AS seq, v.a AS actor,
  v.p AS by_person, v.d AS dept_after, v.ad AS actor_dept, held AS held_before,
  coalesce(v.d <> held, false) AS moves_department
FROM held
WHERE v.p OR coalesce(v.d <> held, false)
ORDER BY source, ticket_id, occurred_at, seq`,
    params: sliceParams(slice),
  };
}
