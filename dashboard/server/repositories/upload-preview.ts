/**
 * What the upload page shows before anything is written: the connector detection picked
 * for the file, the column -> field matches (for a person to confirm or correct), and the
 * first rows. Only the first 64 KiB are read, so a large export previews at once.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { detectConnector } from '../../../connectors/registry.ts';
import { GENERIC_FIELDS, matchColumns } from '../../../connectors/generic/field-names.ts';

const HEAD_BYTES = 64 * 1024;

export interface UploadPreview {
  connector: string | null;
  detection: string;
  delimiter: string;
  headers: string[];
  matches: { field: string; column: string; reason: string }[];
  fields: string[];
  sampleRows: string[][];
}

function readHead(path: string): string {
  const buf = Buffer.alloc(HEAD_BYTES);
  const fd = openSync(path, 'r');
  try {
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    let text = buf.subarray(0, n).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // Keep whole lines only: the last one may be cut by the byte limit.
    if (n === HEAD_BYTES) text = text.slice(0, text.lastIndexOf('\n') + 1);
    return text;
  } finally {
    closeSync(fd);
  }
}

/** The delimiter that splits the header line into the most columns. */
export function guessDelimiter(headerLine: string): string {
  const candidates = [',', ';', '\t', '|'];
  return candidates.reduce((best, d) => (headerLine.split(d).length > headerLine.split(best).length ? d : best), ',');
}

export function previewUpload(path: string, fileName: string): UploadPreview {
  const text = readHead(path);
  const delimiter = guessDelimiter(text.split(/\r?\n/, 1)[0] ?? '');
  let records: string[][] = [];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: 7 }) as string[][];
  } catch {
    records = [];
  }
  const headers = records[0] ?? [];
  const detection = detectConnector({ fileName, headers });
  return {
    connector: detection.connector?.name ?? null,
    detection: detection.reason,
    delimiter,
    headers,
    matches: headers.length ? matchColumns(headers) : [],
    fields: [...GENERIC_FIELDS],
    sampleRows: records.slice(1, 6),
  };
}
