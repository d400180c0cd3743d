/**
 * Pure SQL builders from Zendesk's staged JSON records to `norm_rows` and `rejects`.
 *
 * Inputs: `zd_tickets`, `zd_audits`, `zd_ticket_events`, `zd_metrics` (each `_row, _line,
 * j JSON`; any may be empty) and `zd_sideloaded_groups` (g JSON). Audits and incremental ticket events both flatten
 * to `zd_changes`: one row per child event, with the via of the event or else of its
 * audit. A group_id Create or Change is an assignment; a status change a status (solved
 * and closed: a resolution); a comment a comment (private: a note). Rules, automations and
 * user or group deletions are automated, as is Zendesk's system user (author -1).
 *
 * Group names come from a sideloaded "groups" list or a ticket's group_name; otherwise a
 * group reads 'group <id>'. A ticket with no group history here lands in its current
 * group only when its metrics say it never moved (group_stations <= 1) or are absent.
 * Zendesk writes instants in ISO 8601 with 'Z'; the detected format check still runs.
 */
import { timestampSql } from '#core/timestamps.ts';
import { createNormRowsSql, normSelect } from '../kit/norm-rows.ts';
import { AUTOMATED_REL, AUTOMATED_VIA } from './fields.ts';

const s = (path: string, rec = 'j') => `nullif(trim(json_extract_string(${rec}, '$.${path}')), '')`;
const viaChannel = (via: string) => `lower(CASE WHEN json_type(${via}) = 'OBJECT' THEN json_extract_string(${via}, '$.channel') ELSE json_extract_string(${via}, '$') END)`;

/** Group id -> name from sideloaded groups in any file and tickets that carry group_name. */
export function buildGroupNamesSql(): string {
  return `CREATE OR REPLACE TEMP TABLE zd_group_names AS
SELECT id, min(name) AS name FROM (
  SELECT json_extract_string(g, '$.id') AS id, json_extract_string(g, '$.name') AS name
  FROM zd_sideloaded_groups
  UNION ALL
  SELECT ${s('group_id')}, ${s('group_name')} FROM zd_tickets
) WHERE id IS NOT NULL AND name IS NOT NULL GROUP BY id`;
}

/** Audits and incremental ticket events, one row per child event. */
export function buildChangesSql(format: string): string {
  const at = (col: string) => timestampSql(col, format, '$tz');
  return `CREATE OR REPLACE TEMP TABLE zd_changes AS
WITH audit_events AS (
  SELECT _row, _line, j, unnest(json_extract(j, '$.events[*]')) AS e, unnest(range(coalesce(json_array_length(j, '$.events'), 0)::BIGINT)) AS n
  FROM zd_audits
), child_events AS (
  SELECT _row, _line, j, unnest(json_extract(j, '$.child_events[*]')) AS e, unnest(range(coalesce(json_array_length(j, '$.child_events'), 0)::BIGINT)) AS n
  FROM zd_ticket_events
), flat AS (
  SELECT _row, _line, n, ${s('ticket_id')} AS ticket_id, ${s('created_at')} AS created_raw, NULL::VARCHAR AS epoch,
    ${s('id')} AS parent_id, ${s('author_id')} AS actor_id, coalesce(json_extract(e, '$.via'), json_extract(j, '$.via')) AS via,
    ${s('type', 'e')} AS type, ${s('field_name', 'e')} AS field_name, ${s('value', 'e')} AS value,
    ${s('previous_value', 'e')} AS previous_value, json_extract_string(e, '$.public') AS public
  FROM audit_events
  UNION ALL
  SELECT _row, _line, n, ${s('ticket_id')}, ${s('created_at')}, ${s('timestamp')}, ${s('id')}, ${s('updater_id')},
    coalesce(json_extract(e, '$.via'), json_extract(j, '$.via')),
    coalesce(${s('event_type', 'e')}, ${s('type', 'e')}),
    coalesce(${s('field_name', 'e')}, CASE WHEN json_exists(e, '$.group_id') THEN 'group_id' WHEN json_exists(e, '$.status') THEN 'status' WHEN json_exists(e, '$.assignee_id') THEN 'assignee_id' END),
    coalesce(${s('value', 'e')}, ${s('group_id', 'e')}, ${s('status', 'e')}, ${s('assignee_id', 'e')}),
    ${s('previous_value', 'e')}, json_extract_string(e, '$.public')
  FROM child_events
)
SELECT *, coalesce(created_at, to_timestamp(try_cast(epoch AS BIGINT))) AS changed_at,
  (${viaChannel('via')} IN (SELECT unnest($automated_via::VARCHAR[]))
    OR lower(json_extract_string(via, '$.source.rel')) IN (SELECT unnest($automated_rel::VARCHAR[]))
    OR actor_id = '-1') AS automated
FROM (SELECT *, ${at('created_raw')} AS created_at FROM flat)`;
}

/**
 * The date check's count (kit read-export.ts's DateFormatCheck) over zd_changes: created_at
 * values the format did not parse (a reject, or a ticket event whose timestamp stood in),
 * and audits or ticket events with no child event (each other record's first is n = 0),
 * whose created_at no statement parsed.
 */
export const CHANGE_DATES_SQL = `SELECT count(*) FILTER (WHERE created_raw IS NOT NULL AND created_at IS NULL)::INTEGER AS failed,
  ((SELECT count(*) FROM zd_audits) + (SELECT count(*) FROM zd_ticket_events) - count(*) FILTER (WHERE n = 0))::INTEGER AS unseen
FROM zd_changes`;

/** Each record's created_at as the builders read it (trimmed, '' missing): the values the date format is decided on. */
export const CREATED_AT_SQL = s('created_at');

export const CHANGE_PARAMS = { automated_via: AUTOMATED_VIA, automated_rel: AUTOMATED_REL };

export function buildNormRowsSql(format: string): string {
  const at = (col: string) => timestampSql(col, format, '$tz');
  const groupName = (id: string, alias: string) => `coalesce(${alias}.name, 'group ' || ${id})`;
  const ctes = `
tk AS (
  SELECT _row, ${s('id')} AS ticket_id, ${s('created_at')} AS created_raw, ${s('status')} AS status, ${s('type')} AS type,
    ${s('subject')} AS subject, ${s('description')} AS description, ${viaChannel("json_extract(j, '$.via')")} AS channel,
    ${s('requester_id')} AS requester_id, ${s('group_id')} AS group_id,
    coalesce(json_extract_string(j, '$.is_public') = 'false', false) AS private_ticket
  FROM zd_tickets
),
metrics AS (
  SELECT ${s('ticket_id')} AS ticket_id, max(try_cast(${s('group_stations')} AS INTEGER)) AS group_stations,
    max(${at(`solved_raw`)}) AS solved_at
  FROM (SELECT *, ${s('solved_at')} AS solved_raw FROM zd_metrics) GROUP BY 1
),
moved AS (SELECT DISTINCT ticket_id FROM zd_changes WHERE field_name = 'group_id'),
ch AS (
  SELECT c.*, ${groupName('c.value', 'gn')} AS group_after, ${groupName('c.previous_value', 'gp')} AS group_before
  FROM zd_changes c LEFT JOIN zd_group_names gn ON gn.id = c.value LEFT JOIN zd_group_names gp ON gp.id = c.previous_value
)`;
  const attributes = `${normSelect({
    _row: 'tk._row', ticket_id: 'tk.ticket_id', created_at: at('created_raw'), resolved_at: 'm.solved_at',
    status: 'tk.status', category: 'tk.type', channel: 'tk.channel', subject: 'tk.subject', description: 'tk.description',
    requester: `'user ' || tk.requester_id`, sensitive: 'false',
  })} FROM tk LEFT JOIN metrics m USING (ticket_id)`;
  const landings = `${normSelect({
    _row: 'tk._row', ticket_id: 'tk.ticket_id', event_at: at('created_raw'), event_order: '-1', event_kind: `'assignment'`,
    group_after: groupName('tk.group_id', 'gn'), automated: 'false',
  })} FROM tk LEFT JOIN metrics m USING (ticket_id) LEFT JOIN zd_group_names gn ON gn.id = tk.group_id
WHERE tk.group_id IS NOT NULL AND tk.ticket_id NOT IN (SELECT ticket_id FROM moved) AND coalesce(m.group_stations, 1) <= 1`;
  const changes = `${normSelect({
    _row: '_row', ticket_id: 'ticket_id', event_at: 'changed_at', event_order: `parent_id || lpad(n::VARCHAR, 4, '0')`,
    event_kind: `CASE WHEN field_name = 'group_id' THEN 'assignment'
      WHEN field_name = 'status' THEN CASE WHEN lower(value) IN ('solved', 'closed') THEN 'resolution' ELSE 'status' END
      WHEN type IN ('Comment', 'VoiceComment') THEN CASE WHEN public = 'false' THEN 'note' ELSE 'comment' END END`,
    group_before: `CASE WHEN field_name = 'group_id' AND previous_value IS NOT NULL THEN group_before END`,
    group_after: `CASE WHEN field_name = 'group_id' THEN group_after END`,
    actor: `'user ' || actor_id`, automated: 'automated',
    event_detail: `CASE WHEN field_name = 'status' THEN value END`,
  })} FROM ch
WHERE changed_at IS NOT NULL AND ticket_id IS NOT NULL
  AND ((field_name = 'group_id' AND value IS NOT NULL) OR (field_name = 'status' AND type = 'Change') OR type IN ('Comment', 'VoiceComment'))`;
  return createNormRowsSql([attributes, landings, changes], ctes);
}

/** Records without a ticket id or with an unreadable instant. Bound: $tz, $format, $*_file. */
export function buildRejectsSql(format: string): string {
  const bad = (file: string, table: string, what: string) =>
    `SELECT _row, '${what}', ${s(what)}, ${file} || ' record ' || (_line + 1) || ': not a date and time in the format ' || $format || ': correct it, or set dateFormat' FROM ${table} WHERE ${s(what)} IS NOT NULL AND ${timestampSql(`v`, format, '$tz').replaceAll('"v"', s(what))} IS NULL`;
  return `INSERT INTO rejects
SELECT _row, 'id', NULL, $tickets_file || ' record ' || (_line + 1) || ': the ticket has no id: export it again' FROM zd_tickets WHERE ${s('id')} IS NULL
UNION ALL ${bad('$tickets_file', 'zd_tickets', 'created_at')}
UNION ALL SELECT _row, 'created_at', created_raw, 'record ' || (_line + 1) || ': the change has no readable created_at or timestamp' FROM zd_changes WHERE changed_at IS NULL`;
}
