/**
 * Where a delimited file's header is when it is not on line 1: spreadsheets saved as CSV
 * and report tools put a title, an "exported on" line or a blank line above it ("Report
 * run 9/22/2025 7:02 AM by ..."), often padded with delimiters where a merged cell was.
 * Pure: it sees the decoded text of the file's first bytes.
 *
 * The header is the first line that the dialect splits into as many fields as the data
 * below it, with most of those fields filled, followed by a line of the same width. A
 * padded title row has the width but one filled cell, so it is passed over.
 */
import { sniffCsv } from './dialect.ts';

export interface HeaderLine {
  /** Physical lines above the header (DuckDB's read_csv `skip`). */
  skip: number;
  delimiter: string;
  headers: string[];
  reason?: string;
}

const MAX_SKIP = 15;

export function findHeaderLine(text: string, options: { complete: boolean; delimiter?: string }): HeaderLine {
  const body = text.replace(/^\uFEFF/, '');
  const lines = body.split('\n');
  const first = sniffCsv(body, options);
  if (looksLikeHeader(first.headers, first.rows)) return { skip: 0, delimiter: first.delimiter, headers: first.headers };
  for (let skip = 1; skip <= Math.min(MAX_SKIP, lines.length - 2); skip++) {
    if (lines[skip].trim() === '') continue;
    const rest = lines.slice(skip).join('\n');
    const sniff = sniffCsv(rest, options);
    // A later line must have data under it: the file's last line alone (a row whose
    // delimiter differs from the header's) is not a header found further down.
    if (sniff.rows.length > 0 && looksLikeHeader(sniff.headers, sniff.rows)) {
      return {
        skip, delimiter: sniff.delimiter, headers: sniff.headers,
        reason: `the header is on line ${skip + 1} (${skip} line${skip > 1 ? 's' : ''} above it: a title or note)`,
      };
    }
  }
  return { skip: 0, delimiter: first.delimiter, headers: first.headers };
}

function looksLikeHeader(headers: string[], rows: string[][]): boolean {
  const width = headers.length;
  if (width < 2) return false;
  const named = headers.filter((h) => h.trim() !== '').length;
  if (named < Math.max(2, 0.5 * width)) return false;
  const data = rows.filter((r) => r.some((v) => v.trim() !== ''));
  if (data.length === 0) return true;
  return data.filter((r) => r.length === width).length >= 0.8 * data.length;
}
