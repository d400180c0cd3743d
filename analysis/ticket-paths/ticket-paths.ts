/**
 * Per-ticket routing paths, the base of every routing metric (docs/metrics.md).
 *
 * Group path: the ticket's assignment groups in event order (time, then the source's own
 * sequence), missing groups dropped, consecutive repeats collapsed. Department path: that
 * path through the group -> department map, consecutive repeats collapsed; a group the map
 * lacks stands for itself and is flagged unmapped. First landing: the first department on
 * the path, or the import's default landing department for a ticket that never had a
 * group. Resolver: the last department on the path (the first landing when there is none).
 *
 * `ticketPathsCte()` is a CTE named `p` with one row per ticket, joined to `tickets t`.
 */

export function ticketPathsCte(): string {
  return `
assignment_rows AS (
  SELECT e.source, e.ticket_id, e.occurred_at, e.seq, e.group_after AS group_name,
    coalesce(gd.department, e.group_after) AS department,
    gd.department IS NULL AS unmapped
  FROM ticket_events e
  LEFT JOIN group_departments gd ON gd.group_name = e.group_after
  WHERE e.kind = 'assignment' AND e.group_after IS NOT NULL
),
assignment_steps AS (
  SELECT *,
    lag(group_name) OVER w AS prev_group,
    lag(department) OVER w AS prev_department
  FROM assignment_rows
  WINDOW w AS (PARTITION BY source, ticket_id ORDER BY occurred_at, seq)
),
paths AS (
  SELECT source, ticket_id,
    list(group_name ORDER BY occurred_at, seq) FILTER (WHERE prev_group IS DISTINCT FROM group_name) AS group_path,
    list(department ORDER BY occurred_at, seq) FILTER (WHERE prev_department IS DISTINCT FROM department) AS department_path,
    list(DISTINCT group_name) FILTER (WHERE unmapped) AS unmapped_groups
  FROM assignment_steps
  GROUP BY source, ticket_id
),
p AS (
  SELECT t.source, t.ticket_id,
    coalesce(paths.group_path, []::VARCHAR[]) AS group_path,
    coalesce(paths.department_path, []::VARCHAR[]) AS department_path,
    coalesce(paths.unmapped_groups, []::VARCHAR[]) AS unmapped_groups,
    greatest(len(coalesce(paths.group_path, [])) - 1, 0) AS hops,
    coalesce(paths.department_path[1], i.default_landing_department, $default_landing) AS first_landing,
    coalesce(paths.department_path[-1], paths.department_path[1], i.default_landing_department, $default_landing) AS resolver
  FROM tickets t
  LEFT JOIN paths USING (source, ticket_id)
  LEFT JOIN imports i ON i.import_id = t.import_id
)`;
}
