/**
 * Pure SQL builders that turn a generic event log (every column text, one row per ticket
 * or per event) into the normalised rows every connector hands to the ingest (see
 * ingest/normalised-rows.ts).
 *
 * One statement, set-based: DuckDB reads the file keeping only mapped columns, renamed to
 * field names, with missing markers ('', '?') made NULL (`cleanColumnsSql`), parses
 * instants and classifies activities, and writes the staging table in the same pass. A
 * value that does not parse keeps its text in a `raw_` column beside it, so its row can be
 * rejected with the value as written. Column names come from the file, so they go through
 * quoteIdent; every value (zone, missing markers, activity lists) is a bound parameter.
 */
import { EVENT_KINDS } from '#core/model.ts';
import { fileOrderSql, fileOrderViewSql } from '#core/sql/file-order.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import { STAGED_ROWS_TABLE } from '#core/db/staging-tables.ts';
import { timestampSql } from '#core/timestamps.ts';
import type { GenericField } from './field-names.ts';
import { TIMESTAMP_FIELDS } from './field-names.ts';
import type { GenericMapping } from './mapping.ts';
import { formatLabel, instantSql } from './value-kinds.ts';

export interface BuiltSql {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * The mapped columns of `source` (DuckDB's read_csv of the export, every column text),
 * trimmed, named by field, with missing markers made NULL; binds `$missing`. The export's
 * other columns are never copied.
 */
export function cleanColumnsSql(mapping: GenericMapping): BuiltSql {
  const cols = Object.entries(mapping.fields).map(([field, column]) => {
    const value = quoteIdent(column!);
    const trimmed = FREE_TEXT_FIELDS.has(field as GenericField)
      ? `CASE WHEN prefix(${value}, ' ') OR suffix(${value}, ' ') THEN trim(${value}) ELSE ${value} END`
      : `trim(${value})`;
    // A detected time column: exports write 0000-00-00, .NET's 0001-01-01 or the Unix epoch for "no date".
    const unset = mapping.shape && TIMESTAMP_FIELDS.includes(field as GenericField) ? ` OR regexp_matches(${trimmed}, '^(0000-00-00|0001-01-01|1970-01-01[T ]00:00:00)')` : '';
    return `CASE WHEN list_contains($missing, ${trimmed})${unset} THEN NULL ELSE ${trimmed} END AS ${quoteIdent(field)}`;
  });
  return { sql: cols.join(', '), params: { missing: ['', ...(mapping.missingValues ?? ['?'])] } };
}

/**
 * Free text is trimmed only where it starts or ends with a plain space: DuckDB's trim()
 * decodes every character of a value (it also takes Unicode spaces off the ends), and on
 * the long text columns that was about a third of the staging's CPU at a million tickets. Ids,
 * names, groups and dates, short and compared exactly, are always trimmed.
 */
const FREE_TEXT_FIELDS = new Set<GenericField>(['subject', 'description', 'resolution_text', 'event_detail']);

/** The column keeping a timestamp field's text where it does not parse. */
export const rawColumn = (field: GenericField) => `raw_${field}`;

/** Default rules for free-text activity names ('Reassignment', 'Operator Update', ...). */
const KIND_RULES: [string, string[]][] = [
  ['assignment', ['%assign%', '%escalat%', '%transfer%', '%route%']],
  ['resolution', ['%resol%', '%close%', '%solved%']],
  ['status', ['%status%', '%open%', '%pending%', '%wait%']],
  ['comment', ['%comment%', '%customer%', '%reply%', '%email%', '%call%']],
];

/**
 * The staged rows straight from the file: `sql` reads `source` (the read_csv call; with
 * `limit`, only its first `$limit` rows) into a staging table of the database file
 * (compressed, core/db/staging-tables.ts) in file order, and `viewSql` makes `norm_rows` a
 * view numbering them from their rowids (core/sql/file-order.ts): a window over the
 * whole file took half of the read's time.
 */
export function buildNormaliseSql(
  mapping: GenericMapping,
  dateFormat: string,
  source: string,
  options: { limit?: boolean } = {},
): BuiltSql & { viewSql: string[] } {
  const has = (f: GenericField) => mapping.fields[f] !== undefined;
  const col = (f: GenericField) => (has(f) ? quoteIdent(f) : 'NULL::VARCHAR');
  // A detected mapping knows each time column's own format; a mapping file has one for the file.
  const ts = (f: GenericField) => {
    if (!has(f)) return 'NULL::TIMESTAMPTZ';
    const own = mapping.dateFormats?.[f];
    return own ? instantSql(f, own, '$tz') : timestampSql(f, dateFormat, '$tz');
  };
  // A detected event log: a row naming another group than the ticket's previous row is an
  // assignment to it, whatever its activity says ('Open', 'created', 'Status changed' rows
  // carry the group the ticket is in). A mapping file keeps its own activity rules.
  const groupChanges = mapping.shape === 'events' && has('group') && !has('group_after');
  const clean = cleanColumnsSql(mapping);
  const params: Record<string, unknown> = { ...clean.params, tz: mapping.timeZone };
  const tsFields = TIMESTAMP_FIELDS.filter(has);

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
  // A changed-field log's rows with a new group (scoped to the group field) are assignments.
  const kindSql = mapping.changeLog && has('group_after') ? `CASE WHEN ${col('group_after')} IS NOT NULL THEN 'assignment' ELSE ${kind} END` : kind;
  params.automated_activities = mapping.automatedActivities ?? [];
  const truthy = (f: GenericField) => (has(f) ? `lower(${quoteIdent(f)}) IN ('true','yes','y','1','t')` : 'false');

  // Where a value does not parse, its text stays for the rejects; elsewhere NULL costs nothing.
  const raws = tsFields.map((f) => `CASE WHEN p_${f} IS NULL THEN ${quoteIdent(f)} END AS ${rawColumn(f)}`);
  const sql = `
CREATE OR REPLACE TABLE ${STAGED_ROWS_TABLE} AS
WITH clean AS (
  SELECT ${clean.sql}${groupChanges ? ', row_number() OVER () AS __n' : ''} FROM ${source}${options.limit ? ' LIMIT $limit' : ''}
),
parsed AS (
  ${groupChanges ? 'SELECT * REPLACE (CASE WHEN "group" IS NOT NULL AND "group" IS DISTINCT FROM __prev_group THEN \'assignment\' ELSE p_kind END AS p_kind) FROM (' : ''}SELECT *,
    ${ts('created_at')} AS p_created_at,
    ${ts('resolved_at')} AS p_resolved_at,
    ${ts('closed_at')} AS p_closed_at,
    ${ts('event_at')} AS p_event_at,
    ${kindSql} AS p_kind${groupChanges ? `,
    last_value("group" IGNORE NULLS) OVER (PARTITION BY ticket_id ORDER BY ${ts('event_at')}, __n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS __prev_group` : ''}
  FROM clean${groupChanges ? ')' : ''}
)
SELECT
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
  ${col('event_detail')} AS event_detail${raws.map((r) => `,\n  ${r}`).join('')}
FROM parsed${groupChanges ? '\nORDER BY __n' : ''}`;
  return { sql, params, viewSql: fileOrderViewSql('norm_rows', STAGED_ROWS_TABLE, '_row', tsFields.map(rawColumn)) };
}

/**
 * Rows that cannot be imported, read from the staging table, each with its row in the
 * file (0-based; the import shows it as a spreadsheet does, header = row 1), the column as
 * the file names it, the value, and what to do about it. Run after `viewSql`.
 */
export function buildRejectsSql(mapping: GenericMapping, dateFormat: string): BuiltSql {
  const parts: string[] = [];
  const idCol = mapping.fields.ticket_id!;
  const columns = ['ticket_id', ...TIMESTAMP_FIELDS.filter((f) => mapping.fields[f]).map(rawColumn)].join(', ');
  const numbered = `(SELECT ${fileOrderSql(STAGED_ROWS_TABLE)} AS _row, ${columns} FROM ${STAGED_ROWS_TABLE})`;
  parts.push(
    `SELECT _row, '${idCol.replaceAll("'", "''")}' AS column_name, NULL::VARCHAR AS value, 'the ticket id is empty: fill it in or delete the row' AS reason FROM ${numbered} WHERE ticket_id IS NULL`,
  );
  for (const f of TIMESTAMP_FIELDS) {
    const column = mapping.fields[f];
    if (!column) continue;
    parts.push(
      `SELECT _row, '${column.replaceAll("'", "''")}' AS column_name, ${rawColumn(f)} AS value, 'not a date and time in the format ' || $format_${f} || ': correct the value, or set dateFormat in the mapping' AS reason FROM ${numbered} WHERE ${rawColumn(f)} IS NOT NULL`,
    );
  }
  const labels = Object.fromEntries(
    TIMESTAMP_FIELDS.filter((f) => mapping.fields[f]).map((f) => {
      const own = mapping.dateFormats?.[f];
      return [`format_${f}`, own ? formatLabel(own) : dateFormat === 'iso' ? 'ISO 8601 (2024-08-19 14:05:00)' : dateFormat];
    }),
  );
  return { sql: `INSERT INTO rejects ${parts.join(' UNION ALL ')}`, params: labels };
}

/** Per timestamp field, the values read and the values that did not parse, from the staging table. */
export function parseCountsSql(mapping: GenericMapping): string {
  const fields = TIMESTAMP_FIELDS.filter((f) => mapping.fields[f] !== undefined);
  const failed = fields.map((f) => `count(${rawColumn(f)})`).join(' + ') || '0';
  const parsed = fields.map((f) => `count(${quoteIdent(f)})`).join(' + ') || '0';
  return `SELECT (${failed})::INTEGER AS failed, (${failed} + ${parsed})::INTEGER AS total FROM ${STAGED_ROWS_TABLE}`;
}
