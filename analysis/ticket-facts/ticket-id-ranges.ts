/**
 * How a rebuild of the per-ticket facts cuts the tickets into slices: consecutive ranges of
 * ticket_id. A range is a filter DuckDB's table scan applies itself, before it reads a
 * row's other columns, and it skips whole row groups whose ids lie outside it (events are
 * mostly stored in ticket order); a hash of the key cannot be pushed into the scan, so every
 * slice then read every ticket's text and every event.
 */
import type { Queryable } from '#core/db/database.ts';

/** The tickets whose ticket_id is in [from, to); null: unbounded on that side. */
export interface TicketIdRange {
  from: string | null;
  to: string | null;
}

/**
 * Consecutive ranges of ticket_id that together cover every ticket, each holding about
 * `sliceRows` rows of tickets and events: a ticket weighs one plus its events, since the
 * rebuild's memory grows with the events it groups, and a district whose tickets carry
 * twice the events needs twice the slices. A range holds all the tickets of an id (one id
 * can repeat across sources). One unbounded range when all fit in one.
 */
export async function ticketIdRanges(db: Queryable, sliceRows: number): Promise<TicketIdRange[]> {
  const bounds = await db.all<{ ticket_id: string }>(
    `WITH weights AS (
       SELECT ticket_id, sum(n) AS weight FROM (
         SELECT ticket_id, count(*) AS n FROM tickets GROUP BY ticket_id
         UNION ALL
         SELECT ticket_id, count(*) AS n FROM ticket_events GROUP BY ticket_id
       ) GROUP BY ticket_id
     ),
     placed AS (
       SELECT ticket_id, coalesce(sum(weight) OVER (ORDER BY ticket_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
       FROM weights
     )
     SELECT min(ticket_id) AS ticket_id FROM placed
     GROUP BY floor(before / $size::BIGINT) HAVING floor(before / $size::BIGINT) > 0 ORDER BY 1`,
    { size: sliceRows },
  );
  const cuts = bounds.map((b) => b.ticket_id);
  return [null, ...cuts].map((from, i) => ({ from, to: cuts[i] ?? null }));
}

/** SQL that keeps the rows of `alias` (with a ticket_id column) inside `range`. */
export function inTicketIdRange(range: TicketIdRange, alias: string): string {
  return (range.from === null ? '' : ` AND ${alias}.ticket_id >= $slice_from`) + (range.to === null ? '' : ` AND ${alias}.ticket_id < $slice_to`);
}

/** The parameters `inTicketIdRange` reads. */
export function ticketIdRangeParams(range: TicketIdRange): Record<string, string> {
  return { ...(range.from === null ? {} : { slice_from: range.from }), ...(range.to === null ? {} : { slice_to: range.to }) };
}
