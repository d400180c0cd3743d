/**
 * What one text value looks like, read the way DuckDB will read it later: an instant in
 * one of the formats the generic connector knows (each with the SQL that parses it, in
 * `instantSql`), a date without a time, an integer, or a label. Pure: the column scorer
 * (column-roles.ts) counts these over a sample to decide which columns hold times.
 *
 * Numeric instants (epoch seconds and milliseconds, Excel serial days) are indistinguishable
 * from ids and counts by value alone, so they are offered only for columns whose name speaks
 * of a time (`ts`, `created_time`, `Date Received`); the scorer passes that in.
 */
import { quoteIdent } from '#core/sql/quote.ts';
import { timestampSql } from '#core/timestamps.ts';

/** Format ids: 'iso', a strptime format, or a numeric instant. */
export type InstantFormat = string;

export interface ValueKind {
  format?: InstantFormat;
  /** An instant with no time of day (a due date, a date-only column). */
  dateOnly?: boolean;
  /** A value exports write for "no date" (0000-00-00, .NET's 0001-01-01, the Unix epoch). */
  unset?: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const DASH_DMY = /^(\d{1,2})-(\d{1,2})-(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(\s*[+-]\d{4})?$/;
const DOT_DMY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Epoch seconds and milliseconds between 2001 and 2100; Excel serial days 1982-2100. */
const EPOCH_S = [1e9, 4.1e9];
const EXCEL = [30000, 73000];

/** The numeric instants: each a scale a bare number is read on. */
export const NUMERIC_FORMATS: readonly InstantFormat[] = ['epoch_s', 'epoch_ms', 'excel'];
export const isNumericFormat = (format: InstantFormat) => NUMERIC_FORMATS.includes(format);

/**
 * The kind of a value. Slash dates report the order their numbers allow: 'md' where the
 * first number is over 12, 'dm' where the second is, 'either' where both are <= 12.
 */
export function valueKind(value: string, numericTimes: boolean): ValueKind & { slashOrder?: 'md' | 'dm' | 'either' } {
  const v = value.trim();
  let m = ISO.exec(v);
  if (m) {
    const year = Number(m[1]);
    if (year < 1971) return { unset: true };
    return { format: 'iso', dateOnly: m[4] === undefined };
  }
  if (/^0000-00-00/.test(v)) return { unset: true };
  m = SLASH.exec(v);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const order = a > 12 ? 'dm' : b > 12 ? 'md' : 'either';
    const time = m[4] === undefined ? '' : m[7] ? (m[6] ? ' %I:%M:%S %p' : ' %I:%M %p') : m[6] ? ' %H:%M:%S' : ' %H:%M';
    // The order is settled over the column (slashFormat); the time part is the value's.
    return { format: `slash${time}`, dateOnly: m[4] === undefined, slashOrder: order };
  }
  m = DASH_DMY.exec(v);
  if (m) return { format: `%d-%m-%Y %H:%M${m[6] ? ':%S' : ''}${m[7] ? ' %z' : ''}` };
  m = DOT_DMY.exec(v);
  if (m) return { format: `%d.%m.%Y %H:%M${m[6] ? ':%S' : ''}` };
  if (numericTimes && NUMBER.test(v)) {
    const n = Number(v);
    if (n >= EPOCH_S[0] && n < EPOCH_S[1]) return { format: 'epoch_s' };
    if (n >= EPOCH_S[0] * 1000 && n < EPOCH_S[1] * 1000) return { format: 'epoch_ms' };
    if (n >= EXCEL[0] && n < EXCEL[1]) return { format: 'excel', dateOnly: !v.includes('.') };
  }
  return {};
}

/** A slash format with its day/month order settled: 'slash %I:%M %p' -> '%m/%d/%Y %I:%M %p'. */
export function slashFormat(format: string, dayFirst: boolean): string {
  return `${dayFirst ? '%d/%m/%Y' : '%m/%d/%Y'}${format.slice('slash'.length)}`;
}

/**
 * SQL turning text column `column` into TIMESTAMPTZ (NULL where it does not parse or is an
 * "unset" date), for a format from this module; `tzParam` is the bound zone of wall-clock
 * values. Formats with an explicit offset (%z, epochs) are instants as written.
 */
export function instantSql(column: string, format: InstantFormat, tzParam: string): string {
  const col = quoteIdent(column);
  let sql: string;
  // A number off the column's scale (an epoch among serial days) is a reject, not an
  // overflow that fails the whole import: only the scale's own range is converted.
  const inRange = ([lo, hi]: number[]) => `(CASE WHEN try_cast(${col} AS DOUBLE) >= ${lo} AND try_cast(${col} AS DOUBLE) < ${hi} THEN try_cast(${col} AS DOUBLE) END)`;
  if (format === 'epoch_s') sql = `to_timestamp(${inRange(EPOCH_S)})`;
  else if (format === 'epoch_ms') sql = `to_timestamp(${inRange(EPOCH_S.map((n) => n * 1000))} / 1000)`;
  else if (format === 'excel') {
    sql = `timezone(${tzParam}, TIMESTAMP '1899-12-30' + to_microseconds(round(${inRange(EXCEL)} * 86400) ::BIGINT * 1000000))`;
  } else if (format.includes('%z')) sql = `try_strptime(${col}, '${format.replaceAll("'", "''")}')::TIMESTAMPTZ`;
  else sql = timestampSql(column, format, tzParam);
  // Exports write 0000-00-00, 0001-01-01 or the Unix epoch for "no date": that is empty, not a row to reject.
  return `(CASE WHEN regexp_matches(${col}, '^(0000-00-00|0001-01-01|1970-01-01[T ]00:00:00)') THEN NULL ELSE ${sql} END)`;
}

/** How a format reads to a person, for notes and reject reasons. */
export function formatLabel(format: InstantFormat): string {
  if (format === 'iso') return 'ISO 8601 (2025-08-19 14:05:00, with or without an offset)';
  if (format === 'epoch_s') return 'Unix epoch seconds';
  if (format === 'epoch_ms') return 'Unix epoch milliseconds';
  if (format === 'excel') return 'Excel serial days (45890.375 = 2025-08-21 09:00)';
  return `'${format}'`;
}
