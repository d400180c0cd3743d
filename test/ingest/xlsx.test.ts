/**
 * Spreadsheets (.xlsx) through the same import as a CSV. The workbooks are written here
 * with exceljs, cell by cell, so each expected ticket, instant and reject can be read off
 * the rows below. The district's zone is America/Chicago (UTC-5 in August).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importPath } from '#ingest/import-path.ts';
import { importFile } from '#ingest/import-file.ts';
import { ImportError } from '#core/errors.ts';
import { DEFAULT_XLSX_LIMITS, xlsxToCsv, XlsxError } from '#file-input/xlsx/xlsx-to-csv.ts';
import { columnIndex, columnLetters, isDateFormat, serialToWallClock } from '#file-input/xlsx/cell-values.ts';
import { buildZip } from './helpers/zip.ts';
import { scratchFolder, wall, workbookWriter, type Row } from '../helpers/workbook.ts';

const scratch = scratchFolder('switchboard-xlsx-');
const workbook = workbookWriter('switchboard-xlsx-', scratch);

const REQUESTS: Row[] = [
  ['Ticket', 'Created', 'Group', 'Subject'],
  ['F1', wall(2024, 8, 19, 8), 'Facilities', { richText: [{ text: 'Broken ', font: { bold: true } }, { text: 'heater' }] }],
  // A General number in a column named like a date: 2024-08-20 09:00 as Excel's day serial.
  ['F2', 45524.375, 'Maintenance', 'Leak, "roof"'],
  // Formulas: the cached results are read.
  ['F3', { formula: 'B2+1', result: wall(2024, 8, 20, 8) }, { formula: '"Main"&"tenance"', result: 'Maintenance' }, 'Door\nstuck'],
];

async function tickets(db: Database) {
  return db.all<{ ticket_id: string; created_at: Date; subject: string }>('SELECT ticket_id, created_at, subject FROM tickets ORDER BY ticket_id');
}

describe('cell values', () => {
  it('reads day serials in the 1900 and 1904 systems, to the second', () => {
    expect(serialToWallClock(1)).toBe('1900-01-01 00:00:00');
    expect(serialToWallClock(59)).toBe('1900-02-28 00:00:00');
    expect(serialToWallClock(60)).toBeUndefined(); // Lotus's 29 February 1900
    expect(serialToWallClock(61)).toBe('1900-03-01 00:00:00');
    expect(serialToWallClock(45523.5)).toBe('2024-08-19 12:00:00');
    expect(serialToWallClock(45523.333333333)).toBe('2024-08-19 08:00:00');
    expect(serialToWallClock(0, true)).toBe('1904-01-01 00:00:00');
    expect(serialToWallClock(-1)).toBeUndefined();
  });

  it('knows date formats from number formats', () => {
    expect([14, 22, 45].map((id) => isDateFormat(id))).toEqual([true, true, true]);
    expect(isDateFormat(0, 'General')).toBe(false);
    expect(isDateFormat(164, 'yyyy-mm-dd h:mm')).toBe(true);
    expect(isDateFormat(165, '0.00 "days"')).toBe(false);
    expect(isDateFormat(166, '[Red]#,##0.00')).toBe(false);
    expect(isDateFormat(167, '[h]:mm')).toBe(true);
    expect(isDateFormat(168, '[$-409]d-mmm-yy')).toBe(true);
  });

  it('turns column letters into indexes and back', () => {
    expect([columnIndex('A1'), columnIndex('Z9'), columnIndex('AB12')]).toEqual([0, 25, 27]);
    expect([columnLetters(0), columnLetters(25), columnLetters(27), columnLetters(702)]).toEqual(['A', 'Z', 'AB', 'AAA']);
  });
});

describe('xlsx to CSV', () => {
  it('writes the first sheet as CSV: dates as wall clock, rich text plain, formulas their values', async () => {
    const path = await workbook('requests.xlsx', { Requests: REQUESTS, Other: [['x', 'y']] });
    const csv = join(scratch, 'requests.csv');
    const result = await xlsxToCsv(path, csv);
    expect(readFileSync(csv, 'utf8')).toBe(
      'Ticket,Created,Group,Subject\n' +
        'F1,2024-08-19 08:00:00,Facilities,Broken heater\n' +
        'F2,2024-08-20 09:00:00,Maintenance,"Leak, ""roof"""\n' +
        'F3,2024-08-20 08:00:00,Maintenance,"Door\nstuck"\n',
    );
    expect(result).toMatchObject({ sheetName: 'Requests', sheetNames: ['Requests', 'Other'], headerRow: 1, rows: 3, lastRow: 4 });
    expect(result.notes).toEqual(["sheet 'Requests', column B ('Created'): 1 numbers without a date format read as Excel day serials"]);
  });

  it('refuses a workbook that unpacks to more than the limit, counting the bytes', async () => {
    const rows: Row[] = [['Ticket', 'Created'], ...Array.from({ length: 2000 }, (_, i) => [`T${i}`, 'x'.repeat(50)])];
    const path = await workbook('big.xlsx', { Big: rows });
    const err = await xlsxToCsv(path, join(scratch, 'big.csv'), { limits: { ...DEFAULT_XLSX_LIMITS, maxEntries: 100, maxTotalBytes: 20_000, maxSharedStringsBytes: 10_000 } }).catch((e) => e);
    expect(err).toBeInstanceOf(XlsxError);
    expect(err.code).toBe('SB_ERR_BAD_ARCHIVE');
    expect(err.message).toMatch(/^part 'xl\/sharedStrings\.xml' would unpack to \d+ bytes, more than the 10000 allowed; this looks like a zip bomb/);
  });

  it('refuses a workbook whose part names climb out of the folder, as it refuses such an archive', async () => {
    const path = join(scratch, 'escape.xlsx');
    writeFileSync(path, buildZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }, { name: '../evil.xml', data: 'x' }]));
    const db = await Database.open(':memory:');
    try {
      const [outcome] = await importPath(db, path);
      expect(outcome.error).toBeInstanceOf(ImportError);
      expect(outcome.error!.code).toBe('SB_ERR_BAD_ARCHIVE');
      expect(outcome.error!.message).toBe("escape.xlsx: entry '../evil.xml' climbs out of the folder with '..'; refusing the whole archive");
    } finally {
      db.close();
    }
  });

  it('names the sheet, cell, row and column of a damaged cell', async () => {
    const path = join(scratch, 'damaged.xlsx');
    const sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Ticket</t></is></c><c r="B1" t="inlineStr"><is><t>Created</t></is></c></row>'
      + '<row r="2"><c r="A2" t="s"><v>7</v></c></row></sheetData></worksheet>';
    writeFileSync(path, buildZip([
      { name: 'xl/workbook.xml', data: '<workbook xmlns:r="r"><sheets><sheet name="Log" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: 'xl/_rels/workbook.xml.rels', data: '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>' },
      { name: 'xl/worksheets/sheet1.xml', data: sheet, deflate: true },
    ]));
    const err = await xlsxToCsv(path, join(scratch, 'damaged.csv')).catch((e) => e);
    expect(err.message).toBe("sheet 'Log', cell A2 (row 2, column A): points to shared string 7, but the workbook has 0; save it again from Excel");
  });
});

describe('importing a spreadsheet', () => {
  it('imports the tickets of the first sheet, with instants in the district zone', async () => {
    const path = await workbook('facilities.xlsx', { Requests: REQUESTS });
    const db = await Database.open(':memory:');
    try {
      const [outcome] = await importPath(db, path);
      expect(outcome.error).toBeUndefined();
      const s = outcome.summary!;
      expect([s.connector, s.status, s.rowsRead, s.ticketsImported, s.eventsImported, s.rowsRejected]).toEqual(['generic', 'succeeded', 3, 3, 3, 0]);
      expect(s.notes).toContain("spreadsheet: sheet 'Requests', rows 1-4, read as CSV");
      expect(await tickets(db)).toEqual([
        { ticket_id: 'F1', created_at: new Date('2024-08-19T13:00:00Z'), subject: 'Broken heater' },
        { ticket_id: 'F2', created_at: new Date('2024-08-20T14:00:00Z'), subject: 'Leak, "roof"' },
        { ticket_id: 'F3', created_at: new Date('2024-08-20T13:00:00Z'), subject: 'Door\nstuck' },
      ]);
      const events = await db.all('SELECT ticket_id, kind, group_after FROM ticket_events ORDER BY ticket_id');
      expect(events).toEqual([
        { ticket_id: 'F1', kind: 'assignment', group_after: 'Facilities' },
        { ticket_id: 'F2', kind: 'assignment', group_after: 'Maintenance' },
        { ticket_id: 'F3', kind: 'assignment', group_after: 'Maintenance' },
      ]);
    } finally {
      db.close();
    }
  });

  it('changes nothing when the same workbook is imported twice', async () => {
    const path = await workbook('twice.xlsx', { Requests: REQUESTS });
    const db = await Database.open(':memory:');
    try {
      const first = await importFile(db, path);
      const counts = async () => db.all('SELECT (SELECT count(*) FROM tickets)::INTEGER t, (SELECT count(*) FROM ticket_events)::INTEGER e, (SELECT count(*) FROM imports)::INTEGER i');
      const before = await counts();
      const second = await importFile(db, path);
      expect(second.status).toBe('unchanged');
      expect(second.importId).toBe(first.importId);
      expect(await counts()).toEqual(before);
      expect(before).toEqual([{ t: 3, e: 3, i: 1 }]);
    } finally {
      db.close();
    }
  });

  it('reads the sheet a mapping names; rejects carry the sheet row numbers below a title row and a blank row', async () => {
    const path = await workbook('hr.xlsx', {
      Notes: [['read me first']],
      Requests: [
        ['HR requests 2024-25'],
        [],
        ['Case', 'Opened', 'Team'],
        ['H1', wall(2024, 8, 19, 8), 'Payroll'],
        [],
        ['H2', 'not a date', 'Benefits'],
        ['H3', wall(2024, 8, 21, 10, 30), 'Payroll'],
      ],
    });
    const db = await Database.open(':memory:');
    try {
      const summary = await importFile(db, path, {
        mapping: { source: 'hr-sheet', sheet: 'Requests', fields: { ticket_id: 'Case', created_at: 'Opened', group: 'Team' } },
      });
      expect([summary.ticketsImported, summary.rowsRejected]).toEqual([2, 2]);
      // Row 5 is blank (kept so later rows keep their numbers); row 6 has a bad date.
      expect(summary.rejects.map((r) => [r.row, r.column, r.value])).toEqual([[5, 'Case', null], [6, 'Opened', 'not a date']]);
      expect(summary.notes).toContain("sheet 'Requests': the column names are on row 3; the rows above were skipped");
      expect(await db.all('SELECT ticket_id, created_at FROM tickets ORDER BY 1')).toEqual([
        { ticket_id: 'H1', created_at: new Date('2024-08-19T13:00:00Z') },
        { ticket_id: 'H3', created_at: new Date('2024-08-21T15:30:00Z') },
      ]);
    } finally {
      db.close();
    }
  });

  it.each([
    ['an empty sheet', { Sheet1: [] }, undefined, 'SB_ERR_EMPTY_FILE', "empty.xlsx: sheet 'Sheet1' is empty; choose the sheet that holds the tickets with \"sheet\" in a mapping, or save them on the first sheet"],
    ['a sheet that is not tickets', { Budget: [['Item', 'Cost'], ['Chairs', 1200], ['Desks', 3400]] }, undefined, 'SB_ERR_NOT_A_TICKET_EXPORT', /^empty\.xlsx: is not a ticket export any connector recognises \(its columns are Item, Cost\)/],
    ['a sheet name that is not there', { Requests: REQUESTS }, 'Tickets', 'SB_ERR_BAD_MAPPING', "empty.xlsx: has no sheet named 'Tickets'; its sheets are 'Requests'. Set \"sheet\" in the mapping to one of them"],
  ] as const)('refuses %s, leaving the database as it was', async (_label, sheets, sheet, code, message) => {
    const path = await workbook('empty.xlsx', sheets as Record<string, Row[]>);
    const db = await Database.open(':memory:');
    try {
      const mapping = sheet ? { source: 'generic', sheet, fields: { ticket_id: 'Ticket', created_at: 'Created' } } : undefined;
      const [outcome] = await importPath(db, path, { mapping });
      expect(outcome.error?.code).toBe(code);
      if (typeof message === 'string') expect(outcome.error!.message).toBe(message);
      else expect(outcome.error!.message).toMatch(message);
      expect(await db.all("SELECT (SELECT count(*) FROM tickets)::INTEGER t, (SELECT count(*) FROM imports WHERE status = 'failed')::INTEGER f")).toEqual([{ t: 0, f: 1 }]);
    } finally {
      db.close();
    }
  });

  it('reads a vendor export saved as .xlsx as it reads the CSV', async () => {
    const csvPath = join(import.meta.dirname, '../../fixtures/vendors/freshservice/tickets.csv');
    const records = parse(readFileSync(csvPath, 'utf8'), { bom: true }) as string[][];
    const path = await workbook('freshservice-tickets.xlsx', { Tickets: records });
    const read = async (p: string) => {
      const db = await Database.open(':memory:');
      try {
        const s = await importFile(db, p);
        const rows = await db.all('SELECT ticket_id, created_at, resolved_at, category, subcategory, requester IS NOT NULL AS has_requester, location FROM tickets ORDER BY ticket_id');
        const events = await db.all('SELECT ticket_id, seq, occurred_at, kind, group_after FROM ticket_events ORDER BY ticket_id, seq');
        return { connector: s.connector, tickets: s.ticketsImported, events: s.eventsImported, rejected: s.rowsRejected, rejects: s.rejects.map((r) => [r.row, r.column, r.value]), rows, eventRows: events };
      } finally {
        db.close();
      }
    };
    const fromCsv = await read(csvPath);
    const fromXlsx = await read(path);
    expect(fromCsv.connector).toBe('freshservice');
    expect(fromXlsx).toEqual(fromCsv);
    // INC-104's Created Date is 'yesterday': rejected at row 5 in both.
    expect([fromCsv.tickets, fromCsv.rejected, fromCsv.rejects]).toEqual([3, 1, [[5, 'created_at', 'yesterday']]]);
  });
});
