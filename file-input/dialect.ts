/**
 * The CSV dialect of a text sample: which delimiter among , ; tab and |, the header, and
 * the first rows. Pure: it sees the decoded text of the file's first bytes.
 *
 * The delimiter is the one that gives the header more than one column and the most rows
 * with exactly the header's column count (then the most columns), so 'a;b,c' data with a
 * ';' header is not mistaken for ','. Quoted fields may hold delimiters and newlines;
 * csv-parse handles them, which a split on the delimiter would not.
 */
import { parse } from 'csv-parse/sync';

export const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface CsvSniff {
  delimiter: string;
  headers: string[];
  /** Up to `maxRows` data rows after the header. */
  rows: string[][];
  reason: string;
}

const label = (d: string) => (d === '\t' ? 'tab' : `'${d}'`);

function records(text: string, delimiter: string, maxRows: number, complete: boolean): string[][] | undefined {
  // A sample cut mid-file ends in a partial record: parse only whole lines before the cut.
  const body = complete ? text : text.slice(0, Math.max(text.lastIndexOf('\n'), 0));
  // Every line ending at once: csv-parse otherwise takes the first line's ending for the
  // whole file, and a CRLF header above LF rows (a file edited in two editors) would read
  // as one long record.
  const read = (to: number) =>
    parse(body, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'], to }) as string[][];
  try {
    return read(maxRows + 1);
  } catch (e) {
    // A quote opened and never closed (a hand-edited or cut file) fails the whole parse;
    // the records before it still show the dialect, so the header is not lost to a
    // delimiter that merely never meets the quote.
    const before = (e as { code?: string; records?: number }).code === 'CSV_QUOTE_NOT_CLOSED' ? ((e as { records?: number }).records ?? 0) : 0;
    if (before === 0) return undefined;
    try {
      return read(Math.min(before, maxRows + 1));
    } catch {
      return undefined;
    }
  }
}

export function sniffCsv(text: string, options: { complete: boolean; delimiter?: string; maxRows?: number }): CsvSniff {
  const maxRows = options.maxRows ?? 20;
  const candidates = options.delimiter ? [options.delimiter] : DELIMITERS;
  let best: { d: string; recs: string[][]; score: number; consistent: number } | undefined;
  for (const d of candidates) {
    const recs = records(text, d, maxRows, options.complete);
    if (!recs || recs.length === 0) continue;
    const width = recs[0].length;
    const data = recs.slice(1);
    const consistent = data.filter((r) => r.length === width).length;
    const score = (width > 1 ? 1_000_000 : 0) + (data.length ? (consistent / data.length) * 1000 : 0) + width;
    if (!best || score > best.score) best = { d, recs, score, consistent };
  }
  if (!best) return { delimiter: options.delimiter ?? ',', headers: [], rows: [], reason: 'no readable rows' };
  const headers = best.recs[0].map((h) => h.trim());
  const rows = best.recs.slice(1, maxRows + 1);
  const reason = options.delimiter
    ? `delimiter ${label(best.d)} (given)`
    : headers.length > 1
      ? `delimiter ${label(best.d)}: ${headers.length} columns, ${best.consistent} of ${rows.length} sampled rows match`
      : 'a single column (no delimiter splits the header)';
  return { delimiter: best.d, headers, rows, reason };
}
