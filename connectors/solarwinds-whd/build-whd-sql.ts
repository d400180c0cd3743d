/**
 * Pure SQL builders from Web Help Desk's staged tickets (`whd_tickets`: text columns from
 * fields.ts, plus `j`, the JSON record or NULL for CSV) to `norm_rows` and `rejects`.
 * Bound: $tz, $file, $format.
 *
 * A ticket lands in its current tech group at its report date (the export holds no group
 * history). Notes of the detailed JSON are events: hidden notes are notes, the others
 * comments; the tech's name is read from prettyUpdatedString ('... by <name>').
 * Closed and resolved statuses take the close date as both resolved and closed.
 */
import { timestampSql } from '#core/timestamps.ts';
import { createNormRowsSql, normSelect } from '../kit/norm-rows.ts';

export function buildNormRowsSql(format: string): string {
  const ts = (c: string) => timestampSql(c, format, '$tz');
  const noteAt = timestampSql('v', format, '$tz').replaceAll('"v"', `coalesce(json_extract_string(note, '$.date'), json_extract_string(note, '$.noteDate'))`);
  const ctes = `
tk AS (SELECT *, ${ts('reported')} AS p_reported, ${ts('closed')} AS p_closed FROM whd_tickets WHERE id IS NOT NULL),
notes AS (
  SELECT _row, id, unnest(json_extract(j, '$.notes[*]')) AS note, unnest(range(coalesce(json_array_length(j, '$.notes'), 0)::BIGINT)) AS n
  FROM tk WHERE j IS NOT NULL
)`;
  const attributes = `${normSelect({
    _row: '_row', ticket_id: 'id', created_at: 'p_reported', resolved_at: 'p_closed', closed_at: 'p_closed', status: 'status',
    category: `nullif(trim(split_part(request_type, '/', 1)), '')`,
    subcategory: `nullif(trim(substr(request_type, length(split_part(request_type, '/', 1)) + 2)), '')`,
    location: 'location', subject: 'subject', description: 'detail', requester: 'client', sensitive: 'false',
  })} FROM tk`;
  const landings = `${normSelect({
    _row: '_row', ticket_id: 'id', event_at: 'p_reported', event_order: '-1', event_kind: `'assignment'`, group_after: 'tech_group',
    automated: 'false',
  })} FROM tk WHERE tech_group IS NOT NULL AND p_reported IS NOT NULL`;
  const noteRows = `${normSelect({
    _row: '_row', ticket_id: 'id', event_at: noteAt, event_order: 'n',
    event_kind: `CASE WHEN json_extract_string(note, '$.isHidden') = 'true' THEN 'note' ELSE 'comment' END`,
    actor: `nullif(trim(regexp_extract(json_extract_string(note, '$.prettyUpdatedString'), '(?i)by(?:</strong>)?\\s+(.+)$', 1)), '')`,
    automated: 'false',
  })} FROM notes WHERE ${noteAt} IS NOT NULL`;
  return createNormRowsSql([attributes, landings, noteRows], ctes);
}

export function buildRejectsSql(format: string, fields: readonly string[]): string {
  return `INSERT INTO rejects
SELECT _row, 'id', NULL, $file || ' row ' || (_line + 2) || ': the ticket number is empty: fill it in or delete the row' FROM whd_tickets WHERE id IS NULL
${fields.map((f) => `UNION ALL SELECT _row, '${f}', ${f}, $file || ' row ' || (_line + 2) || ': not a date and time in the format ' || $format || ': correct it, or set dateFormat' FROM whd_tickets WHERE ${f} IS NOT NULL AND ${timestampSql(f, format, '$tz')} IS NULL`).join('\n')}`;
}
