/**
 * Timestamp formats, decided once per file from its values (never row by row), and the
 * SQL that turns a text column into a UTC TIMESTAMPTZ.
 *
 * Exports write wall-clock times in the helpdesk's zone more often than not. Values with an
 * explicit offset or 'Z' are instants as written; values without one are wall-clock times
 * in the file's zone (the mapping's `timeZone`, else the district's zone setting).
 */
import { quoteIdent } from './sql/quote.ts';

/** 'iso' means ISO 8601 (a space or 'T' between date and time, optional offset). */
export const TIMESTAMP_FORMATS = [
  'iso',
  '%m/%d/%Y %H:%M:%S',
  '%m/%d/%Y %H:%M',
  '%m/%d/%Y %I:%M:%S %p',
  '%m/%d/%Y %I:%M %p',
  '%m/%d/%Y',
  '%d/%m/%Y %H:%M:%S',
  '%d/%m/%Y %H:%M',
  '%d/%m/%Y',
  '%d-%m-%Y %H:%M:%S',
  '%d-%m-%Y %H:%M',
  '%d.%m.%Y %H:%M:%S',
  '%d.%m.%Y %H:%M',
  '%Y/%m/%d %H:%M:%S',
] as const;

/**
 * SQL expression turning text column `column` into TIMESTAMPTZ, or NULL where the value
 * does not parse. `tzParam` is the placeholder of the bound time-zone name.
 */
export function timestampSql(column: string, format: string, tzParam: string): string {
  const col = quoteIdent(column);
  if (format === 'iso') {
    return `(CASE WHEN regexp_matches(${col}, '(Z|[+-]\\d{2}(:?\\d{2})?)$') THEN try_cast(${col} AS TIMESTAMPTZ) ELSE timezone(${tzParam}, try_cast(${col} AS TIMESTAMP)) END)`;
  }
  // Formats come from TIMESTAMP_FORMATS or a mapping file; strptime takes them as a string literal.
  return `timezone(${tzParam}, try_strptime(${col}, '${format.replaceAll("'", "''")}'))`;
}

/**
 * SQL counting, per candidate format, the non-empty values of `columns` it fails to parse,
 * in `table` (or the relation `from`, SQL text); the zone is bound as `tzParam`.
 */
export function formatFailuresSql(
  table: string,
  columns: string[],
  formats: readonly string[],
  options: { from?: string; tzParam?: string } = {},
): string {
  const tz = options.tzParam ?? '$1';
  const parts = formats.map((fmt, i) => {
    const fails = columns
      .map((c) => `count(*) FILTER (WHERE ${quoteIdent(c)} IS NOT NULL AND ${timestampSql(c, fmt, tz)} IS NULL)`)
      .join(' + ');
    return `(${fails})::INTEGER AS f${i}`;
  });
  const total = columns.map((c) => `count(${quoteIdent(c)})`).join(' + ');
  return `SELECT ${parts.join(', ')}, (${total || '0'})::INTEGER AS total FROM ${options.from ?? quoteIdent(table)}`;
}

/**
 * What a sample of a file says about its date format: the failures of each of `formats`
 * on the sample (from formatFailuresSql's f0, f1...), and the formats left, those with the
 * fewest. One format left is the usual case, and it is checked on every value from the
 * rows it rejects; several left (month-first and day-first while every day is at most 12)
 * are counted on every value before the choice.
 */
export function formatsLeftBySample(sampled: Record<string, number>, formats: readonly string[] = TIMESTAMP_FORMATS): { failures: number[]; left: string[] } {
  const failures = formats.map((_, i) => sampled[`f${i}`]);
  const fewest = Math.min(...failures);
  return { failures, left: formats.filter((_, i) => failures[i] === fewest) };
}

export interface FormatChoice {
  format?: string;
  reason: string;
}

/**
 * Picks the format that parses the most values (the earliest listed on a tie), says why,
 * and flags day/month ambiguity. Values it cannot parse become rejected rows; a file where
 * even the best format fails on more than half the values is refused instead.
 */
export function chooseFormat(failures: number[], total: number, formats: readonly string[] = TIMESTAMP_FORMATS): FormatChoice {
  const best = failures.indexOf(Math.min(...failures));
  const chosen = formats[best];
  if (total === 0) return { format: 'iso', reason: 'no dates to detect a format from' };
  if (failures[best] * 2 > total) {
    return { reason: `no known date format parses most values; the closest, '${chosen}', fails on ${failures[best]} of ${total}` };
  }
  const ok = formats.filter((_, i) => failures[i] === failures[best]);
  const dayFirst = ok.find((f) => f.startsWith('%d'));
  const rejected = failures[best] ? `; ${failures[best]} value(s) that do not fit it are rejected` : '';
  if (chosen.startsWith('%m') && dayFirst) {
    return {
      format: chosen,
      reason: `the values fit both month-first and day-first; chose '${chosen}' (set dateFormat to '${dayFirst}' if days come first)${rejected}`,
    };
  }
  return { format: chosen, reason: `values parse as '${chosen}'${rejected}` };
}
