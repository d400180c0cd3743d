/**
 * Pure SQL builders from ServiceNow's staged tables to `norm_rows` and `rejects`.
 *
 * Inputs (all text, '' and '?' already NULL): `sn_incident` (an incident list, or an
 * update log with one row per update) and `sn_audit` (a sys_audit export). Either may be
 * empty. Every value is a bound parameter ($tz); columns are the documented field names.
 *
 * Group paths, in order of authority:
 * - sys_audit rows with fieldname = assignment_group are the history. The documented
 *   documentkey is the incident's sys_id, not its number, so it is resolved through the
 *   incident list's sys_id column when one is staged with it; a documentkey that is
 *   already a number (some exports write display values) is taken as is. Reference values
 *   (old/new group) that are sys_ids are named by matching each incident's last audited
 *   group with the list's current group; any still unknown read 'group <sys_id>'.
 *   The instance may not audit inserts, so when a ticket's first audited change has an
 *   old value, that group is where it landed, at the incident's opened_at.
 * - Otherwise an update log's rows, ordered by sys_mod_count then sys_updated_on, give an
 *   assignment wherever assignment_group differs from the previous update's.
 * - Otherwise an incident list row's group is its first landing only when
 *   reassignment_count is 0 (or absent): a reassigned incident without history gets no
 *   path rather than a wrong one, and its count is its hops (buildIncidentPathsSql).
 * Updates by the 'system' or 'guest' user are automated (the documented users of
 * automated processes).
 */
import { stagingTable } from '#core/db/staging-tables.ts';
import { timestampSql } from '#core/timestamps.ts';
import { createNormRowsSql, normSelect } from '../kit/norm-rows.ts';
import { buildTicketPathsSql } from '../kit/ticket-paths.ts';
import { INCIDENT_DATE_FIELDS } from './fields.ts';

const SYS_ID = `'^[0-9a-f]{32}$'`;

/** The audit's incident rows, stored in the database file (as large as the audit), read through the view sn_audit_rows. */
export const AUDIT_ROWS = stagingTable('sn_audit_rows');

/** Display label of a state, from a label or a raw incident state value. */
export function stateLabelSql(expr: string): string {
  return `CASE ${expr} WHEN '1' THEN 'New' WHEN '2' THEN 'In Progress' WHEN '3' THEN 'On Hold' WHEN '6' THEN 'Resolved' WHEN '7' THEN 'Closed' WHEN '8' THEN 'Canceled' ELSE ${expr} END`;
}

function kindOfState(label: string): string {
  return `CASE WHEN lower(${label}) IN ('resolved', 'closed') THEN 'resolution' ELSE 'status' END`;
}

const automatedUser = (expr: string) => `coalesce(lower(${expr}) IN ('system', 'guest'), false)`;

/** sn_audit -> sn_audit_rows: incident rows only, ticket ids resolved, instants parsed. */
export function buildAuditRowsSql(auditFormat: string): string {
  return `CREATE OR REPLACE TABLE ${AUDIT_ROWS} AS
SELECT a._row, a._line, coalesce(k.number, a.documentkey) AS ticket_id, lower(a.fieldname) AS field,
  a.oldvalue, a.newvalue, a."user" AS actor, a.sys_created_on, try_cast(a.record_checkpoint AS BIGINT) AS checkpoint,
  ${timestampSql('sys_created_on', auditFormat, '$tz')} AS changed_at
FROM sn_audit a
LEFT JOIN (SELECT DISTINCT sys_id, number FROM sn_incident WHERE sys_id IS NOT NULL AND number IS NOT NULL) k
  ON k.sys_id = a.documentkey
WHERE ${AUDIT_ROW_FILTER}`;
}

/** The sys_audit rows an import reads (sn_audit a): incident rows of the fields it follows, with a documentkey. */
const AUDIT_ROW_FILTER = `coalesce(lower(a.tablename), 'incident') = 'incident'
  AND lower(a.fieldname) IN ('assignment_group', 'state', 'incident_state', 'work_notes', 'comments')
  AND a.documentkey IS NOT NULL`;

/**
 * The date check's steps over the audit (kit read-export.ts's DateFormatCheck): every row
 * the import reads is in sn_audit_rows, where a date that does not parse is a reject
 * (buildRejectsSql); the rows it does not read (other tables and fields) are counted, and
 * only when there are some, their sys_created_on that `auditFormat` does not parse. Bound: $tz.
 */
export function auditDatesElsewhereSql(auditFormat: string): string[] {
  return [
    `SELECT 0 AS failed, ((SELECT count(*) FROM sn_audit) - (SELECT count(*) FROM ${AUDIT_ROWS}))::INTEGER AS unseen`,
    `SELECT count(*) FILTER (WHERE sys_created_on IS NOT NULL AND NOT coalesce(${AUDIT_ROW_FILTER}, false)
  AND ${timestampSql('sys_created_on', auditFormat, '$tz')} IS NULL)::INTEGER AS failed, 0 AS unseen FROM sn_audit a`,
  ];
}

/** Group sys_id -> name, learnt from incidents whose last audited group is their current group. */
export function buildGroupNamesSql(): string {
  return `CREATE OR REPLACE TEMP TABLE sn_group_names AS
WITH last_change AS (
  SELECT ticket_id, arg_max(newvalue, (epoch_us(changed_at), coalesce(checkpoint, 0), _line)) AS value
  FROM sn_audit_rows WHERE field = 'assignment_group' AND changed_at IS NOT NULL GROUP BY ticket_id
), current AS (
  SELECT number, arg_max(assignment_group, _line) AS name FROM sn_incident WHERE number IS NOT NULL GROUP BY number
)
SELECT value, mode(name) AS name
FROM last_change JOIN current ON current.number = last_change.ticket_id
WHERE regexp_matches(value, ${SYS_ID}) AND name IS NOT NULL AND NOT regexp_matches(name, ${SYS_ID})
GROUP BY value`;
}

function groupName(expr: string, alias: string): string {
  return `coalesce(${alias}.name, CASE WHEN regexp_matches(${expr}, ${SYS_ID}) THEN 'group ' || ${expr} ELSE ${expr} END)`;
}

export function buildNormRowsSql(incidentFormat: string): string {
  const ts = (c: string) => timestampSql(c, incidentFormat, '$tz');
  const ctes = `
inc AS (
  SELECT *, ${ts('opened_at')} AS p_opened, ${ts('resolved_at')} AS p_resolved, ${ts('closed_at')} AS p_closed,
    ${ts('sys_updated_on')} AS p_updated, try_cast(sys_mod_count AS BIGINT) AS mod_n,
    number IN (SELECT ticket_id FROM sn_audit_rows WHERE field = 'assignment_group') AS audited
  FROM sn_incident WHERE number IS NOT NULL
),
ordered AS (
  SELECT *, lag(assignment_group) OVER w AS prev_group, lag(state) OVER w AS prev_state,
    row_number() OVER w AS k, count(*) OVER (PARTITION BY number) AS n_rows
  FROM inc WINDOW w AS (PARTITION BY number ORDER BY mod_n NULLS LAST, p_updated NULLS LAST, _line)
),
opened AS (SELECT number, min(p_opened) AS p_opened FROM inc GROUP BY number),
audit AS (
  SELECT r.*, ${stateLabelSql('r.newvalue')} AS state_label,
    ${groupName('r.oldvalue', 'go')} AS old_group, ${groupName('r.newvalue', 'gn')} AS new_group,
    row_number() OVER (PARTITION BY r.ticket_id, r.field = 'assignment_group' ORDER BY r.changed_at, r.checkpoint NULLS LAST, r._line) AS k
  FROM sn_audit_rows r
  LEFT JOIN sn_group_names go ON go.value = r.oldvalue
  LEFT JOIN sn_group_names gn ON gn.value = r.newvalue
)`;
  const attributes = `${normSelect({
    _row: '_row', ticket_id: 'number', created_at: 'p_opened', resolved_at: 'p_resolved', closed_at: 'p_closed',
    status: stateLabelSql('state'), category: 'category', subcategory: 'subcategory', channel: 'contact_type',
    location: 'location', subject: 'short_description', description: 'description', requester: 'caller_id',
    resolution_code: 'close_code', resolution_text: 'close_notes', sensitive: 'false',
  })} FROM inc`;
  const updateAt = `CASE WHEN n_rows > 1 THEN coalesce(p_updated, p_opened) ELSE coalesce(p_opened, p_updated) END`;
  const listAssignments = `${normSelect({
    _row: '_row', ticket_id: 'number', event_at: updateAt, event_order: 'coalesce(mod_n, 0) * 2',
    event_kind: `'assignment'`, group_before: 'prev_group', group_after: 'assignment_group',
    actor: 'CASE WHEN k > 1 THEN sys_updated_by END', automated: `k > 1 AND ${automatedUser('sys_updated_by')}`,
  })} FROM ordered
WHERE NOT audited AND assignment_group IS NOT NULL AND (
  (k > 1 AND assignment_group IS DISTINCT FROM prev_group)
  OR (k = 1 AND (n_rows > 1 OR coalesce(try_cast(reassignment_count AS INTEGER), 0) = 0)))`;
  const updateStatuses = `${normSelect({
    _row: '_row', ticket_id: 'number', event_at: 'coalesce(p_updated, p_opened)', event_order: 'coalesce(mod_n, 0) * 2 + 1',
    event_kind: kindOfState(stateLabelSql('state')), actor: 'sys_updated_by', automated: automatedUser('sys_updated_by'),
    event_detail: stateLabelSql('state'),
  })} FROM ordered WHERE k > 1 AND state IS NOT NULL AND state IS DISTINCT FROM prev_state`;
  const auditEvents = `${normSelect({
    _row: '_row', ticket_id: 'ticket_id', event_at: 'changed_at', event_order: 'checkpoint',
    event_kind: `CASE field WHEN 'assignment_group' THEN 'assignment' WHEN 'work_notes' THEN 'note' WHEN 'comments' THEN 'comment' ELSE ${kindOfState('state_label')} END`,
    group_before: `CASE WHEN field = 'assignment_group' THEN old_group END`,
    group_after: `CASE WHEN field = 'assignment_group' THEN new_group END`,
    actor: 'actor', automated: automatedUser('actor'),
    event_detail: `CASE WHEN field IN ('state', 'incident_state') THEN state_label END`,
  })} FROM audit WHERE changed_at IS NOT NULL`;
  // The group the incident was opened in, when the instance did not audit the insert.
  const auditLandings = `${normSelect({
    _row: 'audit._row', ticket_id: 'audit.ticket_id', event_at: 'least(coalesce(opened.p_opened, audit.changed_at), audit.changed_at)',
    event_order: '-1', event_kind: `'assignment'`, group_after: 'old_group', automated: 'false',
  })} FROM audit LEFT JOIN opened ON opened.number = audit.ticket_id
WHERE audit.field = 'assignment_group' AND audit.k = 1 AND audit.old_group IS NOT NULL AND audit.changed_at IS NOT NULL`;
  return createNormRowsSql([attributes, listAssignments, updateStatuses, auditEvents, auditLandings], ctes);
}

/**
 * Unreadable rows: no ticket key, or an instant that does not fit its file's format. The
 * reason names the file and its spreadsheet row, since an import may hold two files.
 * Bound: $incident_file, $audit_file, $incident_format, $audit_format, $tz.
 */
export function buildRejectsSql(incidentFormat: string): string {
  const badDate = (file: string, format: string) =>
    `${file} || ' row ' || (_line + 2) || ': not a date and time in the format ' || ${format} || ': correct it, or set dateFormat'`;
  const parts = [
    `SELECT _row, 'number', NULL, $incident_file || ' row ' || (_line + 2) || ': the incident number is empty: fill it in or delete the row' FROM sn_incident WHERE number IS NULL`,
    ...INCIDENT_DATE_FIELDS.map(
      (f) =>
        `SELECT _row, '${f}', ${f}, ${badDate('$incident_file', '$incident_format')} FROM sn_incident WHERE ${f} IS NOT NULL AND ${timestampSql(f, incidentFormat, '$tz')} IS NULL`,
    ),
    `SELECT _row, 'documentkey', NULL, $audit_file || ' row ' || (_line + 2) || ': the documentkey is empty: export sys_audit with its documentkey column' FROM sn_audit WHERE documentkey IS NULL AND lower(fieldname) = 'assignment_group'`,
    `SELECT _row, 'sys_created_on', sys_created_on, ${badDate('$audit_file', '$audit_format')} FROM sn_audit_rows WHERE changed_at IS NULL`,
  ];
  return `INSERT INTO rejects ${parts.join('\nUNION ALL\n')}`;
}

/** The temp table of each incident's path: known or not, and the count's hops where not. */
export const INCIDENT_PATHS = 'sn_ticket_paths';

/**
 * Whether the import gives each incident's path: yes where it has history (audited group
 * changes, several update-log rows) or its reassignment_count says it never moved (0, or
 * no count); otherwise (a reassigned incident in a plain list) no, and its
 * reassignment_count, which counts assignment-group changes, is its hops
 * (kit/ticket-paths.ts, as the generic connector's count shape).
 */
export function buildIncidentPathsSql(): string {
  const from = `(SELECT r.ticket_id, i.n_rows, i.reassignments, a.ticket_id IS NOT NULL AS audited
  FROM (SELECT DISTINCT ticket_id FROM norm_rows WHERE ticket_id IS NOT NULL) r
  LEFT JOIN (SELECT number, count(*) AS n_rows, max(try_cast(reassignment_count AS INTEGER)) AS reassignments
    FROM sn_incident WHERE number IS NOT NULL GROUP BY number) i ON i.number = r.ticket_id
  LEFT JOIN (SELECT DISTINCT ticket_id FROM sn_audit_rows WHERE field = 'assignment_group') a ON a.ticket_id = r.ticket_id)`;
  return buildTicketPathsSql(INCIDENT_PATHS, {
    from, ticketId: 'ticket_id', count: 'reassignments', countIs: 'reassignments',
    pathKnown: 'bool_or(audited OR coalesce(n_rows, 0) > 1 OR coalesce(reassignments, 0) = 0)',
  });
}
