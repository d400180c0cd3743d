/**
 * Small .xlsx workbooks written for tests (exceljs, a dev dependency), so that a test states
 * its cells and the reader under test meets a file as a spreadsheet program saves it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll } from 'vitest';

export type Row = ExcelJS.CellValue[];

/** A writer of workbooks into `scratch` (by default a folder removed after the test file). */
export function workbookWriter(prefix: string, scratch = scratchFolder(prefix)): (name: string, sheets: Record<string, Row[]>) => Promise<string> {
  return async (name, sheets) => {
    const wb = new ExcelJS.Workbook();
    for (const [sheetName, rows] of Object.entries(sheets)) {
      const ws = wb.addWorksheet(sheetName);
      rows.forEach((row, i) => {
        if (row.length) ws.getRow(i + 1).values = row;
      });
    }
    const path = join(scratch, name);
    await wb.xlsx.writeFile(path);
    return path;
  };
}

/** A temporary folder removed after the test file. */
export function scratchFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** exceljs writes a Date's UTC fields as the cell's wall clock. */
export const wall = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi));
