/**
 * The generic connector's thin I/O: DuckDB reads the file into a text-only staging table,
 * then the pure builders beside this module map it into `norm_rows` and `rejects`.
 */
import type { ConnectionQueries, Params } from '../../ingest/db/database.ts';
import { ImportError } from '../../ingest/errors.ts';
import { chooseFormat, formatFailuresSql, TIMESTAMP_FORMATS } from '../../ingest/timestamps.ts';
import { buildCleanSql, buildNormaliseSql, buildRejectsSql } from './build-normalise-sql.ts';
import { matchColumns, TIMESTAMP_FIELDS } from './field-names.ts';
import type { GenericMapping } from './mapping.ts';

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

export async function stageCsvText(tx: ConnectionQueries, filePath: string, delimiter?: string, sampleRows?: number): Promise<string[]> {
  const params: Record<string, string | number> = { path: filePath };
  if (delimiter) params.delim = delimiter;
  if (sampleRows) params.limit = sampleRows;
  await tx.run(
    `CREATE OR REPLACE TEMP TABLE staging AS SELECT (row_number() OVER () - 1) AS _row, * FROM read_csv($path, all_varchar = true, header = true, quote = '"', escape = '"', strict_mode = false, null_padding = true${delimiter ? ', delim = $delim' : ''})${sampleRows ? ' LIMIT $limit' : ''}`,
    params,
  );
  // rowid is offset inside a transaction, so the file order is numbered explicitly;
  // DuckDB keeps insertion order, so row_number() over the scan is the file's row order.
  const cols = await tx.all<{ column_name: string }>('SELECT column_name FROM (DESCRIBE staging)');
  return cols.map((c) => c.column_name).filter((c) => c !== '_row');
}

export async function stageGeneric(tx: ConnectionQueries, options: StageOptions): Promise<StageResult> {
  const { fileName } = options;
  const notes: string[] = [];
  const headers = await stageCsvText(tx, options.filePath, options.mapping?.delimiter ?? options.delimiter, options.sampleRows);
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
  const [{ n }] = await tx.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM staging');
  if (n === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${fileName}: has a header but no rows`);

  const clean = buildCleanSql(mapping);
  await tx.run(clean.sql, clean.params as Params);

  let dateFormat = mapping.dateFormat;
  if (!dateFormat) {
    const tsCols = TIMESTAMP_FIELDS.filter((f) => mapping!.fields[f]);
    // Trying all 14 formats on every value of a million-row file takes most of an import,
    // so the formats are first ranked on a fixed sample, and the ones tied best there
    // (often just one; month-first and day-first when the sample's days are all <= 12)
    // are then counted on every value. The choice is still made on all of the file.
    await tx.run(`CREATE OR REPLACE TEMP TABLE clean_sample AS SELECT * FROM clean USING SAMPLE reservoir(${DATE_SAMPLE_ROWS} ROWS) REPEATABLE (42)`);
    const [sampled] = await tx.all<Record<string, number>>(formatFailuresSql('clean_sample', tsCols, TIMESTAMP_FORMATS), [mapping.timeZone!]);
    const sampleFails = TIMESTAMP_FORMATS.map((_, i) => sampled[`f${i}`]);
    const tied = TIMESTAMP_FORMATS.filter((_, i) => sampleFails[i] === Math.min(...sampleFails));
    const [fails] = await tx.all<Record<string, number>>(formatFailuresSql('clean', tsCols, tied), [mapping.timeZone!]);
    const choice = chooseFormat(tied.map((_, i) => fails[`f${i}`]), fails.total, tied);
    if (!choice.format) {
      throw new ImportError('SB_ERR_DATE_FORMAT', `${fileName}: ${choice.reason}. Set dateFormat in a mapping file (for example "%d/%m/%Y %H:%M")`);
    }
    dateFormat = choice.format;
    notes.push(`dates: ${choice.reason}`);
  }
  const norm = buildNormaliseSql(mapping, dateFormat);
  await tx.run(norm.sql, norm.params as Params);
  const rejects = buildRejectsSql(mapping, dateFormat);
  await tx.run(rejects.sql, rejects.params as Params);
  return { rowsRead: n, mapping, dateFormat, notes };
}
