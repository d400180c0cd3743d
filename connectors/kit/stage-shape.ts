/**
 * Stages one vendor file into a table of the vendor's documented field names, all text,
 * read through a view with `_row` (the row across every file of one import) and `_line`
 * (the row within this file). CSV columns are matched by normalised name; JSON records
 * are read by key from the vendor's wrapper (`{"records": [...]}`) or as bare records.
 *
 * Staged tables live in the database file, not in temp tables (core/db/staging-tables.ts):
 * written compressed in row groups the buffer manager can evict, so an import stays under
 * the staging memory limit whatever the file's size; they are dropped before the import
 * commits. A CSV is read once, straight into its projected table; rows are numbered from
 * the table's rowids (filled by one CREATE TABLE AS in file order), never by a window
 * over the whole file.
 */
import { basename } from 'node:path';
import type { ConnectionQueries, Params } from '#core/db/database.ts';
import { stagingTable, stagingViewSql } from '#core/db/staging-tables.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import {
  csvProjectionSql, type CutOffCsvRow, jsonFieldsSql, looksLikeJson, matchHeaders, READ_CSV_SQL, readCsvHeader, readJsonRecords,
} from './read-export.ts';

export interface StagedFile {
  names: string[];
  kind: 'csv' | 'json';
  filePath: string;
  /** The JSON records' view (`_line`, j, doc_no), and the documents' view (doc_no, j); unset for CSV, whose rows are read by stageTable. */
  records?: string;
  docs?: string;
  /** A CSV's cut-off last row: reject it with rejectCutOffRow once the file is staged. */
  cut?: CutOffCsvRow;
}

/**
 * Looks at one file: a CSV's header (its rows are read later, once, by stageTable), or a
 * JSON file's documents (`<name>_docs`) and records (`raw_<name>`), the records taken
 * from the first of `jsonKeys` whose array a document holds (read-export.ts's
 * readJsonRecords). Returns the column or key names. `fileName` names the file in errors.
 */
export async function readRaw(tx: ConnectionQueries, filePath: string, name: string, jsonKeys: string[], fileName = basename(filePath)): Promise<StagedFile> {
  if (looksLikeJson(filePath)) {
    const docs = `${name}_docs`;
    const records = `raw_${name}`;
    await readJsonRecords(tx, { filePath, fileName, docs, records, keys: jsonKeys });
    const keys = await tx.all<{ k: string }>(
      `SELECT DISTINCT unnest(json_keys(j)) AS k FROM (SELECT j FROM ${quoteIdent(records)} WHERE json_type(j) = 'OBJECT' LIMIT 50)`,
    );
    return { names: keys.map((k) => k.k), kind: 'json', filePath, records, docs };
  }
  const csv = await readCsvHeader(tx, filePath);
  return { names: csv.columns, kind: 'csv', filePath, ...(csv.cut ? { cut: csv.cut } : {}) };
}

/**
 * Stages a file into the table `table` (a view of that name, with `_row` and `_line`,
 * over the stored table): `projection` is a SELECT list over the CSV's own columns, or
 * over `from` (default: the JSON records, with `j`). Returns the number of rows.
 */
export async function stageTable(
  tx: ConnectionQueries,
  options: { table: string; staged: StagedFile; projection: string; offset: number; from?: string },
): Promise<number> {
  const { table, staged, projection, offset } = options;
  const source = staged.kind === 'csv' ? READ_CSV_SQL : (options.from ?? quoteIdent(staged.records!));
  await tx.run(`CREATE OR REPLACE TABLE ${stagingTable(table)} AS SELECT ${projection} FROM ${source}`, staged.kind === 'csv' ? { path: staged.filePath } : {});
  for (const sql of stagingViewSql(table, { line: '_line', offset })) await tx.run(sql);
  const [{ n }] = await tx.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${stagingTable(table)}`);
  return n;
}

/**
 * Makes the temp view `view` of a JSON file's records (`_row`, `_line`, j, and the
 * `columns` given as SQL over `r`, the records, and `d`, their documents): no copy of the
 * records, which are already staged.
 */
export async function recordsView(
  tx: ConnectionQueries,
  options: { view: string; staged: StagedFile; offset: number; columns?: string },
): Promise<void> {
  const { view, staged, offset } = options;
  if (!Number.isSafeInteger(offset)) throw new Error(`not a row offset: ${offset}`);
  await tx.run(
    `CREATE OR REPLACE TEMP VIEW ${quoteIdent(view)} AS SELECT (r._line + ${offset})::BIGINT AS _row, r._line, ${options.columns ? `${options.columns}, ` : ''}r.j
     FROM ${quoteIdent(staged.records!)} r${options.columns ? ` JOIN ${quoteIdent(staged.docs!)} d USING (doc_no)` : ''}`,
  );
}

/** Stages `staged` into `table` with the vendor's field names (matched CSV headers, or JSON keys). */
export async function projectFields<F extends string>(
  tx: ConnectionQueries,
  options: { table: string; staged: StagedFile; fields: readonly F[]; aliases: Record<F, string[]>; offset: number },
): Promise<number> {
  const { table, staged, fields, aliases, offset } = options;
  if (staged.kind === 'csv') return stageTable(tx, { table, staged, projection: csvProjectionSql(fields, matchHeaders(staged.names, aliases)), offset });
  const paths = Object.fromEntries(fields.map((f) => [f, aliases[f].filter((a) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(a))]));
  return stageJsonFields(tx, { table, staged, paths, fields, offset });
}

/**
 * Stages JSON records into `table` with the given fields read from their paths, each
 * record parsed once (read-export.ts's jsonFieldsSql); `extra` adds SELECT items over the
 * records (such as `j`, to keep the record).
 */
export async function stageJsonFields(
  tx: ConnectionQueries,
  options: { table: string; staged: StagedFile; paths: Record<string, readonly string[]>; fields: readonly string[]; offset: number; extra?: string },
): Promise<number> {
  const { table, staged, paths, fields, offset } = options;
  const json = jsonFieldsSql(quoteIdent(staged.records!), paths, fields);
  const projection = options.extra ? `${json.projection}, ${options.extra}` : json.projection;
  return stageTable(tx, { table, staged, projection, offset, from: json.from });
}

/** An empty staged table with the given columns (text, unless typed as 'name TYPE'), so builders never branch on a missing file. */
export async function stageEmptyTable(tx: ConnectionQueries, table: string, fields: readonly string[]): Promise<void> {
  const columns = fields.map((f) => (f.includes(' ') ? f : `${quoteIdent(f)} VARCHAR`));
  await tx.run(`CREATE OR REPLACE TABLE ${stagingTable(table)} (${columns.join(', ')})`);
  for (const sql of stagingViewSql(table, { line: '_line', offset: 0 })) await tx.run(sql);
}

/**
 * Runs a vendor's norm rows statement (createNormRowsSql) and makes the `norm_rows` view
 * over it, with `_key` numbering every staged row (ingest/normalised-rows.ts).
 */
export async function stageNormRows(tx: ConnectionQueries, sql: string, params: Params = {}): Promise<void> {
  await tx.run(sql, params);
  for (const s of stagingViewSql('norm_rows', { line: '_key' })) await tx.run(s);
}
