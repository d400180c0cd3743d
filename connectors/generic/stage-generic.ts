/**
 * The generic connector's thin I/O with a mapping file: the date format is decided on the file's first rows,
 * then DuckDB reads the file once into the staged rows (`norm_rows`, built by the pure
 * builders beside this module) and the rows that cannot be imported go to `rejects`.
 */
import type { ConnectionQueries, Params } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import { STAGED_ROWS_TABLE } from '#core/db/staging-tables.ts';
import { chooseFormat, formatFailuresSql, formatsLeftBySample, TIMESTAMP_FORMATS, type FormatChoice } from '#core/timestamps.ts';
import { buildNormaliseSql, buildRejectsSql, cleanColumnsSql, parseCountsSql } from './build-normalise-sql.ts';
import { TIMESTAMP_FIELDS } from './field-names.ts';
import type { GenericMapping } from './mapping.ts';
import { findCutOffLastRow } from '#file-input/truncated-row.ts';
import { formatLabel } from './value-kinds.ts';
import { usedParams } from '#core/sql/used-params.ts';

export interface StageOptions {
  filePath: string;
  fileName: string;
  /** A mapping file's; without one the connector detects the columns (stage-detected.ts). */
  mapping: GenericMapping;
  districtTimeZone: string;
  /** The sniffed delimiter; the mapping's own `delimiter` wins. */
  delimiter?: string;
  /** Read only the first rows (previews). */
  sampleRows?: number;
  /**
   * What to read instead of the CSV at filePath: a detected file's relation (stage-detected.ts:
   * a JSON file's flattened records, a CSV from its header line), its bound parameters and
   * columns, and the delimiter for the cut-off-last-row check (none: no check).
   */
  relation?: { sql: string; params: Record<string, unknown>; columns: string[]; delimiter?: string };
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
  const relation = options.relation;
  const delimiter = relation ? relation.delimiter : (options.mapping?.delimiter ?? options.delimiter);
  const headers = relation?.columns ?? (await csvHeaders(tx, options.filePath, delimiter));
  let mapping = options.mapping;
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
  const source = relation?.sql ?? readCsvSql(delimiter);
  const fileParams: Record<string, unknown> = relation?.params ?? { path: options.filePath };
  if (delimiter && !relation) fileParams.delim = delimiter;
  const tsCols = TIMESTAMP_FIELDS.filter((f) => mapping!.fields[f]);
  const tsMapping: GenericMapping = { ...mapping, fields: Object.fromEntries(tsCols.map((f) => [f, mapping!.fields[f]])) };

  // A detected mapping may give each time column its own format (epochs, Excel serials, offsets).
  const ownFormats = tsCols.length > 0 && tsCols.every((f) => mapping!.dateFormats?.[f]);
  let dateFormat = mapping.dateFormat ?? (ownFormats ? 'iso' : undefined);
  // The one format the sample leaves, checked on every value once the file is staged.
  let unchecked: string | undefined;
  if (!dateFormat) {
    // Trying all 14 formats on every value of a million-row file takes most of an import,
    // so the formats are first ranked on the file's first rows, read alone. When they leave
    // one format, as they mostly do, the staging parses every value with it, and its
    // failures (the date rejects) are checked below: the choice is still made on all of the
    // file. When they leave several (month-first and day-first while every day is <= 12),
    // those are counted on every value first, in one more read of the file.
    const cleanTs = cleanColumnsSql(tsMapping);
    await tx.run(
      `CREATE OR REPLACE TEMP TABLE clean_sample AS SELECT ${cleanTs.sql} FROM ${source} LIMIT ${DATE_SAMPLE_ROWS}`,
      { ...cleanTs.params, ...fileParams } as Params,
    );
    const [sampled] = await tx.all<Record<string, number>>(formatFailuresSql('clean_sample', tsCols, TIMESTAMP_FORMATS), [mapping.timeZone!]);
    await tx.run('DROP TABLE clean_sample');
    const { failures: sampleFails, left: tied } = formatsLeftBySample(sampled);
    if (options.sampleRows) {
      // A preview reads only the first rows: they decide.
      dateFormat = decideFormat(fileName, chooseFormat(sampleFails, sampled.total), notes);
    } else if (tied.length === 1) {
      dateFormat = unchecked = tied[0];
    } else {
      const from = `(SELECT ${cleanTs.sql} FROM ${source})`;
      const [fails] = await tx.all<Record<string, number>>(
        formatFailuresSql('', tsCols, tied, { from, tzParam: '$tz' }),
        { ...cleanTs.params, ...fileParams, tz: mapping.timeZone! } as Params,
      );
      dateFormat = decideFormat(fileName, chooseFormat(tied.map((_, i) => fails[`f${i}`]), fails.total, tied), notes);
    }
  }

  // One read of the file, straight into the staged rows: mapped, trimmed, parsed, classified.
  const norm = buildNormaliseSql(mapping, dateFormat, source, { limit: !!options.sampleRows });
  const readParams: Record<string, unknown> = { ...norm.params, ...fileParams };
  if (options.sampleRows) readParams.limit = options.sampleRows;
  // Epoch and offset formats take no zone: bind only what the statement names.
  await tx.run(norm.sql, usedParams(norm.sql, readParams) as Params);
  for (const sql of norm.viewSql) await tx.run(sql);
  const [{ n }] = await tx.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${STAGED_ROWS_TABLE}`);
  if (n === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${fileName}: has a header but no rows`);
  if (!options.sampleRows && delimiter && !/\.gz$/i.test(options.filePath)) {
    const cut = findCutOffLastRow(options.filePath, delimiter, headers.length);
    if (cut) {
      // The cut row is rejected, not imported with its missing columns read as empty. It is
      // the last row read, so it goes from the staging table (removing the last keeps
      // every other row's number).
      await tx.run(`DELETE FROM ${STAGED_ROWS_TABLE} WHERE rowid = (SELECT max(rowid) FROM ${STAGED_ROWS_TABLE})`);
      await tx.run('INSERT INTO rejects (_row, column_name, value, reason) VALUES ($row, $column, $value, $reason)', {
        row: n - 1, column: headers[cut.fields - 1], value: cut.lastValue,
        reason: `the file looks truncated: the last row has ${cut.fields} of ${cut.expected} columns and no line break after it; export the file again`,
      });
      notes.push(`the last row (row ${n + 1}) looks cut off: ${cut.fields} of ${cut.expected} columns`);
    }
  }
  const rejects = buildRejectsSql(mapping, dateFormat);
  await tx.run(rejects.sql, rejects.params as Params);
  if (ownFormats) {
    const [{ failed, total }] = await tx.all<{ failed: number; total: number }>(parseCountsSql(mapping));
    if (total > 0 && failed * 2 > total) {
      throw new ImportError('SB_ERR_DATE_FORMAT', `${fileName}: ${failed} of ${total} dates do not parse in the format their first rows showed; pass --field to name the time columns`);
    }
    for (const f of tsCols) notes.push(`dates: ${f} '${mapping.fields[f]}' read as ${formatLabel(mapping.dateFormats![f]!)}`);
  }
  if (unchecked) {
    const [{ failed, total }] = await tx.all<{ failed: number; total: number }>(parseCountsSql(mapping));
    decideFormat(fileName, chooseFormat([failed], total, [unchecked]), notes);
  }
  return { rowsRead: n, mapping, dateFormat, notes };
}
