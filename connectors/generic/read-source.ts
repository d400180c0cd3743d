/**
 * The generic connector's reading of a file into one all-text table of columns, whatever
 * the file's shape, so the column scorer and the staging see CSV and JSON alike:
 * - delimited text: DuckDB's read_csv, from the header line (title rows above it skipped,
 *   file-input/header-line.ts); columns DuckDB names for empty headers are kept (they are
 *   empty and take no role);
 * - JSON: an array of records, newline-delimited records, or an object whose largest array
 *   of objects holds the records (`{"users": [...], "tickets": [...]}` reads `tickets`).
 *   The file (gzip too) is never parsed whole: a first pass counts the first document's
 *   arrays (jsonTopLevel), then the records are split one a line (jsonRecords, the vendor
 *   connectors' scanner) and DuckDB reads the lines, so memory follows the largest record,
 *   not the file. Nested objects are flattened by path (`group.name`); keys that already
 *   contain dots (GLPI's `Ticket.Group.completename`) stay as written. Arrays inside a
 *   record are not exploded into rows.
 *
 * Paths, the wrapper key and the file path are bound parameters; column names go through
 * quoteIdent.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ConnectionQueries, Params } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import { findHeaderLine } from '#file-input/header-line.ts';
import { jsonRecords, jsonTopLevel } from '#file-input/json-records.ts';
import { jsonReadMemory, withMemoryAtLeast } from '../kit/read-export.ts';
import { isGzip, readRecords } from './read-json-records.ts';

/** The table the generic connector stages from. */
export const SOURCE_TABLE = 'generic_source';
const HEAD_BYTES = 128 * 1024;
/** Records sampled to find a JSON file's columns (fields that are missing where empty, as Airtable writes, show up over many). */
const JSON_PATH_SAMPLE = 2_000;

export interface SourceTable {
  /** Column names in file order (dotted paths for JSON). */
  columns: string[];
  /** SQL reading the source (a table, or read_csv with `$path` etc. bound in `params`). */
  from: string;
  params: Record<string, unknown>;
  /** CSV: the delimiter and the lines above the header. */
  delimiter?: string;
  skip?: number;
  notes: string[];
}

function head(filePath: string): { text: string; complete: boolean } {
  const buf = Buffer.alloc(HEAD_BYTES);
  const fd = openSync(filePath, 'r');
  let n: number;
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  let bytes = buf.subarray(0, n);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes, { finishFlush: 2 });
    } catch {
      return { text: '', complete: false };
    }
  }
  return { text: bytes.toString('utf8'), complete: n < HEAD_BYTES };
}

/** DuckDB's read_csv of the export, every column text, from the header line. */
export function readCsvSql(options: { delimiter?: string; skip?: number }): string {
  return `read_csv($path, all_varchar = true, header = true, quote = '"', escape = '"', strict_mode = false, null_padding = true${options.delimiter ? ', delim = $delim' : ''}${options.skip ? ', skip = $skip' : ''})`;
}

export async function readCsvSource(tx: ConnectionQueries, filePath: string, delimiter?: string): Promise<SourceTable> {
  const notes: string[] = [];
  const { text, complete } = head(filePath);
  const found = text ? findHeaderLine(text, { complete, delimiter }) : { skip: 0, delimiter: delimiter ?? ',', headers: [] };
  if ('reason' in found && found.reason) notes.push(found.reason);
  const delim = delimiter ?? found.delimiter;
  const params: Record<string, unknown> = { path: filePath, delim };
  if (found.skip) params.skip = found.skip;
  const from = readCsvSql({ delimiter: delim, skip: found.skip });
  const cols = await tx.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${from})`, params as Params);
  return { columns: cols.map((c) => c.column_name), from, params, delimiter: delim, skip: found.skip, notes };
}

/** The leaf paths of a JSON record: nested objects by key, arrays left out. */
export function recordPaths(record: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return out;
  for (const [key, value] of Object.entries(record as Record<string, unknown>)) {
    const path = [...prefix, key];
    if (Array.isArray(value)) continue;
    if (value && typeof value === 'object') recordPaths(value, path, out);
    else out.push(path);
  }
  return out;
}

/** A JSON path for DuckDB with every key quoted: ['Ticket.id'] -> $."Ticket.id". */
export function jsonPath(keys: string[]): string {
  return `$${keys.map((k) => `."${k.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join('')}`;
}

export async function readJsonSource(
  tx: ConnectionQueries,
  filePath: string,
  fileName: string,
  limits: { maxRecordBytes?: number; chunkBytes?: number } = {},
): Promise<SourceTable> {
  const notes: string[] = [];
  const read = { fileName, gzip: isGzip(filePath), ...limits };
  // First pass: the first document's arrays, counted. One document (a wrapper object): its
  // largest array whose first item is an object holds the records (the first written on a tie).
  const top = await jsonTopLevel(filePath, read);
  const arrays = top.docs === 1 ? top.arrays.filter((a) => a.items > 0 && a.firstIsObject).sort((a, b) => b.items - a.items) : [];
  const wrapper = arrays[0];
  if (wrapper) {
    notes.push(`records: the "${wrapper.key}" array (${wrapper.items} records${arrays.length > 1 ? `; also ${arrays.slice(1).map((a) => `"${a.key}" (${a.items})`).join(', ')}` : ''})`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-generic-json-'));
  try {
    const split = await jsonRecords(filePath, { ...read, recordKeys: wrapper ? [wrapper.rawKey] : [], dir });
    await withMemoryAtLeast(tx, jsonReadMemory(Math.max(split.largestDoc, split.largestRecord)), () => readRecords(tx, split, read));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const sample = await tx.all<{ r: string }>(`SELECT r::VARCHAR AS r FROM generic_records LIMIT ${JSON_PATH_SAMPLE}`);
  if (!sample.length) throw new ImportError('SB_ERR_NOT_A_TICKET_EXPORT', `${fileName}: holds no JSON records (objects); export the tickets again`);
  const seen = new Map<string, string[]>();
  for (const { r } of sample) for (const p of recordPaths(JSON.parse(r))) if (!seen.has(p.join('.'))) seen.set(p.join('.'), p);
  const columns = [...seen.keys()];
  const select = columns.map((c, i) => `json_extract_string(r, $p${i}) AS ${quoteIdent(c)}`);
  const pathParams = Object.fromEntries(columns.map((c, i) => [`p${i}`, jsonPath(seen.get(c)!)]));
  await tx.run(`CREATE OR REPLACE TEMP TABLE ${SOURCE_TABLE} AS SELECT ${select.join(', ')} FROM generic_records`, pathParams as Params);
  await tx.run('DROP TABLE generic_records');
  return { columns, from: SOURCE_TABLE, params: {}, notes };
}

/**
 * Columns read per sampling query. DuckDB fills a whole vector (2,048 rows) per column
 * whatever the LIMIT, so one query over a 10,000-column file asked for over 600 MB and ran
 * out of the staging's memory; slices of columns keep each query's chunk small.
 */
export const SAMPLE_COLUMN_SLICE = 1024;
/** Cells (rows x columns) the scorer's sample may hold: a wide file is sampled on fewer rows. */
export const SAMPLE_CELLS = 1_000_000;

/** The rows a sample of `limit` rows keeps over `columns` columns, within SAMPLE_CELLS (never under 50). */
export function sampleRowLimit(limit: number, columns: number): number {
  return Math.min(limit, Math.max(50, Math.floor(SAMPLE_CELLS / Math.max(1, columns))));
}

/** The first rows of a source (up to `limit`, fewer for a wide file) as text, in column order: the scorer's sample. */
export async function sampleRows(tx: ConnectionQueries, source: SourceTable, limit: number): Promise<(string | null)[][]> {
  const n = sampleRowLimit(limit, source.columns.length);
  let rows: (string | null)[][] = [];
  for (let start = 0; start === 0 || start < source.columns.length; start += SAMPLE_COLUMN_SLICE) {
    const slice = source.columns.slice(start, start + SAMPLE_COLUMN_SLICE);
    // Aliased by position: an object's integer-like keys ('1', '2') would come out first.
    // The same first rows each time: a CSV scan and a JSON table both keep the file's order.
    const cols = slice.map((c, i) => `${quoteIdent(c)}::VARCHAR AS c${i}`).join(', ');
    const part = await tx.all<Record<string, string | null>>(`SELECT ${cols || '1 AS c0'} FROM ${source.from} LIMIT ${Number(n)}`, source.params as Params);
    if (start === 0) rows = part.map(() => []);
    part.forEach((r, j) => rows[j]?.push(...slice.map((_, i) => r[`c${i}`] ?? null)));
  }
  return rows;
}
