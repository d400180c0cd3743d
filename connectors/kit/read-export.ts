/**
 * The thin I/O every vendor connector shares: DuckDB reads an export (CSV or JSON) into a
 * temp table, and a vendor's SQL builders take it from there. Nothing here loops over
 * rows in JavaScript.
 *
 * CSV is read all-text with the file order numbered explicitly (rowid is offset inside a
 * transaction). JSON is read with read_json_objects, one row per top-level document, so
 * every shape a vendor writes works the same way: one wrapper object ({"tickets": [...]}),
 * newline-delimited records, or a top-level array.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import type { ConnectionQueries } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import { findCutOffLastRow, type CutOffRow } from '#file-input/truncated-row.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import { chooseFormat, formatFailuresSql, TIMESTAMP_FORMATS } from '#core/timestamps.ts';
import { normaliseName } from '../generic/field-names.ts';

/** One big wrapper object is a single JSON document: let it be as large as the file. */
const MAX_JSON_OBJECT = 4 * 1024 * 1024 * 1024 - 1;

/** Whether the file's first non-blank character opens JSON. */
export function looksLikeJson(filePath: string): boolean {
  const head = Buffer.alloc(512);
  const fd = openSync(filePath, 'r');
  let n: number;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = head.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return text.startsWith('{') || text.startsWith('[');
}

/** A CSV's last row cut off by an export or copy that stopped early (see truncated-row.ts). */
export interface CutOffCsvRow extends CutOffRow {
  /** The row's `_line` (0-based data row) in the file's table. */
  line: number;
  /** The header of the last field the row has (the one that was cut). */
  column: string;
}

export interface CsvTable {
  columns: string[];
  /** Set when the last row has no line break after it and fewer fields than the header. */
  cut?: CutOffCsvRow;
}

/**
 * Reads a CSV file all-text into `table` (with `_line`, the 0-based data row); returns its
 * columns, and its last row when it looks cut off. DuckDB pads a short last row with NULLs,
 * so the cut row stays in the table (every row keeps its number) and the connector rejects
 * it with rejectCutOffRow once its rows are numbered.
 */
export async function readCsvTable(tx: ConnectionQueries, filePath: string, table: string): Promise<CsvTable> {
  const options = `header = true, quote = '"', escape = '"', strict_mode = false, null_padding = true`;
  await tx.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS SELECT (row_number() OVER () - 1) AS _line, * FROM read_csv($path, all_varchar = true, ${options})`,
    { path: filePath },
  );
  const cols = await tx.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE ${quoteIdent(table)})`);
  const columns = cols.map((c) => c.column_name).filter((c) => c !== '_line');
  const [{ delimiter }] = await tx.all<{ delimiter: string }>(`SELECT "Delimiter" AS delimiter FROM sniff_csv($path, ${options})`, { path: filePath });
  const cut = delimiter ? findCutOffLastRow(filePath, delimiter, columns.length) : undefined;
  if (!cut) return { columns };
  const [{ line }] = await tx.all<{ line: number | null }>(`SELECT max(_line)::INTEGER AS line FROM ${quoteIdent(table)}`);
  if (line === null) return { columns };
  return { columns, cut: { ...cut, line, column: columns[cut.fields - 1] ?? columns[0] } };
}

/**
 * Rejects a CSV's cut-off last row (from readCsvTable) once the connector has numbered its
 * rows into `table` (`_row` = `_line` + `offset`): one reject naming the file and its row,
 * and the row leaves `table` so it is not imported. Returns a note, or undefined when the
 * file was whole. The file name, row and counts are bound parameters.
 */
export async function rejectCutOffRow(
  tx: ConnectionQueries,
  options: { table: string; cut: CutOffCsvRow | undefined; fileName: string; offset: number },
): Promise<string | undefined> {
  const { table, cut, fileName, offset } = options;
  if (!cut) return undefined;
  const row = cut.line + offset;
  await tx.run(
    `INSERT INTO rejects (_row, column_name, value, reason) VALUES ($row, $column, $value,
      $file || ' row ' || ($line + 2) || ': the file looks truncated: the last row has ' || $fields || ' of ' || $expected || ' columns and no line break after it; export the file again')`,
    { row, column: cut.column, value: cut.lastValue, file: fileName, line: cut.line, fields: cut.fields, expected: cut.expected },
  );
  await tx.run(`DELETE FROM ${quoteIdent(table)} WHERE _row = $row`, { row });
  return `${fileName}: the last row (row ${cut.line + 2}) looks cut off: ${cut.fields} of ${cut.expected} columns`;
}

/** Reads a JSON file into `table` (doc_no, j JSON): one row per top-level object. */
export async function readJsonDocs(tx: ConnectionQueries, filePath: string, table: string): Promise<void> {
  await tx.run(
    `CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS SELECT (row_number() OVER () - 1) AS doc_no, json AS j FROM read_json_objects($path, format = 'auto', maximum_object_size = ${MAX_JSON_OBJECT})`,
    { path: filePath },
  );
}

/** Keys are the vendor's documented names, written in code: never data. */
function jsonKey(key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`not a plain JSON key: ${key}`);
  return key;
}

/**
 * SQL selecting the records of a JSON docs table: the items of the first wrapper key a
 * document has (`keys`, in order), or the document itself when it has none of them
 * (newline-delimited or array files). Gives (_line, j, doc_no) in file order; read
 * sideloaded lists (such as "groups") from the docs table itself, never per record.
 */
export function jsonRecordsSql(docsTable: string, keys: string[]): string {
  const paths = keys.map((k) => `'$.${jsonKey(k)}'`);
  const has = keys.length
    ? `coalesce(${paths.map((p) => `json_type(j, ${p}) = 'ARRAY'`).join(', ')}, false)`
    : 'false';
  const pick = keys.length
    ? `CASE ${paths.map((p) => `WHEN json_type(j, ${p}) = 'ARRAY' THEN json_extract(j, ${p.slice(0, -1)}[*]')`).join(' ')} END`
    : 'NULL';
  return `SELECT (row_number() OVER () - 1) AS _line, r AS j, doc_no FROM (
    SELECT unnest(${pick}) AS r, doc_no FROM ${quoteIdent(docsTable)} WHERE ${has}
    UNION ALL BY NAME
    SELECT j AS r, doc_no FROM ${quoteIdent(docsTable)} WHERE NOT ${has})`;
}

/** A JSON field as trimmed text; '' and '?' mean missing. Objects give their display value or name. */
export function jsonText(record: string, path: string): string {
  const p = `'$.${path.split('.').map(jsonKey).join('.')}'`;
  const raw = `CASE WHEN json_type(${record}, ${p}) = 'OBJECT' THEN coalesce(json_extract_string(${record}, ${p.slice(0, -1)}.display_value'), json_extract_string(${record}, ${p.slice(0, -1)}.name'), json_extract_string(${record}, ${p.slice(0, -1)}.value')) ELSE json_extract_string(${record}, ${p}) END`;
  return missingToNull(raw);
}

/** '' and '?' (ServiceNow's and many exports' "no value") become NULL; the rest is trimmed. */
export function missingToNull(expr: string): string {
  return `nullif(nullif(trim(${expr}), ''), '?')`;
}

/**
 * For each wanted field, the CSV column whose normalised name (lower case, letters and
 * digits) is one of its aliases, or undefined. 'Assignment group' and 'assignment_group'
 * both match 'assignmentgroup'.
 */
export function matchHeaders<F extends string>(headers: string[], aliases: Record<F, string[]>): Partial<Record<F, string>> {
  const byNorm = new Map<string, string>();
  for (const h of headers) if (!byNorm.has(normaliseName(h))) byNorm.set(normaliseName(h), h);
  const out: Partial<Record<F, string>> = {};
  for (const [field, names] of Object.entries(aliases) as [F, string[]][]) {
    const hit = names.map((n) => byNorm.get(normaliseName(n))).find((c) => c !== undefined);
    if (hit !== undefined) out[field] = hit;
  }
  return out;
}

/** SQL projecting matched CSV columns to the vendor's field names (NULL where absent). */
export function csvProjectionSql<F extends string>(fields: readonly F[], matched: Partial<Record<F, string>>): string {
  return fields
    .map((f) => `${matched[f] !== undefined ? missingToNull(quoteIdent(matched[f]!)) : 'NULL::VARCHAR'} AS ${quoteIdent(f)}`)
    .join(', ');
}

/**
 * The date format of one staged file, decided from all its values in `columns` (never row
 * by row): the override when given, else the best-fitting known format. Refuses a file
 * whose dates no known format reads, naming the file and the way out.
 */
export async function fileDateFormat(
  tx: ConnectionQueries,
  options: { table: string; columns: string[]; timeZone: string; fileName: string; override?: string; notes: string[] },
): Promise<string> {
  const { table, columns, timeZone, fileName, override, notes } = options;
  if (override) return override;
  if (!columns.length) return 'iso';
  const [fails] = await tx.all<Record<string, number>>(formatFailuresSql(table, columns, TIMESTAMP_FORMATS), [timeZone]);
  const choice = chooseFormat(TIMESTAMP_FORMATS.map((_, i) => fails[`f${i}`]), fails.total);
  if (!choice.format) {
    throw new ImportError('SB_ERR_DATE_FORMAT', `${fileName}: ${choice.reason}. Set dateFormat (for example "%d/%m/%Y %H:%M")`);
  }
  notes.push(`${fileName}: dates ${choice.reason}`);
  return choice.format;
}
