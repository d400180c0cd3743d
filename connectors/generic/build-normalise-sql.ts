/**
 * Pure SQL builders that turn the raw staging table of a generic event log (every column
 * text, one row per ticket or per event) into the normalised rows every connector hands
 * to the ingest (see ingest/normalised-rows.ts).
 *
 * Two steps, both set-based: `clean` reads the file keeping only mapped columns, renamed
 * to field names, with missing markers ('', '?') made NULL; `norm_rows` parses instants
 * and classifies activities. Column names come from the file, so they go through quoteIdent; every value
 * (zone, missing markers, activity lists) is a bound parameter.
 */
import { EVENT_KINDS } from '../../ingest/model.ts';
import { fileOrderViewSql } from '../../ingest/sql/file-order.ts';
import { quoteIdent } from '../../ingest/sql/quote.ts';
import { STAGED_FILE_TABLE, STAGED_ROWS_TABLE } from '../../ingest/staging-tables.ts';
import { timestampSql } from '../../ingest/timestamps.ts';
import type { GenericField } from './field-names.ts';
import { TIMESTAMP_FIELDS } from './field-names.ts';
import type { GenericMapping } from './mapping.ts';

export interface BuiltSql {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * `clean` straight from the file: `source` is the FROM item (DuckDB's read_csv of the
 * export, every column text), numbered in file order. Only mapped columns are kept, so the
 * export's other columns are never copied; trimming and missing markers happen in the
 * same pass, instead of a text-only staging table rewritten into a second one.
 *
 * With `numberRows`, the rows go into a staging table of the database file (compressed,
 * see ingest/staging-tables.ts) and `numberSql` makes `clean` a view numbering them in
 * file order from their rowids (ingest/sql/file-order.ts): a window over the whole file
 * took half of the read's time.
 */
export function buildCleanSql(
  mapping: GenericMapping,
  source = 'staging',
  options: { numberRows?: boolean; limit?: boolean } = {},
): BuiltSql & { numberSql?: string } {
  const cols = Object.entries(mapping.fields).map(([field, column]) => {
    const trimmed = `trim(${quoteIdent(column!)})`;
    return `CASE WHEN list_contains($missing, ${trimmed}) THEN NULL ELSE ${trimmed} END AS ${quoteIdent(field)}`;
  });
  const from = `FROM ${source}${options.limit ? ' LIMIT $limit' : ''}`;
  const params = { missing: ['', ...(mapping.missingValues ?? ['?'])] };
  if (options.numberRows) {
    // Field names are never 'rowid', so the pseudo-column is not hidden.
    return {
      sql: `CREATE OR REPLACE TABLE ${STAGED_FILE_TABLE} AS SELECT ${cols.join(', ')} ${from}`,
      params,
      numberSql: fileOrderViewSql('clean', STAGED_FILE_TABLE, '_row'),
    };
  }
  return { sql: `CREATE OR REPLACE TEMP TABLE clean AS SELECT _row, ${cols.join(', ')} ${from}`, params };
}

/** Default rules for free-text activity names ('Reassignment', 'Operator Update', ...). */
const KIND_RULES: [string, string[]][] = [
  ['assignment', ['%assign%', '%escalat%', '%transfer%', '%route%']],
  ['resolution', ['%resol%', '%close%', '%solved%']],
  ['status', ['%status%', '%open%', '%pending%', '%wait%']],
  ['comment', ['%comment%', '%customer%', '%reply%', '%email%', '%call%']],
];

/**
 * `norm_rows` from `clean`: `sql` fills a staging table of the database file
 * (ingest/staging-tables.ts) and `viewSql` names it `norm_rows` for the ingest.
 */
export function buildNormaliseSql(mapping: GenericMapping, dateFormat: string): BuiltSql & { viewSql: string } {
  const has = (f: GenericField) => mapping.fields[f] !== undefined;
  const col = (f: GenericField) => (has(f) ? quoteIdent(f) : 'NULL::VARCHAR');
  const ts = (f: GenericField) => (has(f) ? timestampSql(f, dateFormat, '$tz') : 'NULL::TIMESTAMPTZ');
  const params: Record<string, unknown> = { tz: mapping.timeZone };

  // DuckDB refuses bound parameters the statement does not use, so the activity lists
  // are bound only when there is an activity column to compare them with.
  const explicit = EVENT_KINDS.map((kind) => {
    if (!has('event_kind')) return '';
    params[`kinds_${kind}`] = Object.entries(mapping.activityKinds ?? {})
      .filter(([, k]) => k === kind)
      .map(([activity]) => activity);
    return `WHEN list_contains($kinds_${kind}, event_kind) THEN '${kind}'`;
  });
  const rules = KIND_RULES.map(
    ([kind, patterns]) => `WHEN ${patterns.map((p) => `lower(event_kind) LIKE '${p}'`).join(' OR ')} THEN '${kind}'`,
  );
  const groupCol = has('group') ? quoteIdent('group') : 'NULL::VARCHAR';
  // Without an activity column, a row that names a group records an assignment to it.
  const kind = has('event_kind')
    ? `CASE WHEN event_kind IS NULL THEN NULL ${explicit.join(' ')} WHEN lower(event_kind) IN ('assignment','status','comment','note','resolution') THEN lower(event_kind) ${rules.join(' ')} ELSE 'note' END`
    : `CASE WHEN coalesce(${col('group_after')}, ${groupCol}) IS NOT NULL THEN 'assignment' END`;
  params.automated_activities = mapping.automatedActivities ?? [];
  const truthy = (f: GenericField) => (has(f) ? `lower(${quoteIdent(f)}) IN ('true','yes','y','1','t')` : 'false');

  const sql = `
CREATE OR REPLACE TABLE ${STAGED_ROWS_TABLE} AS
WITH parsed AS (
  SELECT *,
    ${ts('created_at')} AS p_created_at,
    ${ts('resolved_at')} AS p_resolved_at,
    ${ts('closed_at')} AS p_closed_at,
    ${ts('event_at')} AS p_event_at,
    ${kind} AS p_kind
  FROM clean
)
SELECT
  _row,
  ${col('ticket_id')} AS ticket_id,
  p_created_at AS created_at, p_resolved_at AS resolved_at, p_closed_at AS closed_at,
  ${col('status')} AS status, ${col('category')} AS category, ${col('subcategory')} AS subcategory,
  ${col('channel')} AS channel, ${col('location')} AS location, ${col('subject')} AS subject,
  ${col('description')} AS description, ${col('requester')} AS requester,
  ${col('resolution_code')} AS resolution_code, ${col('resolution_text')} AS resolution_text,
  ${col('knowledge_article')} AS knowledge_article, ${truthy('sensitive')} AS sensitive,
  ${has('event_at') ? 'p_event_at' : 'CASE WHEN p_kind IS NOT NULL THEN p_created_at END'} AS event_at,
  ${col('event_seq')} AS event_order,
  p_kind AS event_kind,
  ${col('group_before')} AS group_before,
  ${has('group_after') ? col('group_after') : `CASE WHEN p_kind = 'assignment' THEN ${groupCol} END`} AS group_after,
  ${col('actor')} AS actor,
  ${has('actor_group') ? col('actor_group') : `CASE WHEN p_kind <> 'assignment' THEN ${groupCol} END`} AS actor_group,
  (${truthy('automated')} OR list_contains($automated_activities, ${has('event_kind') ? 'event_kind' : 'NULL::VARCHAR'})) AS automated,
  ${col('event_detail')} AS event_detail
FROM parsed`;
  return { sql, params, viewSql: `CREATE OR REPLACE TEMP VIEW norm_rows AS SELECT * FROM ${STAGED_ROWS_TABLE}` };
}

/**
 * Rows that cannot be imported, each with the row number a spreadsheet shows (the header
 * is row 1), the column as the file names it, the value, and what to do about it.
 */
export function buildRejectsSql(mapping: GenericMapping, dateFormat: string): BuiltSql {
  const parts: string[] = [];
  const idCol = mapping.fields.ticket_id!;
  parts.push(
    `SELECT _row, '${idCol.replaceAll("'", "''")}' AS column_name, NULL::VARCHAR AS value, 'the ticket id is empty: fill it in or delete the row' AS reason FROM clean WHERE ticket_id IS NULL`,
  );
  for (const f of TIMESTAMP_FIELDS) {
    const column = mapping.fields[f];
    if (!column) continue;
    parts.push(
      `SELECT _row, '${column.replaceAll("'", "''")}' AS column_name, ${quoteIdent(f)} AS value, 'not a date and time in the format ' || $format_label || ': correct the value, or set dateFormat in the mapping' AS reason FROM clean WHERE ${quoteIdent(f)} IS NOT NULL AND ${timestampSql(f, dateFormat, '$tz')} IS NULL`,
    );
  }
  return {
    sql: `INSERT INTO rejects ${parts.join(' UNION ALL ')}`,
    params: { tz: mapping.timeZone, format_label: dateFormat === 'iso' ? 'ISO 8601 (2024-08-19 14:05:00)' : dateFormat },
  };
}
