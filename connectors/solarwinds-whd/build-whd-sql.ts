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

/**
 * whd_tickets -> whd_notes: the detailed JSON's notes, one row each (every ticket's, read
 * once): `date_raw` the note's date as the date format was decided on, `note_at` its instant
 * (date, else noteDate), NULL where it does not parse. Bound: $tz.
 */
export function buildNotesSql(format: string): string {
  const noteAt = timestampSql('v', format, '$tz').replaceAll('"v"', `coalesce(json_extract_string(note, '$.date'), json_extract_string(note, '$.noteDate'))`);
  return `CREATE OR REPLACE TEMP TABLE whd_notes AS
SELECT _row, id, n, json_extract_string(note, '$.date') AS date_raw, ${noteAt} AS note_at,
  json_extract_string(note, '$.isHidden') = 'true' AS hidden,
  nullif(trim(regexp_extract(json_extract_string(note, '$.prettyUpdatedString'), '(?i)by(?:</strong>)?\\s+(.+)$', 1)), '') AS actor
FROM (
  SELECT _row, id, unnest(json_extract(j, '$.notes[*]')) AS note, unnest(range(coalesce(json_array_length(j, '$.notes'), 0)::BIGINT)) AS n
  FROM whd_tickets WHERE j IS NOT NULL
)`;
}

/** The date check's count (kit read-export.ts's DateFormatCheck) of note dates the format did not parse: a note is no reject, it is left out. */
export const NOTE_DATES_SQL = `SELECT count(*) FILTER (WHERE date_raw IS NOT NULL AND note_at IS NULL)::INTEGER AS failed, 0 AS unseen FROM whd_notes`;

export function buildNormRowsSql(format: string): string {
  const ts = (c: string) => timestampSql(c, format, '$tz');
  const ctes = `
tk AS (SELECT *, ${ts('reported')} AS p_reported, ${ts('closed')} AS p_closed FROM whd_tickets WHERE id IS NOT NULL)`;
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
    _row: '_row', ticket_id: 'id', event_at: 'note_at', event_order: 'n',
    event_kind: `CASE WHEN hidden THEN 'note' ELSE 'comment' END`,
    actor: 'actor', automated: 'false',
  })} FROM whd_notes WHERE id IS NOT NULL AND note_at IS NOT NULL`;
  return createNormRowsSql([attributes, landings, noteRows], ctes);
}

export function buildRejectsSql(format: string, fields: readonly string[]): string {
  return `INSERT INTO rejects
SELECT _row, 'id', NULL, $file || ' row ' || (_line + 2) || ': the ticket number is empty: fill it in or delete the row' FROM whd_tickets WHERE id IS NULL
${fields.map((f) => `UNION ALL SELECT _row, '${f}', ${f}, $file || ' row ' || (_line + 2) || ': not a date and time in the format ' || $format || ': correct it, or set dateFormat' FROM whd_tickets WHERE ${f} IS NOT NULL AND ${timestampSql(f, format, '$tz')} IS NULL`).join('\n')}`;
}
