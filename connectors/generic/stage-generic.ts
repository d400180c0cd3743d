/**
 * The generic connector's thin I/O: DuckDB reads the file's mapped columns, as text, into
 * `clean`, then the pure builders beside this module map it into `norm_rows` and `rejects`.
 */
import type { ConnectionQueries, Params } from '../../ingest/db/database.ts';
import { ImportError } from '../../ingest/errors.ts';
import { quoteIdent } from '../../ingest/sql/quote.ts';
import { STAGED_FILE_TABLE } from '../../ingest/staging-tables.ts';
import { chooseFormat, formatFailuresSql, TIMESTAMP_FORMATS, type FormatChoice } from '../../ingest/timestamps.ts';
import { buildCleanSql, buildNormaliseSql, buildRejectsSql } from './build-normalise-sql.ts';
import { matchColumns, TIMESTAMP_FIELDS } from './field-names.ts';
import type { GenericMapping } from './mapping.ts';
import { findCutOffLastRow } from '../../ingest/file-input/truncated-row.ts';

export interface StageOptions {
  filePath: string;
  fileName: string;
  mapping?: GenericMapping;
  districtTimeZone: string;
  /** The sniffed delimiter; the mapping's own `delimiter` wins. */
  delimiter?: string;
  /** Read only the first rows (previews). */
  sampleRows?: number;
}

const DATE_SAMPLE_ROWS = 20_000;

export interface StageResult {
  rowsRead: number;
  mapping: GenericMapping;
  dateFormat: string;
  notes: string[];
}

/** DuckDB's read_csv of the export with every column as text; `$path` (and `$delim`) bound. */
function readCsvSql(delimiter?: string): string {
  return `read_csv($path, all_varchar = true, header = true, quote = '"', escape = '"', strict_mode = false, null_padding = true${delimiter ? ', delim = $delim' : ''})`;
}

/** The column names DuckDB gives the file (the same read_csv options as the staging read), without reading its rows. */
async function csvHeaders(tx: ConnectionQueries, filePath: string, delimiter?: string): Promise<string[]> {
  const params: Record<string, string> = { path: filePath };
  if (delimiter) params.delim = delimiter;
  const cols = await tx.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${readCsvSql(delimiter)})`, params);
  return cols.map((c) => c.column_name);
}

/** The chosen format, with its reason in the notes; refuses a file that no format reads. */
function decideFormat(fileName: string, choice: FormatChoice, notes: string[]): string {
  if (!choice.format) {
    throw new ImportError('SB_ERR_DATE_FORMAT', `${fileName}: ${choice.reason}. Set dateFormat in a mapping file (for example "%d/%m/%Y %H:%M")`);
  }
  notes.push(`dates: ${choice.reason}`);
  return choice.format;
}

export async function stageGeneric(tx: ConnectionQueries, options: StageOptions): Promise<StageResult> {
  const { fileName } = options;
  const notes: string[] = [];
  const delimiter = options.mapping?.delimiter ?? options.delimiter;
  const headers = await csvHeaders(tx, options.filePath, delimiter);
  let mapping = options.mapping;
  if (!mapping) {
    const matches = matchColumns(headers);
    mapping = { source: 'generic', fields: Object.fromEntries(matches.map((m) => [m.field, m.column])) };
    notes.push(...matches.map((m) => m.reason));
  }
  mapping = { ...mapping, timeZone: mapping.timeZone ?? options.districtTimeZone };
  for (const [field, column] of Object.entries(mapping.fields)) {
    if (!headers.includes(column!)) {
      throw new ImportError(
        'SB_ERR_UNKNOWN_COLUMN',
        `${fileName}: the mapping's ${field} column '${column}' is not in the file; its columns are ${headers.join(', ')}`,
      );
    }
  }
  if (!mapping.fields.ticket_id) {
    throw new ImportError(
      'SB_ERR_NOT_A_TICKET_EXPORT',
      `${fileName}: no column looks like a ticket id (ticket, case id, number...); its columns are ${headers.join(', ')}. Provide a mapping file with fields.ticket_id`,
    );
  }
  if (!mapping.fields.created_at && !mapping.fields.event_at) {
    throw new ImportError(
      'SB_ERR_NOT_A_TICKET_EXPORT',
      `${fileName}: no column looks like a creation date or event timestamp; its columns are ${headers.join(', ')}. Provide a mapping file with fields.created_at or fields.event_at`,
    );
  }
  // One read of the file, straight into the mapped, trimmed columns.
  const clean = buildCleanSql(mapping, readCsvSql(delimiter), { numberRows: true, limit: !!options.sampleRows });
  const readParams: Record<string, unknown> = { ...clean.params, path: options.filePath };
  if (delimiter) readParams.delim = delimiter;
  if (options.sampleRows) readParams.limit = options.sampleRows;
  await tx.run(clean.sql, readParams as Params);
  if (clean.numberSql) await tx.run(clean.numberSql);
  const [{ n }] = await tx.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM clean');
  if (n === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${fileName}: has a header but no rows`);
  if (!options.sampleRows && delimiter && !/\.gz$/i.test(options.filePath)) {
    const cut = findCutOffLastRow(options.filePath, delimiter, headers.length);
    if (cut) {
      // The cut row is rejected, not imported with its missing columns read as empty. It is
      // the last row read; `clean` may be a view numbering the staged file's table by rowid, so
      // the row goes from the table under it (removing the last keeps every other row's number).
      const [{ base }] = await tx.all<{ base: string }>(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM duckdb_tables() WHERE table_name = $t) THEN $t ELSE 'clean' END AS base",
        { t: STAGED_FILE_TABLE },
      );
      await tx.run(`DELETE FROM ${quoteIdent(base)} WHERE rowid = (SELECT max(rowid) FROM ${quoteIdent(base)})`);
      await tx.run('INSERT INTO rejects (_row, column_name, value, reason) VALUES ($row, $column, $value, $reason)', {
        row: n - 1, column: headers[cut.fields - 1], value: cut.lastValue,
        reason: `the file looks truncated: the last row has ${cut.fields} of ${cut.expected} columns and no line break after it; export the file again`,
      });
      notes.push(`the last row (row ${n + 1}) looks cut off: ${cut.fields} of ${cut.expected} columns`);
    }
  }

  let dateFormat = mapping.dateFormat;
  // The one format the sample leaves, checked on every value after the file is parsed.
  let unchecked: string | undefined;
  const tsCols = TIMESTAMP_FIELDS.filter((f) => mapping!.fields[f]);
  if (!dateFormat) {
    // Trying all 14 formats on every value of a million-row file takes most of an import,
    // so the formats are first ranked on a fixed sample, and the ones tied best there
    // (month-first and day-first when the sample's days are all <= 12) are then counted
    // on every value. When the sample leaves one format, as it mostly does, its count on
    // every value is the parse that norm_rows does anyway: its failures are the date
    // rejects, so it is checked from those below instead of parsing every value twice.
    // The choice is still made on all of the file.
    const sampleCols = tsCols.length ? tsCols.map((c) => quoteIdent(c)).join(', ') : '*';
    await tx.run(`CREATE OR REPLACE TEMP TABLE clean_sample AS SELECT ${sampleCols} FROM clean USING SAMPLE reservoir(${DATE_SAMPLE_ROWS} ROWS) REPEATABLE (42)`);
    const [sampled] = await tx.all<Record<string, number>>(formatFailuresSql('clean_sample', tsCols, TIMESTAMP_FORMATS), [mapping.timeZone!]);
    const sampleFails = TIMESTAMP_FORMATS.map((_, i) => sampled[`f${i}`]);
    const tied = TIMESTAMP_FORMATS.filter((_, i) => sampleFails[i] === Math.min(...sampleFails));
    if (tied.length === 1) {
      dateFormat = unchecked = tied[0];
    } else {
      const [fails] = await tx.all<Record<string, number>>(formatFailuresSql('clean', tsCols, tied), [mapping.timeZone!]);
      dateFormat = decideFormat(fileName, chooseFormat(tied.map((_, i) => fails[`f${i}`]), fails.total, tied), notes);
    }
  }
  const norm = buildNormaliseSql(mapping, dateFormat);
  await tx.run(norm.sql, norm.params as Params);
  await tx.run(norm.viewSql);
  // Date rejects are the rows with a value (a missing id has none).
  const datedRejects = 'SELECT count(*)::INTEGER AS n FROM rejects WHERE value IS NOT NULL';
  const [{ n: before }] = await tx.all<{ n: number }>(datedRejects);
  const rejects = buildRejectsSql(mapping, dateFormat);
  await tx.run(rejects.sql, rejects.params as Params);
  if (unchecked) {
    const [{ n: after }] = await tx.all<{ n: number }>(datedRejects);
    const [{ total }] = await tx.all<{ total: number }>(
      `SELECT (${tsCols.map((c) => `count(${quoteIdent(c)})`).join(' + ') || '0'})::INTEGER AS total FROM clean`,
    );
    decideFormat(fileName, chooseFormat([after - before], total, [unchecked]), notes);
  }
  // Everything later reads norm_rows: the file's text need not stay in memory beside it.
  await tx.run('DROP VIEW IF EXISTS clean');
  await tx.run(`DROP TABLE IF EXISTS ${STAGED_FILE_TABLE}`);
  await tx.run('DROP TABLE IF EXISTS clean_sample');
  return { rowsRead: n, mapping, dateFormat, notes };
}
