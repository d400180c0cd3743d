/**
 * Streams one worksheet's XML into a UTF-8 CSV file, row by row: only the current row is
 * in memory (plus the shared strings), and the writer waits for the file between chunks.
 *
 * - The header is the first row with at least two values (a title row above it is
 *   skipped); the CSV's columns are the header's, and `headerRow` says where it was, so
 *   rejects can be numbered as the spreadsheet numbers its rows.
 * - Blank rows between data rows are kept as empty CSV rows, so every later row keeps
 *   its number; blank rows at the end are dropped.
 * - Values: shared and inline strings as plain text (rich text runs joined), formulas
 *   their cached value, booleans TRUE/FALSE, errors as shown (#N/A). Numbers in a date
 *   style become wall-clock text; so do day serials in a column named like a date
 *   ('Created Date') when they fall between 1950 and 2100, since hand-kept sheets often
 *   hold dates as General numbers.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { columnIndex, columnLetters, csvField, isDateHeader, refRow, serialToWallClock } from './cell-values.ts';
import { MAX_CELL_CHARS, MAX_ROW_CHARS, MAX_SHEET_COLUMNS, XlsxError, type XlsxArchive } from './xlsx-archive.ts';

/** Day serials 18264 (1950-01-01) to 73051 (2100-01-01): a plausible ticket date in a General cell. */
const PLAUSIBLE_SERIALS: [number, number] = [18_264, 73_051];

export interface SheetContext {
  sheetName: string;
  part: string;
  sharedStrings: string[];
  dateStyles: boolean[];
  date1904: boolean;
}

export interface SheetCsv {
  /** The sheet row (1-based) that held the column names. */
  headerRow: number;
  headers: string[];
  /** Data rows written (blank rows between data rows included). */
  rows: number;
  /** The last sheet row written. */
  lastRow: number;
  notes: string[];
}

interface Cell {
  ref: string;
  col: number;
  type: string;
  style: number;
  value: string;
  inline: string;
  hasValue: boolean;
}

/** ISO date text of a `t="d"` cell -> wall-clock text ('2024-08-19T08:00:00Z' -> '2024-08-19 08:00:00'). */
function isoCellToWallClock(text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?))?/.exec(text.trim());
  if (!m) return text;
  const time = m[2] ? (m[2].length === 5 ? `${m[2]}:00` : m[2]) : '00:00:00';
  return `${m[1]} ${time}`;
}

export async function sheetToCsv(archive: XlsxArchive, ctx: SheetContext, out: Writable): Promise<SheetCsv> {
  const where = (ref: string) => `sheet '${ctx.sheetName}', cell ${ref}`;
  let headers: string[] | undefined;
  let headerRow = 0;
  let dateColumns: boolean[] = [];
  const serialsRead = new Map<number, number>();
  let ignoredCells = 0;
  let rows = 0;
  let lastRow = 0;
  let rowNumber = 0;
  let rowCells: Map<number, string> = new Map();
  let cell: Cell | undefined;
  let lastRef = 'A1';
  let inValue = false;
  let inInline = false;
  let phonetic = 0;
  let pending = '';
  let anyValue = false;

  function cellText(c: Cell): string {
    switch (c.type) {
      case 's': {
        if (!c.hasValue) return '';
        const i = Number(c.value);
        if (!Number.isInteger(i) || i < 0 || i >= ctx.sharedStrings.length) {
          throw new XlsxError(`${where(c.ref)} (row ${refRow(c.ref) ?? rowNumber}, column ${columnLetters(c.col)}): points to shared string ${c.value}, but the workbook has ${ctx.sharedStrings.length}; save it again from Excel`);
        }
        return ctx.sharedStrings[i];
      }
      case 'inlineStr':
        return c.inline;
      case 'b':
        return c.value === '1' ? 'TRUE' : c.value === '0' ? 'FALSE' : c.value;
      case 'd':
        return isoCellToWallClock(c.value);
      case 'str':
      case 'e':
        return c.value;
      default: {
        if (!c.hasValue || c.value === '') return '';
        const n = Number(c.value);
        if (!Number.isFinite(n)) return c.value;
        if (ctx.dateStyles[c.style]) return serialToWallClock(n, ctx.date1904) ?? c.value;
        if (headers && dateColumns[c.col] && n >= PLAUSIBLE_SERIALS[0] && n <= PLAUSIBLE_SERIALS[1]) {
          serialsRead.set(c.col, (serialsRead.get(c.col) ?? 0) + 1);
          return serialToWallClock(n, ctx.date1904) ?? c.value;
        }
        return c.value;
      }
    }
  }

  function endRow(): void {
    // Cells point into shared strings without copying them; the CSV line would. A row
    // longer than DuckDB reads is refused before it is built (a bomb repeats one long string).
    let length = 0;
    for (const v of rowCells.values()) length += v.length + 1;
    if (length > MAX_ROW_CHARS) {
      throw new XlsxError(`sheet '${ctx.sheetName}', row ${rowNumber}: holds ${length.toLocaleString('en-US')} characters, more than the ${MAX_ROW_CHARS.toLocaleString('en-US')} one row may hold; look for a value pasted in by mistake`);
    }
    const values = [...rowCells.entries()].filter(([, v]) => v.trim() !== '');
    if (values.length) anyValue = true;
    if (!headers) {
      if (values.length < 2) return;
      const width = Math.max(...values.map(([col]) => col)) + 1;
      headers = Array.from({ length: width }, (_, i) => (rowCells.get(i) ?? '').trim());
      dateColumns = headers.map(isDateHeader);
      headerRow = rowNumber;
      lastRow = rowNumber;
      pending += headers.map(csvField).join(',') + '\n';
      return;
    }
    const width = headers.length;
    ignoredCells += values.filter(([col]) => col >= width).length;
    if (!values.some(([col]) => col < width)) return;
    // Blank rows since the last written one keep their place, so row numbers stay the sheet's.
    const blank = ','.repeat(width - 1) + '\n';
    for (let r = lastRow + 1; r < rowNumber; r++) pending += blank;
    rows += rowNumber - lastRow;
    lastRow = rowNumber;
    pending += Array.from({ length: width }, (_, i) => csvField(rowCells.get(i) ?? '')).join(',') + '\n';
  }

  await archive.parse(ctx.part, {
    open(name, a) {
      if (name === 'row') {
        rowNumber = a.r ? Number(a.r) : rowNumber + 1;
        rowCells = new Map();
      } else if (name === 'c') {
        const ref = a.r ?? `${columnLetters(rowCells.size ? Math.max(...rowCells.keys()) + 1 : 0)}${rowNumber}`;
        lastRef = ref;
        cell = { ref, col: columnIndex(ref), type: a.t ?? 'n', style: Number(a.s ?? 0), value: '', inline: '', hasValue: false };
        if (cell.col >= MAX_SHEET_COLUMNS || cell.col < 0) {
          throw new XlsxError(`${where(ref)}: is beyond column XFD, the last a sheet has; this is not a workbook Excel saved`);
        }
      } else if (name === 'v') {
        inValue = true;
        if (cell) cell.hasValue = true;
      } else if (name === 'is') inInline = true;
      else if (name === 'rPh') phonetic++;
    },
    close(name) {
      if (name === 'v') inValue = false;
      else if (name === 'is') inInline = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'c' && cell) {
        rowCells.set(cell.col, cellText(cell));
        cell = undefined;
      } else if (name === 'row') endRow();
    },
    text(text) {
      if (!cell) return;
      if (inValue) cell.value += text;
      else if (inInline && phonetic === 0) cell.inline += text;
      if (cell.value.length > MAX_CELL_CHARS || cell.inline.length > MAX_CELL_CHARS) {
        throw new XlsxError(`${where(cell.ref)}: holds more than ${MAX_CELL_CHARS.toLocaleString('en-US')} characters, the most an Excel cell holds; this is not a workbook Excel saved`);
      }
    },
  }, {
    position: () => where(lastRef),
    afterChunk: async () => {
      if (!pending) return;
      const chunk = pending;
      pending = '';
      if (!out.write(chunk)) await once(out, 'drain');
    },
  });
  if (pending) out.write(pending);
  out.end();
  await once(out, 'finish');

  if (!headers) {
    if (anyValue) {
      throw new XlsxError(`sheet '${ctx.sheetName}' has no row with column names (no row holds two values or more); put the column names in the first row`, 'SB_ERR_NOT_A_TICKET_EXPORT');
    }
    throw new XlsxError(`sheet '${ctx.sheetName}' is empty; choose the sheet that holds the tickets with "sheet" in a mapping, or save them on the first sheet`, 'SB_ERR_EMPTY_FILE');
  }
  const notes: string[] = [];
  if (headerRow > 1) notes.push(`sheet '${ctx.sheetName}': the column names are on row ${headerRow}; the rows above were skipped`);
  for (const [col, n] of serialsRead) {
    notes.push(`sheet '${ctx.sheetName}', column ${columnLetters(col)} ('${headers[col]}'): ${n} numbers without a date format read as Excel day serials`);
  }
  if (ignoredCells) notes.push(`sheet '${ctx.sheetName}': ${ignoredCells} values right of the last named column were left out`);
  return { headerRow, headers, rows, lastRow, notes };
}
