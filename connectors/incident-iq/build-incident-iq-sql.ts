/**
 * Pure SQL builders from Incident IQ's staged tables to `norm_rows` and `rejects`.
 *
 * Inputs (all text, names from fields.ts): `iq_tickets` and `iq_activities`; either may be
 * empty. Bound: $tz, $team_fields, $team_types, $rule_types, $automated_actors.
 *
 * Activities refer to tickets by TicketNumber, or by the TicketId GUID that only the
 * tickets file can turn into a number. A change of the assigned team is an assignment to
 * its new value; the first one's old value is where the ticket landed, at creation. A
 * ticket without team changes lands in its current team. Rule executions, the system user
 * and activities flagged automated are automated. Incident IQ has no separate resolved
 * time: ClosedDate is both. HasSensitiveInformation marks the ticket sensitive, so its
 * text is not kept (ingest/privacy).
 */
import { timestampSql } from '#core/timestamps.ts';
import { createNormRowsSql, NORM_ROWS_TABLE, normSelect } from '../kit/norm-rows.ts';

const key = (expr: string) => `regexp_replace(lower(coalesce(${expr}, '')), '[^a-z0-9]', '', 'g')`;
const truthy = (expr: string) => `coalesce(lower(${expr}) IN ('true', '1', 'yes', 'y'), false)`;
const inList = (expr: string, param: string) => `${expr} IN (SELECT unnest(${param}::VARCHAR[]))`;

export function buildChangesSql(activityFormat: string): string {
  return `CREATE OR REPLACE TEMP TABLE iq_changes AS
SELECT a._row, a._line, coalesce(t.number, a.ticket_ref) AS ticket_id, a.at AS at_raw,
  ${timestampSql('at', activityFormat, '$tz').replaceAll('"at"', 'a."at"')} AS changed_at, a.actor, a.old_value, a.new_value,
  ${key('a.activity_type')} AS type_key, ${key('a.field')} AS field_key,
  (${inList(key('a.field'), '$team_fields')} OR ${inList(key('a.activity_type'), '$team_types')}) AS is_team,
  (${truthy('a.is_automated')} OR ${inList(key('a.activity_type'), '$rule_types')} OR ${inList('lower(trim(a.actor))', '$automated_actors')}) AS automated,
  a.is_public
FROM iq_activities a LEFT JOIN (SELECT guid, min(number) AS number FROM iq_tickets WHERE guid IS NOT NULL GROUP BY guid) t ON t.guid = a.ticket_ref`;
}

export function buildNormRowsSql(ticketFormat: string): string {
  const ts = (c: string) => timestampSql(c, ticketFormat, '$tz');
  const ctes = `
tk AS (SELECT *, ${ts('created')} AS p_created, ${ts('closed')} AS p_closed FROM iq_tickets WHERE number IS NOT NULL),
opened AS (SELECT number AS ticket_id, min(p_created) AS p_created FROM tk GROUP BY number),
team_changes AS (
  SELECT *, row_number() OVER (PARTITION BY ticket_id ORDER BY changed_at, _line) AS k
  FROM iq_changes WHERE is_team AND changed_at IS NOT NULL AND new_value IS NOT NULL
)`;
  const attributes = `${normSelect({
    _row: '_row', ticket_id: 'number', created_at: 'p_created', resolved_at: 'p_closed', closed_at: 'p_closed',
    status: `coalesce(status, CASE WHEN ${truthy('is_closed')} THEN 'Closed' WHEN is_closed IS NOT NULL THEN 'Open' END)`,
    category: 'category', subcategory: 'issue', channel: 'channel', location: 'location', subject: 'subject',
    description: 'description', requester: 'requester', sensitive: truthy('sensitive'),
  })} FROM tk`;
  const firstLandings = `${normSelect({
    _row: 'c._row', ticket_id: 'c.ticket_id', event_at: 'least(coalesce(o.p_created, c.changed_at), c.changed_at)',
    event_order: '-1', event_kind: `'assignment'`, group_after: 'c.old_value', automated: 'false',
  })} FROM team_changes c LEFT JOIN opened o USING (ticket_id) WHERE c.k = 1 AND c.old_value IS NOT NULL`;
  const currentLandings = `${normSelect({
    _row: '_row', ticket_id: 'number', event_at: 'p_created', event_order: '-1', event_kind: `'assignment'`,
    group_after: 'team', automated: 'false',
  })} FROM tk WHERE team IS NOT NULL AND p_created IS NOT NULL AND number NOT IN (SELECT ticket_id FROM team_changes)`;
  const changes = `${normSelect({
    _row: '_row', ticket_id: 'ticket_id', event_at: 'changed_at', event_order: '_line',
    event_kind: `CASE WHEN is_team THEN 'assignment'
      WHEN type_key IN ('ticketclosed', 'closed', 'resolved', 'ticketresolved') OR (field_key IN ('status', 'workflowstep') AND lower(new_value) IN ('closed', 'resolved')) THEN 'resolution'
      WHEN field_key IN ('status', 'workflowstep') OR type_key IN ('statuschanged', 'workflowstepchanged') THEN 'status'
      WHEN type_key LIKE '%comment%' OR type_key LIKE '%note%' THEN CASE WHEN lower(is_public) = 'false' OR type_key LIKE '%private%' OR type_key LIKE '%internal%' THEN 'note' ELSE 'comment' END END`,
    group_before: 'CASE WHEN is_team THEN old_value END', group_after: 'CASE WHEN is_team THEN new_value END',
    actor: 'actor', automated: 'automated',
    event_detail: `CASE WHEN NOT is_team AND (field_key IN ('status', 'workflowstep') OR type_key IN ('statuschanged', 'workflowstepchanged')) THEN new_value END`,
  })} FROM iq_changes WHERE changed_at IS NOT NULL AND ticket_id IS NOT NULL AND NOT (is_team AND new_value IS NULL)`;
  return `${createNormRowsSql([attributes, firstLandings, currentLandings, changes], ctes)}`;
}

/** Keeps only rows that say something; run after buildNormRowsSql. */
export const DROP_EMPTY_EVENTS_SQL = `DELETE FROM ${NORM_ROWS_TABLE} WHERE event_at IS NOT NULL AND event_kind IS NULL`;

/** Rows without a ticket number, or with an instant that does not fit its file's format. Bound: $tz, $*_file, $*_format. */
export function buildRejectsSql(ticketFormat: string): string {
  const bad = (file: string, format: string) =>
    `${file} || ' row ' || (_line + 2) || ': not a date and time in the format ' || ${format} || ': correct it, or set dateFormat'`;
  return `INSERT INTO rejects
SELECT _row, 'number', NULL, $tickets_file || ' row ' || (_line + 2) || ': the ticket number is empty: fill it in or delete the row' FROM iq_tickets WHERE number IS NULL
${['created', 'closed'].map((f) => `UNION ALL SELECT _row, '${f}', ${f}, ${bad('$tickets_file', '$ticket_format')} FROM iq_tickets WHERE ${f} IS NOT NULL AND ${timestampSql(f, ticketFormat, '$tz')} IS NULL`).join('\n')}
UNION ALL SELECT _row, 'at', at_raw, ${bad('$activities_file', '$activity_format')} FROM iq_changes WHERE at_raw IS NOT NULL AND changed_at IS NULL`;
}
