/**
 * Tickets whose group path a file does not give as events: whether each ticket's path is
 * known and, where the source counts its reassignments instead, that count as its hops.
 * The ingest stores them on the tickets (tickets.path_known, source_hops) after the
 * import's rows (StageResult.ticketPathsTable); the per-ticket facts then read the count
 * where the path is unknown. Shared by the generic connector (a ticket list with a count,
 * or with only its final group) and ServiceNow (an incident list whose reassigned
 * incidents have no history). Pure: SQL text over the connector's own relation.
 *
 * Tickets whose path the file does give are listed too, as known, so a later, fuller file
 * sets right a ticket an earlier list left unknown.
 */

export interface TicketPathsSpec {
  /** The relation read, with one row or more per ticket. */
  from: string;
  /** The ticket id expression. */
  ticketId: string;
  /** Whether a ticket's path is known: an aggregate over its rows, or a constant. */
  pathKnown: string;
  /** The source's count per row (an INTEGER expression), when it gives one. */
  count?: string;
  /** What the count counts: reassignments (= hops) or stations (groups = hops + 1, Zendesk's group_stations). */
  countIs?: 'reassignments' | 'stations';
  where?: string;
}

/** A ticket's hops from its count: the largest of its rows', less the first station when the count counts groups. */
export function countHopsSql(count: string, countIs: 'reassignments' | 'stations' = 'reassignments'): string {
  return countIs === 'stations' ? `greatest(max(${count}) - 1, 0)` : `max(${count})`;
}

/** CREATE TEMP TABLE `table` (ticket_id, path_known, source_hops): temp, since the staging tables are dropped before the ingest reads it. */
export function buildTicketPathsSql(table: string, spec: TicketPathsSpec): string {
  const hops = spec.count ? countHopsSql(spec.count, spec.countIs) : 'NULL';
  return `CREATE OR REPLACE TEMP TABLE ${table} AS
     SELECT ${spec.ticketId} AS ticket_id, (${spec.pathKnown})::BOOLEAN AS path_known,
       (CASE WHEN ${spec.pathKnown} THEN NULL ELSE ${hops} END)::INTEGER AS source_hops
     FROM ${spec.from} WHERE ${spec.where ?? 'true'} GROUP BY 1`;
}
