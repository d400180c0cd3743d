/**
 * An .xlsx workbook -> one UTF-8 CSV of one sheet (the first visible one, or the one a
 * mapping names with `sheet`), which the ingest then reads with DuckDB like any CSV.
 * DuckDB's excel extension is not available (no extension downloads), so the workbook is
 * read here, streaming: its parts are inflated with counted bytes and parsed as SAX
 * events, and rows go to the file as they are read.
 */
import { createWriteStream } from 'node:fs';
import { readSharedStrings, readDateStyles, readWorkbook, chooseSheet } from './workbook-parts.ts';
import { sheetToCsv, type SheetCsv } from './sheet-to-csv.ts';
import { DEFAULT_XLSX_LIMITS, openXlsx, type XlsxLimits } from './xlsx-archive.ts';

export { isXlsx, XlsxError, DEFAULT_XLSX_LIMITS, type XlsxLimits } from './xlsx-archive.ts';

export interface XlsxConversion extends SheetCsv {
  sheetName: string;
  sheetNames: string[];
}

export async function xlsxToCsv(
  xlsxPath: string,
  csvPath: string,
  options: { sheet?: string; limits?: XlsxLimits } = {},
): Promise<XlsxConversion> {
  const limits = options.limits ?? DEFAULT_XLSX_LIMITS;
  const archive = await openXlsx(xlsxPath, limits);
  try {
    const info = await readWorkbook(archive);
    const sheet = chooseSheet(info, options.sheet);
    const dateStyles = await readDateStyles(archive);
    const sharedStrings = await readSharedStrings(archive, limits);
    const out = createWriteStream(csvPath);
    try {
      const csv = await sheetToCsv(archive, { sheetName: sheet.name, part: sheet.part, sharedStrings, dateStyles, date1904: info.date1904 }, out);
      return { ...csv, sheetName: sheet.name, sheetNames: info.sheets.map((s) => s.name) };
    } finally {
      out.destroy();
    }
  } finally {
    archive.close();
  }
}
