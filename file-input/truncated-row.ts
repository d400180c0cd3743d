/**
 * Whether a delimited file was cut off in its last row: a download or copy that stopped
 * early leaves a final line with no line break after it and fewer fields than the header
 * ('H3,2024-08-2'). DuckDB pads such a row with NULLs and would import it, misdated.
 *
 * Both signs are needed: a complete last row without a final line break is common, and so
 * are rows whose trailing columns are empty (they still have every delimiter). Only the
 * file's tail is read (of a gzip file, the decompressed stream's). When the last line has an odd number of quotes it continues a
 * quoted multi-line value, and the check says nothing (DuckDB refuses an unclosed quote).
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { budgetCounter } from './decompression-budget.ts';

export const TAIL_BYTES = 64 * 1024;

export interface CutOffRow {
  /** Fields the last row has, and the header's count. */
  fields: number;
  expected: number;
  /** The last field present (the one that was cut), as written. */
  lastValue: string;
}

/** Pure: the verdict on a file's tail (decoded text), given the delimiter and the header's field count. */
export function cutOffLastRow(tail: string, delimiter: string, expected: number): CutOffRow | undefined {
  if (tail === '' || tail.endsWith('\n') || tail.endsWith('\r')) return undefined;
  const lineStart = Math.max(tail.lastIndexOf('\n'), tail.lastIndexOf('\r'));
  if (lineStart < 0) return undefined; // the tail is one long line: too little to judge
  const line = tail.slice(lineStart + 1);
  if ((line.match(/"/g)?.length ?? 0) % 2 !== 0) return undefined;
  let record: string[];
  try {
    [record] = parse(line, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
  } catch {
    return undefined;
  }
  if (!record || record.length >= expected) return undefined;
  return { fields: record.length, expected, lastValue: record[record.length - 1] ?? '' };
}

/** Reads the last bytes of an uncompressed UTF-8 file and judges its last row. */
export function findCutOffLastRow(path: string, delimiter: string, expected: number): CutOffRow | undefined {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const magic = Buffer.alloc(2);
    // A compressed tail is not text: gzip is judged on its decompressed stream (gzipTail).
    if (readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b) return undefined;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return cutOffLastRow(buffer.toString('utf8'), delimiter, expected);
  } finally {
    closeSync(fd);
  }
}

/**
 * The last TAIL_BYTES of a gzip file's decompressed stream. Gzip cannot be read from the
 * end, so the whole stream is inflated once, keeping only the tail. Rejects when the
 * compressed stream is damaged or ends early (a download cut off in the compressed bytes),
 * or inflates past its budget (decompression-budget.ts).
 */
export async function gzipTail(path: string): Promise<Buffer> {
  const recent: Buffer[] = [];
  let held = 0;
  await pipeline(createReadStream(path), createGunzip(), budgetCounter(statSync(path).size), async (inflated: AsyncIterable<Buffer>) => {
    for await (const chunk of inflated) {
      recent.push(chunk);
      held += chunk.length;
      // Drop whole chunks that the tail no longer needs.
      while (held - recent[0].length >= TAIL_BYTES) held -= recent.shift()!.length;
    }
  });
  const all = Buffer.concat(recent);
  return all.subarray(Math.max(0, all.length - TAIL_BYTES));
}
