/**
 * Pure pieces of reading a spreadsheet cell: column letters, which number formats are
 * dates, Excel's day serials as wall-clock text, and a CSV field. Excel stores a date as
 * a number of days with no time zone, so it becomes wall-clock text
 * ('2024-08-19 08:00:00'); the import then reads it in the district's (or mapping's)
 * zone, as it reads a CSV's dates.
 */

/** 'A' -> 0, 'Z' -> 25, 'AA' -> 26; from a cell reference such as 'AB12'. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n - 1;
}

/** 0 -> 'A', 27 -> 'AB'. */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The row number of a cell reference ('AB12' -> 12), or undefined. */
export function refRow(ref: string): number | undefined {
  const m = /\d+$/.exec(ref);
  return m ? Number(m[0]) : undefined;
}

/** Excel's built-in number formats that show dates or times (ECMA-376 18.8.30, plus the CJK ones). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isDateFormat(numFmtId: number, formatCode?: string): boolean {
  if (BUILT_IN_DATE_FORMATS.has(numFmtId)) return true;
  if (!formatCode) return false;
  // Quoted text, escaped characters and [colour]/[$-locale] sections are not date parts;
  // elapsed-time brackets ([h], [mm], [ss]) are.
  const bare = formatCode
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '')
    .split(';')[0];
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** The largest serial Excel shows as a date (9999-12-31). */
const MAX_SERIAL = 2_958_465;

/**
 * Day serial -> 'YYYY-MM-DD HH:MM:SS', to the nearest second; undefined outside Excel's
 * date range. In the 1900 system serial 1 is 1900-01-01 and 60 is the 29 February 1900
 * that Lotus made up (Excel keeps it), so serials from 61 count from 1899-12-30. The
 * 1904 system (old Mac workbooks) counts from 1904-01-01 = 0.
 */
export function serialToWallClock(serial: number, date1904 = false): string | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial > MAX_SERIAL) return undefined;
  if (!date1904 && serial >= 60 && serial < 61) return undefined;
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : serial < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const ms = epoch + Math.round(serial * 86_400) * 1000;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Whether a header names a date or time column ('Created Date', 'opened_at', 'Timestamp'). */
export function isDateHeader(header: string): boolean {
  return /(date|time|stamp|created|opened|closed|resolved|updated|changed|modified|due)|(_at|At)$/i.test(header.trim());
}

/** A field of a comma-separated line, quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
