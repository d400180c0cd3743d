/**
 * Pure SQL builders from Freshservice's staged tables to `norm_rows` and `rejects`.
 *
 * Inputs: `fs_tickets` (text columns named as in fields.ts; CSV export or API JSON),
 * `fs_activities` (_row, _line, ticket_id, j JSON: one activity each) and
 * `fs_sideloaded_groups` (id, name). Any may be empty. Bound: $tz, $automated.
 *
 * An activity is a line of content plus sub_contents lines; each line is read on its own:
 * "set Group as X" is an assignment to X, "set Status as Resolved" a resolution (other
 * statuses: status events), a private note a note, a reply or public note a comment.
 * Activities of the workflow automator, supervisor or system are automated.
 *
 * Ticket ids: exports write display ids with a type prefix ('INC-12', '#SR-13'); the
 * API writes 12. Both become '12' so a CSV export and API activities meet.
 * A ticket with no group change here lands in its current group at creation (the CSV's
 * Group name, or the API's group_id named by a sideloaded groups list, else by the group
 * its last activity set, else 'group <id>').
 */
import { timestampSql } from '#core/timestamps.ts';
import { createNormRowsSql, normSelect } from '../kit/norm-rows.ts';
import { GROUP_LINE, PRIVATE_NOTE_LINE, PUBLIC_NOTE_LINE, SOURCE_LABELS, STATUS_LABELS, STATUS_LINE } from './fields.ts';

/** Patterns and labels are constants of this module, never data; quoted as SQL literals. */
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

export function ticketIdSql(expr: string): string {
  return `regexp_replace(trim(${expr}), '^#?(INC|SR|CHN|PRB|REL|TKT)-', '')`;
}

function labelSql(expr: string, labels: Record<string, string>): string {
  return `CASE ${expr} ${Object.entries(labels).map(([k, v]) => `WHEN ${lit(k)} THEN ${lit(v)}`).join(' ')} ELSE ${expr} END`;
}

const statusLabel = (expr: string) => labelSql(expr, STATUS_LABELS);
const resolutionKind = (label: string) => `CASE WHEN lower(${label}) IN ('resolved', 'closed') THEN 'resolution' ELSE 'status' END`;

/** One row per activity line: its instant, actor, and what the line says. */
export function buildChangesSql(activityFormat: string): string {
  const extract = (re: string) => `nullif(regexp_extract(line, ${lit(re)}, 1), '')`;
  return `CREATE OR REPLACE TEMP TABLE fs_changes AS
WITH lines AS (
  SELECT _row, _line, ticket_id, json_extract_string(j, '$.created_at') AS created_raw,
    coalesce(json_extract_string(j, '$.actor.name'), CASE WHEN json_type(j, '$.actor') = 'VARCHAR' THEN json_extract_string(j, '$.actor') END) AS actor,
    list_prepend(json_extract_string(j, '$.content'), coalesce(json_extract_string(j, '$.sub_contents[*]'), []::VARCHAR[])) AS ls
  FROM fs_activities
), flat AS (
  SELECT _row, _line, ticket_id, created_raw, actor, unnest(ls) AS line, unnest(range(len(ls))) AS n FROM lines
)
SELECT _row, _line, ${ticketIdSql('ticket_id')} AS ticket_id, created_raw, ${timestampSql('created_raw', activityFormat, '$tz')} AS changed_at,
  actor, n, line, ${extract(GROUP_LINE)} AS group_after, ${extract(STATUS_LINE)} AS status,
  regexp_matches(line, ${lit(PRIVATE_NOTE_LINE)}) AS private_note, regexp_matches(line, ${lit(PUBLIC_NOTE_LINE)}) AS public_note,
  coalesce(lower(trim(actor)) IN (SELECT unnest($automated::VARCHAR[])), false) AS automated
FROM flat WHERE line IS NOT NULL`;
}

/** The date check's count of activities fs_changes holds no line of (their created_at is never parsed). */
export const ACTIVITIES_NEVER_PARSED_SQL = `SELECT 0 AS failed,
  ((SELECT count(*) FROM fs_activities) - (SELECT count(DISTINCT _row) FROM fs_changes))::INTEGER AS unseen`;

/** Group id -> name: a sideloaded groups list first, else learnt from each ticket's last activity group. */
export function buildGroupNamesSql(): string {
  return `CREATE OR REPLACE TEMP TABLE fs_group_names AS
WITH last_set AS (
  SELECT ticket_id, arg_max(group_after, (epoch_us(changed_at), _line, n)) AS name
  FROM fs_changes WHERE group_after IS NOT NULL AND changed_at IS NOT NULL GROUP BY ticket_id
), learnt AS (
  SELECT t.group_id AS id, mode(l.name) AS name
  FROM fs_tickets t JOIN last_set l ON l.ticket_id = ${ticketIdSql('t.id')}
  WHERE t.group_id IS NOT NULL AND t.group_name IS NULL GROUP BY t.group_id
)
SELECT id, arg_min(name, pri) AS name FROM (
  SELECT id, name, 1 AS pri FROM fs_sideloaded_groups UNION ALL SELECT id, name, 2 FROM learnt
) WHERE id IS NOT NULL AND name IS NOT NULL GROUP BY id`;
}

export function buildNormRowsSql(ticketFormat: string): string {
  const ts = (c: string) => timestampSql(c, ticketFormat, '$tz');
  const ctes = `
tk AS (
  SELECT t.*, ${ticketIdSql('t.id')} AS ticket_id, ${ts('created_at')} AS p_created, ${ts('resolved_at')} AS p_resolved,
    ${ts('closed_at')} AS p_closed, coalesce(t.group_name, g.name, 'group ' || t.group_id) AS current_group
  FROM fs_tickets t LEFT JOIN fs_group_names g ON g.id = t.group_id WHERE t.id IS NOT NULL
),
moved AS (SELECT DISTINCT ticket_id FROM fs_changes WHERE group_after IS NOT NULL)`;
  const attributes = `${normSelect({
    _row: '_row', ticket_id: 'ticket_id', created_at: 'p_created', resolved_at: 'p_resolved', closed_at: 'p_closed',
    status: statusLabel('status'), category: 'category',
    subcategory: `nullif(concat_ws(' / ', sub_category, item_category), '')`,
    channel: labelSql('source', SOURCE_LABELS), location: 'location', subject: 'subject', description: 'description',
    requester: 'requester', sensitive: 'false',
  })} FROM tk`;
  const landings = `${normSelect({
    _row: '_row', ticket_id: 'ticket_id', event_at: 'p_created', event_order: '-1', event_kind: `'assignment'`,
    group_after: 'current_group', automated: 'false',
  })} FROM tk WHERE current_group IS NOT NULL AND p_created IS NOT NULL AND ticket_id NOT IN (SELECT ticket_id FROM moved)`;
  const changes = `${normSelect({
    _row: '_row', ticket_id: 'ticket_id', event_at: 'changed_at', event_order: '(_line * 1000 + n)',
    event_kind: `CASE WHEN group_after IS NOT NULL THEN 'assignment' WHEN status IS NOT NULL THEN ${resolutionKind(statusLabel('status'))}
      WHEN private_note THEN 'note' WHEN public_note THEN 'comment' END`,
    group_after: 'group_after', actor: 'actor', automated: 'automated',
    event_detail: `CASE WHEN group_after IS NULL AND status IS NOT NULL THEN ${statusLabel('status')} END`,
  })} FROM fs_changes
WHERE changed_at IS NOT NULL AND ticket_id IS NOT NULL
  AND (group_after IS NOT NULL OR status IS NOT NULL OR private_note OR public_note)`;
  return createNormRowsSql([attributes, landings, changes], ctes);
}

/** Rows without a ticket id, or with an instant that does not fit its file's format. */
export function buildRejectsSql(ticketFormat: string, fields: readonly string[]): string {
  const bad = (file: string, format: string) =>
    `${file} || ' row ' || (_line + 2) || ': not a date and time in the format ' || ${format} || ': correct it, or set dateFormat'`;
  return `INSERT INTO rejects
SELECT _row, 'id', NULL, $tickets_file || ' row ' || (_line + 2) || ': the ticket id is empty: fill it in or delete the row' FROM fs_tickets WHERE id IS NULL
${fields.map((f) => `UNION ALL SELECT _row, '${f}', ${f}, ${bad('$tickets_file', '$ticket_format')} FROM fs_tickets WHERE ${f} IS NOT NULL AND ${timestampSql(f, ticketFormat, '$tz')} IS NULL`).join('\n')}
UNION ALL SELECT DISTINCT ON (_row) _row, 'ticket_id', NULL, $activities_file || ' activity ' || (_line + 1) || ': no ticket id: write {"ticket_id": N, "activities": [...]}' FROM fs_changes WHERE ticket_id IS NULL
UNION ALL SELECT DISTINCT ON (_row) _row, 'created_at', created_raw, ${bad('$activities_file', '$activity_format')} FROM fs_changes WHERE changed_at IS NULL`;
}
