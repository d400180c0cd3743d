/**
 * Writes datasets (see datasets.ts) to a folder as Parquet, CSV, Arrow IPC or XLSX, with a
 * data dictionary (`data-dictionary.csv`: dataset, column, type, meaning) and a manifest of
 * row counts. Parquet and CSV are DuckDB's own COPY; Arrow is built from DuckDB's columns
 * (core/arrow); XLSX is streamed row by row. Report tables are written from the report's
 * rows through a temporary JSON file, so every format reads them the same way.
 */
import { createWriteStream, mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RecordBatch, RecordBatchFileWriter, RecordBatchStreamWriter } from 'apache-arrow';
import ExcelJS from 'exceljs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { bindParams, bindTypes, type Database, type Params } from '#core/db/database.ts';
import { quotePathLiteral } from '#core/sql/quote.ts';
import { readSettings } from '#core/settings.ts';
import { arrowBatches, arrowKindOf, arrowReadySelect, arrowSchema, type ColumnType } from '#core/arrow/duckdb-to-arrow.ts';
import { ensureTicketFacts } from '../ticket-facts/ticket-facts.ts';
import { buildReport, type Report, type ReportTable } from '../report/report.ts';
import { DATASETS, type Dataset } from './datasets.ts';
import { meaningOf } from './dictionary.ts';

export const EXPORT_FORMATS = ['parquet', 'csv', 'arrow', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const EXTENSION: Record<ExportFormat, string> = { parquet: 'parquet', csv: 'csv', arrow: 'arrow', xlsx: 'xlsx' };

/** Excel's last row; a larger table is refused in XLSX with the formats that hold it. */
export const XLSX_MAX_ROWS = 1_048_575;

export interface ExportedDataset {
  dataset: string;
  /** The file written, relative to the folder; absent when the dataset had no rows to type. */
  file?: string;
  rows: number;
  columns: ColumnType[];
}

export interface ExportManifest {
  format: ExportFormat;
  exported_at: string;
  datasets: ExportedDataset[];
}

export class ExportError extends Error {}

function reportRows(report: Report, table: ReportTable): object[] {
  return table === 'trends_week' ? report.trends.week : table === 'trends_month' ? report.trends.month : report[table];
}

/** The columns `sql` returns (its parameters bound, as DESCRIBE plans the query with them). */
export async function describe(connection: DuckDBConnection, sql: string, params: Params = []): Promise<ColumnType[]> {
  const reader = await connection.runAndReadAll(`DESCRIBE ${sql}`, bindParams(params), bindTypes(params));
  return reader.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

async function countRows(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM (${sql})`);
  return Number(reader.getRowObjectsJS()[0].n);
}

/**
 * Writes `sql`'s rows to `path` as Arrow IPC: the file format (with a footer, for tools that
 * open files) or the stream format (for HTTP clients that read as bytes arrive). `params`
 * are `sql`'s bound values. A query without rows still writes its schema and one empty
 * batch: apache-arrow's writer writes nothing at all for no batches, which no reader opens.
 */
export async function writeArrow(
  connection: DuckDBConnection,
  sql: string,
  columns: ColumnType[],
  path: string,
  layout: 'file' | 'stream' = 'file',
  params: Params = [],
): Promise<void> {
  const out = createWriteStream(path, { mode: 0o600 });
  const writer = layout === 'file' ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
  const piped = (async () => {
    for await (const bytes of writer) if (!out.write(bytes)) await once(out, 'drain');
  })();
  let batches = 0;
  for await (const batch of arrowBatches(connection, sql, columns, params)) {
    writer.write(batch);
    batches++;
  }
  if (batches === 0) writer.write(new RecordBatch(arrowSchema(columns), undefined));
  writer.finish();
  await piped;
  out.end();
  await once(out, 'finish');
}

async function writeXlsx(connection: DuckDBConnection, sql: string, columns: ColumnType[], sheet: string, path: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const ws = workbook.addWorksheet(sheet.slice(0, 31));
  ws.addRow(columns.map((c) => c.name)).commit();
  // The Arrow-ready values (numbers, booleans, epoch milliseconds and days, JSON text for
  // nested values): instants and days become Excel dates, in UTC.
  const kinds = columns.map((c) => arrowKindOf(c.type));
  const result = await connection.stream(`SELECT ${arrowReadySelect(columns)} FROM (${sql}) AS q`);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (const row of chunk.getRows()) {
      const cells = row.map((v, i) => {
        if (v === null) return null;
        if (kinds[i] === 'timestamp') return new Date(Number(v));
        if (kinds[i] === 'date') return new Date(Number(v) * 86_400_000);
        return v as string | number | boolean;
      });
      ws.addRow(cells).commit();
    }
  }
  ws.commit();
  await workbook.commit();
}

async function writeDataset(
  connection: DuckDBConnection,
  dataset: Dataset,
  sql: string,
  format: ExportFormat,
  dir: string,
): Promise<ExportedDataset> {
  const columns = await describe(connection, sql);
  const rows = await countRows(connection, sql);
  const file = `${dataset.name}.${EXTENSION[format]}`;
  const path = join(dir, file);
  if (format === 'xlsx' && rows > XLSX_MAX_ROWS) {
    throw new ExportError(`${dataset.name} has ${rows.toLocaleString('en-US')} rows, more than an Excel sheet holds (${XLSX_MAX_ROWS.toLocaleString('en-US')}); export it as parquet, csv or arrow`);
  }
  if (format === 'parquet') await connection.run(`COPY (${sql}) TO ${quotePathLiteral(path)} (FORMAT parquet, COMPRESSION zstd)`);
  else if (format === 'csv') await connection.run(`COPY (${sql}) TO ${quotePathLiteral(path)} (FORMAT csv, HEADER)`);
  else if (format === 'arrow') await writeArrow(connection, sql, columns, path);
  else await writeXlsx(connection, sql, columns, dataset.name, path);
  return { dataset: dataset.name, file, rows, columns };
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function dataDictionaryCsv(datasets: ExportedDataset[]): string {
  const lines = ['dataset,column,type,meaning'];
  for (const d of datasets) {
    for (const c of d.columns) {
      const meaning = meaningOf(d.dataset, c.name) ?? `see docs/metrics.md (${d.dataset.replace(/^report_/, 'report table ')})`;
      lines.push([d.dataset, c.name, c.type, meaning].map(csvCell).join(','));
    }
  }
  return lines.join('\n') + '\n';
}

export interface ExportOptions {
  format: ExportFormat;
  /** Names from DATASETS; all of them when absent. */
  datasets?: string[];
}

/** Writes the datasets into `dir`, which must be new or empty. */
export async function exportDatasets(db: Database, dir: string, options: ExportOptions): Promise<ExportManifest> {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length) throw new ExportError(`${dir} is not empty; export into a new folder`);
  const chosen = options.datasets ? DATASETS.filter((d) => options.datasets!.includes(d.name)) : DATASETS;
  const unknown = (options.datasets ?? []).filter((n) => !DATASETS.some((d) => d.name === n));
  if (unknown.length) throw new ExportError(`no dataset named ${unknown.join(', ')}; choose from ${DATASETS.map((d) => d.name).join(', ')}`);
  mkdirSync(target, { recursive: true, mode: 0o700 });
  const settings = await readSettings(db);
  if (chosen.some((d) => d.kind === 'facts')) await ensureTicketFacts(db, settings);
  const report = chosen.some((d) => d.kind === 'report') ? await buildReport(db, {}, settings) : null;
  const scratch = mkdtempSync(join(tmpdir(), 'switchboard-export-'));
  const connection = await db.connect();
  const written: ExportedDataset[] = [];
  try {
    for (const dataset of chosen) {
      if (dataset.kind !== 'report') {
        written.push(await writeDataset(connection, dataset, dataset.sql!, options.format, target));
        continue;
      }
      const rows = reportRows(report!, dataset.name.replace(/^report_/, '') as ReportTable);
      if (rows.length === 0) {
        written.push({ dataset: dataset.name, rows: 0, columns: [] });
        continue;
      }
      const json = join(scratch, `${dataset.name}.ndjson`);
      writeFileSync(json, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const sql = `SELECT * FROM read_json(${quotePathLiteral(json)}, format = 'newline_delimited', sample_size = -1)`;
      written.push(await writeDataset(connection, dataset, sql, options.format, target));
    }
  } finally {
    connection.closeSync();
    rmSync(scratch, { recursive: true, force: true });
  }
  const manifest: ExportManifest = { format: options.format, exported_at: new Date().toISOString(), datasets: written };
  writeFileSync(join(target, 'data-dictionary.csv'), dataDictionaryCsv(written), { mode: 0o600 });
  writeFileSync(join(target, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  return manifest;
}
