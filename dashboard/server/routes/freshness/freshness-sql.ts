/**
 * How fresh the data is, for the line under every signed-in page's header: the last
 * successful import (when, which file), the days the tickets span in the district's time
 * zone, and how many groups tickets were assigned to that no department mapping covers.
 * Pure SQL text with named parameters; the route runs it.
 */

/** The newest import that succeeded; a removed or failed one says nothing about the data held. */
export const LAST_IMPORT_SQL = `SELECT file_name AS "fileName", source, finished_at AS "finishedAt", tickets_imported::INTEGER AS "ticketsImported"
FROM imports WHERE status = 'succeeded' AND finished_at IS NOT NULL
ORDER BY finished_at DESC, import_id DESC LIMIT 1`;

/** First and last day with a ticket created, as the district's calendar days. */
export const DATA_SPAN_SQL = `SELECT count(*)::INTEGER AS tickets,
  strftime(timezone($tz, min(created_at)), '%Y-%m-%d') AS "firstDay",
  strftime(timezone($tz, max(created_at)), '%Y-%m-%d') AS "lastDay"
FROM tickets`;

/**
 * Every group some ticket was assigned to that the group map lacks: the same rule as the
 * settings page's unmapped list (repositories/settings-queries.ts), counted without its cap.
 */
export const UNMAPPED_GROUP_COUNT_SQL = `SELECT count(DISTINCT e.group_after)::INTEGER AS n
FROM ticket_events e LEFT JOIN group_departments gd ON gd.group_name = e.group_after
WHERE e.kind = 'assignment' AND e.group_after IS NOT NULL AND gd.group_name IS NULL`;
