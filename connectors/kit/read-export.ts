/**
 * The thin I/O every vendor connector shares: DuckDB reads an export (CSV or JSON) into a
 * temp table, and a vendor's SQL builders take it from there. Nothing here loops over
 * rows in JavaScript.
 *
 * CSV is read all-text, straight into the connector's staged table (stage-shape.ts). JSON
 * is split into newline-delimited records first (readJsonRecords), so every shape a vendor
 * writes works the same way: one wrapper object ({"tickets": [...]}), newline-delimited
 * records or pages, or a top-level array.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionQueries } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import { jsonRecords } from '#file-input/json-records.ts';
import { findCutOffLastRow, type CutOffRow } from '#file-input/truncated-row.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import { stagingTable, stagingViewSql } from '#core/db/staging-tables.ts';
import { chooseFormat, formatFailuresSql, formatsLeftBySample, TIMESTAMP_FORMATS, type FormatChoice } from '#core/timestamps.ts';
import { normaliseName } from '../generic/field-names.ts';

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
  /** The header of the last field the row has (the one that was cut). */
  column: string;
}

/** The read_csv options every vendor read uses: all text, quotes doubled, short rows padded. */
const CSV_OPTIONS = `header = true, quote = '"', escape = '"', strict_mode = false, null_padding = true`;

/** DuckDB's read of a CSV file, all text; `$path` bound. */
export const READ_CSV_SQL = `read_csv($path, all_varchar = true, ${CSV_OPTIONS})`;

export interface CsvHeader {
  columns: string[];
  /** Set when the last row has no line break after it and fewer fields than the header. */
  cut?: CutOffCsvRow;
}

/**
 * A CSV file's column names as DuckDB reads them, and its last row when it looks cut off,
 * without reading its rows: the rows are read once, straight into the connector's staged
 * table (stage-shape.ts). DuckDB pads a short last row with NULLs, so the cut row is
 * staged with the others (every row keeps its number) and rejected with rejectCutOffRow.
 */
export async function readCsvHeader(tx: ConnectionQueries, filePath: string): Promise<CsvHeader> {
  const cols = await tx.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${READ_CSV_SQL})`, { path: filePath });
  const columns = cols.map((c) => c.column_name);
  const [{ delimiter }] = await tx.all<{ delimiter: string }>(`SELECT "Delimiter" AS delimiter FROM sniff_csv($path, ${CSV_OPTIONS})`, { path: filePath });
  const cut = delimiter ? findCutOffLastRow(filePath, delimiter, columns.length) : undefined;
  return cut ? { columns, cut: { ...cut, column: columns[cut.fields - 1] ?? columns[0] } } : { columns };
}

/**
 * Rejects a CSV's cut-off last row once the connector has staged the file into `table`
 * (a table from stageTable: the cut row is its last, `rows` rows, `_row` = place in the
 * file + `offset`): one reject naming the file and its row, and the row leaves the table
 * so it is not imported. Returns a note, or undefined when the file was whole. The file
 * name, row and counts are bound parameters.
 */
export async function rejectCutOffRow(
  tx: ConnectionQueries,
  options: { table: string; cut: CutOffCsvRow | undefined; fileName: string; offset: number; rows: number },
): Promise<string | undefined> {
  const { table, cut, fileName, offset, rows } = options;
  if (!cut || rows === 0) return undefined;
  const line = rows - 1;
  await tx.run(
    `INSERT INTO rejects (_row, column_name, value, reason) VALUES ($row, $column, $value,
      $file || ' row ' || ($line + 2) || ': the file looks truncated: the last row has ' || $fields || ' of ' || $expected || ' columns and no line break after it; export the file again')`,
    { row: line + offset, column: cut.column, value: cut.lastValue, file: fileName, line, fields: cut.fields, expected: cut.expected },
  );
  // Removing the last row keeps every other row's rowid, so their numbers stay.
  const stored = stagingTable(table);
  await tx.run(`DELETE FROM ${stored} WHERE rowid = (SELECT max(rowid) FROM ${stored})`);
  return `${fileName}: the last row (row ${line + 2}) looks cut off: ${cut.fields} of ${cut.expected} columns`;
}

/**
 * Reads a JSON file into two staged tables, each a view of the same name: `docs` (doc_no,
 * j), one row per top-level document, and `records` (_line, j, doc_no), the records of
 * the first of `keys` whose array a document holds (such as {"tickets": [...]}), or the
 * document itself when it holds none. The file is first split in Node into
 * newline-delimited records of bounded size (file-input/json-records.ts; a newline-delimited
 * file or a top-level array without wrappers is read as it is), so DuckDB never
 * parses a wrapper object whole: splitting a 121 MiB wrapper with `json_extract(w, '$[*]')`
 * took minutes and GiBs. A document keeps its other keys (sideloaded "groups", "names",
 * "count") with its record arrays emptied; read those from `docs`, never per record.
 * The newline-delimited copies are written to a temp folder, removed once read.
 */
export async function readJsonRecords(
  tx: ConnectionQueries,
  options: { filePath: string; fileName: string; docs: string; records: string; keys: readonly string[] },
): Promise<void> {
  const { filePath, fileName, docs, records, keys } = options;
  for (const k of keys) jsonKey(k);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-json-'));
  try {
    const split = await jsonRecords(filePath, { recordKeys: keys, fileName, dir });
    const largest = Math.max(split.largestDoc, split.largestRecord);
    await withMemoryAtLeast(tx, jsonReadMemory(largest), async () => {
      // The split's documents by number; a file passed through, or the records' lines, by line and byte.
      const lineAt = (line: number, byte: string) => `line ${line}, byte ${byte} of it`;
      await readOrExplain(fileName, split.docsPath.endsWith('docs.ndjson') ? (line) => `document ${line}` : lineAt, () =>
        tx.run(
          `CREATE OR REPLACE TABLE ${stagingTable(docs)} AS SELECT json AS j FROM read_json_objects($path, format = '${split.format}', maximum_object_size = ${maxObjectSize(split.largestDoc)})`,
          { path: split.docsPath },
        ),
      );
      for (const sql of stagingViewSql(docs, { line: 'doc_no' })) await tx.run(sql);
      if (split.recordsPath) {
        // doc_no<TAB>record lines: a compact JSON text holds no raw tab or line break.
        await readOrExplain(fileName, lineAt, () =>
          tx.run(
            `CREATE OR REPLACE TABLE ${stagingTable(records)} AS SELECT j, doc_no FROM read_csv($path, columns = {'doc_no': 'BIGINT', 'j': 'JSON'},
              delim = '\t', quote = '', escape = '', header = false, auto_detect = false, max_line_size = ${maxObjectSize(split.largestRecord + 24)})`,
            { path: split.recordsPath },
          ),
        );
      } else {
        await tx.run(`CREATE OR REPLACE TABLE ${stagingTable(records)} AS SELECT j, doc_no FROM ${quoteIdent(docs)}`);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const sql of stagingViewSql(records, { line: '_line' })) await tx.run(sql);
}

/** DuckDB's bound on one JSON object or line: the largest one met, at least 1 MiB. */
export function maxObjectSize(bytes: number): number {
  return Math.max(bytes + 1, 1 << 20);
}

/**
 * Runs a read of one of a file's newline-delimited copies; DuckDB's refusal of a record
 * (JSON grammar the byte scan does not check) is told with the file's own name and
 * `where(line, byte)` names the record or document, not the temp copy's path.
 */
export async function readOrExplain(fileName: string, where: (line: number, byte: string) => string, read: () => Promise<unknown>): Promise<void> {
  try {
    await read();
  } catch (e) {
    const message = (e as Error).message;
    const line = /CSV Error on Line: (\d+)/.exec(message)?.[1];
    if (line) throw new ImportError('SB_ERR_UNREADABLE', `${fileName}: record ${line} is not valid JSON; export the file again`);
    // DuckDB 1.5.6 counts lines from 2 and bytes from 1: "at byte 7 in line 3" is the seventh byte of the second line.
    const json = /Malformed JSON[^:]*?, at byte (\d+) in line (\d+): ([^.\n]*)/.exec(message);
    if (json) throw new ImportError('SB_ERR_UNREADABLE', `${fileName}: ${where(Number(json[2]) - 1, json[1])} is not valid JSON (${json[3]}); export the file again`);
    throw e;
  }
}

/**
 * Runs `work` (the reads of a JSON file's documents and records) with DuckDB's memory
 * limit at least `bytes`, and sets it back after. Records are small, so this is rarely
 * raised now; a document with a large list beside its records (a sideload of every user)
 * is still read as one object. A failed statement leaves the transaction refusing
 * statements; the import sets the limit back through another connection
 * (core/db/staging-tables.ts).
 */
export async function withMemoryAtLeast<T>(tx: ConnectionQueries, bytes: number, work: () => Promise<T>): Promise<T> {
  const [{ limit }] = await tx.all<{ limit: string }>(`SELECT current_setting('memory_limit')::VARCHAR AS limit`);
  const current = memoryBytes(limit);
  if (current === undefined || current >= bytes) return work();
  await tx.run(`SET memory_limit = '${Math.ceil(bytes)}B'`);
  const result = await work();
  await tx.run('SET memory_limit = $1', [limit]);
  return result;
}

/**
 * The memory the reads of a JSON file's copies may take when their largest object is
 * `largest` bytes: DuckDB's read buffer holds about two of them, and the parse a few more.
 */
export function jsonReadMemory(largest: number): number {
  return 4 * maxObjectSize(largest) + (512 << 20);
}

/** DuckDB's display of a memory size ('572.2 MiB', '600.0 MB') in bytes; undefined when it is not one. */
export function memoryBytes(text: string): number | undefined {
  const m = /^([\d.]+)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/.exec(text.trim());
  if (!m) return undefined;
  const units: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };
  return Number(m[1]) * units[m[2]];
}

/** Keys are the vendor's documented names, written in code: never data. */
function jsonKey(key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`not a plain JSON key: ${key}`);
  return key;
}

/** A JSON field as trimmed text; '' and '?' mean missing. Objects give their display value or name. */
export function jsonText(record: string, path: string): string {
  const p = `'$.${path.split('.').map(jsonKey).join('.')}'`;
  const raw = `CASE WHEN json_type(${record}, ${p}) = 'OBJECT' THEN coalesce(json_extract_string(${record}, ${p.slice(0, -1)}.display_value'), json_extract_string(${record}, ${p.slice(0, -1)}.name'), json_extract_string(${record}, ${p.slice(0, -1)}.value')) ELSE json_extract_string(${record}, ${p}) END`;
  return missingToNull(raw);
}

/**
 * Fields of JSON records as trimmed text, each record parsed once: `paths` gives, per
 * field, the paths to try in order (the first with a value wins, as in jsonText). Every
 * json_extract of the stored JSON text parses the whole record again, and jsonText takes
 * two to five per path, so projecting 20 fields took about 60 parses of every record;
 * here one json_extract with the list of every path reads them all (`_jv`, a list of the
 * small JSON values), and each field is read from its own value. Returns the relation to
 * select from (`records` with `_jv`) and the SELECT list.
 */
export function jsonFieldsSql(records: string, paths: Record<string, readonly string[]>, fields: readonly string[]): { from: string; projection: string } {
  const all: string[] = [];
  const projection = fields
    .map((f) => {
      const items = (paths[f] ?? []).map((p) => {
        const path = `$.${p.split('.').map(jsonKey).join('.')}`;
        if (!all.includes(path)) all.push(path);
        return jsonValueText(`_jv[${all.indexOf(path) + 1}]`);
      });
      return `${items.length ? `coalesce(${items.join(', ')})` : 'NULL::VARCHAR'} AS ${quoteIdent(f)}`;
    })
    .join(', ');
  const list = all.length ? `json_extract(j, [${all.map((p) => `'${p}'`).join(', ')}])` : '[]::JSON[]';
  return { from: `(SELECT *, ${list} AS _jv FROM ${records})`, projection };
}

/** One JSON value (not a record) as jsonText reads a field: an object's display value or name, else the value as text. */
function jsonValueText(value: string): string {
  const raw = `CASE WHEN json_type(${value}) = 'OBJECT' THEN coalesce(json_extract_string(${value}, '$.display_value'), json_extract_string(${value}, '$.name'), json_extract_string(${value}, '$.value')) ELSE json_extract_string(${value}, '$') END`;
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

/** How many of a staged file's first rows rank the date formats. */
export const DATE_SAMPLE_ROWS = 20_000;

/** How many first rows every format is tried on before the one they leave is tried on the whole sample. */
export const DATE_FIRST_LOOK_ROWS = 1_000;

/**
 * A file whose date format its first rows chose alone, checked once the connector's
 * rejects are written (checkDateFormats). The contract every connector keeps: each date
 * of `columns` that the format does not parse gives at least one reject in
 * `rejectColumns` (with its value), or is counted by `more`.
 */
export interface DateFormatCheck {
  /** The dates' table or view (as fileDateFormat read them), and its date columns. */
  table: string;
  columns: string[];
  format: string;
  fileName: string;
  timeZone: string;
  /** The rejects' column names for these dates; default `columns`. */
  rejectColumns: string[];
  /** A table with `_row` whose range holds these dates' rejects, or null when their column names are the import's only ones; default `table`. */
  rowsOf: string | null;
  /**
   * Each failing value is exactly one reject in `rowsOf`'s rows, and `table` is staged text
   * (cheap to count): the rejects are the failures, with no count of every value. Otherwise
   * any failure seen makes the format counted on every value, for the exact figure.
   */
  perValue: boolean;
  /**
   * SQL statements of one row each (failed INTEGER, unseen INTEGER), over what the
   * connector's statements already wrote, run in order: `failed` counts failing values
   * that are no reject of their own (a date another field stood in for), `unseen` values
   * that step cannot vouch for (an audit with no events, which no statement parsed, or a
   * row the import does not read), which the next step, when there is one, counts more
   * closely. A failure, or values still unseen after the last step, make the format
   * counted on every value. $tz is bound where it appears.
   */
  more?: string[];
}

/** How a connector's rejects tell a date check its failures (DateFormatCheck's fields, all optional; `more` given the chosen format). */
export type DateCheckHow = Partial<Pick<DateFormatCheck, 'rejectColumns' | 'rowsOf' | 'perValue'>> & { more?: (format: string) => string[] };

/**
 * The date format of one staged file, decided from its values (never row by row): the
 * override when given, else the best-fitting known format. Trying all 14 formats on every
 * value of a million-row file was half of an import, so the formats are ranked on the
 * file's first rows (core/timestamps.ts's formatsLeftBySample): all 14 on the first 1,000,
 * and when those leave one, that one on all 20,000 (the ranking of all 14 on them when it
 * fails on some). When they leave several (month-first and day-first while every day is
 * at most 12, as in a month's first days), those are counted on every value before the
 * choice. When they leave one that parses
 * every sampled value, as they mostly do, nothing more is read now: the connector parses
 * every value with it anyway, and each that fails becomes a reject (naming the file, row
 * or record, column and format), so checkDateFormats, called once the rejects are
 * written, finds the failures there (`how` says where; DateFormatCheck). A file with none
 * is done; one with some has the format counted on every value then, so the note and a
 * refusal are the same as when every value was counted first. Every connector takes this
 * path: the choice is always made on all of the file. Refuses a file whose dates no known
 * format reads, naming the file and the way out.
 */
export async function fileDateFormat(
  tx: ConnectionQueries,
  options: {
    table: string; columns: string[]; timeZone: string; fileName: string; override?: string; notes: string[];
    /** Where the sample-only choice is checked; checkDateFormats must run on it after the rejects. */
    checks: DateFormatCheck[];
    how?: DateCheckHow;
    /** How many first rows rank the formats (DATE_SAMPLE_ROWS; tests use a few). */
    sampleRows?: number;
  },
): Promise<string> {
  const { table, columns, timeZone, fileName, override, notes } = options;
  if (override) return override;
  if (!columns.length) return 'iso';
  const rows = options.sampleRows ?? DATE_SAMPLE_ROWS;
  if (!Number.isSafeInteger(rows) || rows < 1) throw new Error(`not a sample size: ${rows}`);
  const sample = (n: number) => `(SELECT ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} LIMIT ${n})`;
  // Every format on the first DATE_FIRST_LOOK_ROWS, then the one they leave on the whole
  // sample: when it parses all of it, every other format failed on the sample too, so the
  // sample leaves it alone, as if all 14 had been tried on all of it (a fourteenth of the parses).
  let { failures, left } = { failures: [1], left: [] as string[] };
  if (rows > DATE_FIRST_LOOK_ROWS) {
    const [looked] = await tx.all<Record<string, number>>(formatFailuresSql(table, columns, TIMESTAMP_FORMATS, { from: sample(DATE_FIRST_LOOK_ROWS) }), [timeZone]);
    const first = formatsLeftBySample(looked);
    if (first.left.length === 1 && Math.min(...first.failures) === 0) {
      const [one] = await tx.all<Record<string, number>>(formatFailuresSql(table, columns, first.left, { from: sample(rows) }), [timeZone]);
      if (one.f0 === 0) ({ failures, left } = { failures: [0], left: first.left });
    }
  }
  if (!left.length) {
    const [sampled] = await tx.all<Record<string, number>>(formatFailuresSql(table, columns, TIMESTAMP_FORMATS, { from: sample(rows) }), [timeZone]);
    ({ failures, left } = formatsLeftBySample(sampled));
  }
  if (left.length === 1 && Math.min(...failures) === 0) {
    const how = options.how ?? {};
    options.checks.push({
      table, columns, format: left[0], fileName, timeZone,
      rejectColumns: how.rejectColumns ?? columns, rowsOf: how.rowsOf === undefined ? table : how.rowsOf, perValue: how.perValue ?? false,
      ...(how.more ? { more: how.more(left[0]) } : {}),
    });
    return left[0];
  }
  const [fails] = await tx.all<Record<string, number>>(formatFailuresSql(table, columns, left), [timeZone]);
  return decideDateFormat(fileName, chooseFormat(left.map((_, i) => fails[`f${i}`]), fails.total, left), notes);
}

/**
 * Checks the formats fileDateFormat chose from a sample alone, once the connector's
 * rejects are written: the dates' rejects (and the connector's `more` count) show whether
 * any value failed. None: the file is noted as parsing. A perValue check's rejects are its
 * failures, over the count of its staged values. Otherwise the format is counted on every
 * value, and the file refused, or the choice noted, exactly as when every value was
 * counted first.
 */
export async function checkDateFormats(tx: ConnectionQueries, checks: DateFormatCheck[], notes: string[]): Promise<void> {
  for (const check of checks) {
    const { table, columns, format, fileName, timeZone, rejectColumns, rowsOf } = check;
    const range = rowsOf === null ? '' : ` AND r._row BETWEEN (SELECT min(_row) FROM ${quoteIdent(rowsOf)}) AND (SELECT max(_row) FROM ${quoteIdent(rowsOf)})`;
    const [{ rejected }] = await tx.all<{ rejected: number }>(
      `SELECT count(*)::INTEGER AS rejected FROM rejects r WHERE list_contains($columns, r.column_name) AND r.value IS NOT NULL${range}`,
      { columns: rejectColumns },
    );
    const more = { failed: 0, unseen: 0 };
    for (const sql of rejected === 0 ? (check.more ?? []) : []) {
      [{ failed: more.failed, unseen: more.unseen }] = await tx.all<{ failed: number; unseen: number }>(sql, sql.includes('$tz') ? { tz: timeZone } : {});
      if (more.failed > 0 || more.unseen === 0) break;
    }
    if (rejected === 0 && more.failed === 0 && more.unseen === 0) {
      decideDateFormat(fileName, chooseFormat([0], 1, [format]), notes);
    } else if (check.perValue && more.failed === 0 && more.unseen === 0) {
      const [{ total }] = await tx.all<{ total: number }>(
        `SELECT (${columns.map((c) => `count(${quoteIdent(c)})`).join(' + ')})::INTEGER AS total FROM ${quoteIdent(table)}`,
      );
      decideDateFormat(fileName, chooseFormat([rejected], total, [format]), notes);
    } else {
      const [fails] = await tx.all<Record<string, number>>(formatFailuresSql(table, columns, [format]), [timeZone]);
      decideDateFormat(fileName, chooseFormat([fails.f0], fails.total, [format]), notes);
    }
  }
}

/** The chosen format, with its reason in the notes; refuses a file that no format reads. */
function decideDateFormat(fileName: string, choice: FormatChoice, notes: string[]): string {
  if (!choice.format) {
    throw new ImportError('SB_ERR_DATE_FORMAT', `${fileName}: ${choice.reason}. Set dateFormat (for example "%d/%m/%Y %H:%M")`);
  }
  notes.push(`${fileName}: dates ${choice.reason}`);
  return choice.format;
}
