/**
 * Issue 20, file input: every reader is bounded whatever the file. Each hostile file is
 * generated here, goes through `importPath` (as the CLI and the upload page do) into a
 * database that already holds a district, and must be refused with its code and message,
 * leave every table hashing the same, and keep the test process's memory bounded.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { ImportError, type ImportErrorCode } from '#core/errors.ts';
import { importPath } from '#ingest/import-path.ts';
import { importFile } from '#ingest/import-file.ts';
import { prepareFile } from '#file-input/prepare-file.ts';
import { DEFAULT_XLSX_LIMITS } from '#file-input/xlsx/xlsx-to-csv.ts';
import { buildZip } from '../ingest/helpers/zip.ts';
import { eventLogCsv, pathEvents } from '../helpers/event-log.ts';
import { maxImportId, tableChecksums } from './snapshot.ts';
import { lateInvalidUtf8, longStringWorkbook, manyStringsWorkbook, peakRss, wideCsv, workbookBytes, writeGzipBomb } from './hostile-files.ts';

const scratch = mkdtempSync(join(tmpdir(), 'switchboard-hostile20-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function seededDatabase(): Promise<Database> {
  const db = await Database.open(':memory:');
  await db.run("INSERT INTO departments (department) VALUES ('Technology'), ('Payroll')");
  await db.run("INSERT INTO group_departments VALUES ('IT Service Desk', 'Technology'), ('Payroll Team', 'Payroll')");
  const seed = join(scratch, `seed-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(seed, eventLogCsv([...pathEvents('B1', ['IT Service Desk', 'Payroll Team']), ...pathEvents('B2', ['IT Service Desk'])]));
  await importFile(db, seed);
  return db;
}

/** Imports `path` and expects one refusal; returns the RSS the import added at its peak, in MB. */
async function expectRefused(path: string, fileName: string, code: ImportErrorCode, message: RegExp): Promise<number> {
  const db = await seededDatabase();
  try {
    const lastId = await maxImportId(db);
    const before = await tableChecksums(db);
    const { result: outcomes, peakMb, beforeMb } = await peakRss(() => importPath(db, path));
    expect(outcomes).toHaveLength(1);
    const error = outcomes[0].error;
    expect(error).toBeInstanceOf(ImportError);
    expect(error!.code).toBe(code);
    expect(error!.message.startsWith(`${fileName}: `)).toBe(true);
    expect(error!.message).toMatch(message);
    expect(error!.message).not.toContain(scratch);
    const [added] = await db.all<{ import_id: number }>('SELECT import_id FROM imports WHERE import_id > $1', [lastId]);
    expect(await tableChecksums(db, { importId: added.import_id })).toEqual(before);
    return peakMb - beforeMb;
  } finally {
    db.close();
  }
}

describe('decompression budgets and reader limits (issue 20)', () => {
  const bomb = join(scratch, 'bomb.csv.gz');
  beforeAll(() => writeGzipBomb(bomb, 100));

  it('a .csv.gz of 100 MB in about 300 KB is refused at its budget (64 MB), not unpacked whole', async () => {
    const compressed = readFileSync(bomb).length;
    expect(compressed).toBeLessThan(512 * 1024);
    // The budget: 200 times the compressed bytes, but never below the 64 MB floor.
    expect(200 * compressed).toBeLessThan(64 * 1024 ** 2);
    const grew = await expectRefused(bomb, 'bomb.csv.gz', 'SB_ERR_BAD_ARCHIVE',
      new RegExp(`expands past 67108864 bytes from ${compressed} compressed bytes, more than 200 times; this looks like a compression bomb`));
    expect(grew).toBeLessThan(300);
  });

  it('a zip holding such a .gz passes the zip checks (stored, ratio 1) and is refused at the gzip budget', async () => {
    const gz = bomb;
    const zip = join(scratch, 'nested.zip');
    writeFileSync(zip, buildZip([{ name: 'export.csv.gz', data: readFileSync(gz) }]));
    await expectRefused(zip, 'nested.zip:export.csv.gz', 'SB_ERR_BAD_ARCHIVE', /expands past \d+ bytes from \d+ compressed bytes, more than 200 times/);
  });

  it('a workbook shared string longer than an Excel cell (40,000 letters) is refused', async () => {
    const path = join(scratch, 'long-string.xlsx');
    longStringWorkbook(path, 40_000);
    await expectRefused(path, 'long-string.xlsx', 'SB_ERR_UNREADABLE', /shared string 3 is longer than 32,767 characters, the most an Excel cell holds/);
  });

  it('a workbook sheet part that expands more than 200 times past 32 MB is refused as a bomb', async () => {
    const path = join(scratch, 'sheet-bomb.xlsx');
    // 40 MB of blanks inside the sheet's XML deflate to about 40 KB (a ratio near 1,000).
    const sst = '<sst><si><t>ticket_id</t></si><si><t>subject</t></si></sst>';
    writeFileSync(path, workbookBytes(sst, [[0, 1]], ' '.repeat(40 * 1024 * 1024)));
    await expectRefused(path, 'sheet-bomb.xlsx', 'SB_ERR_BAD_ARCHIVE', /part 'xl\/worksheets\/sheet1\.xml' expands more than 200 times its \d+ compressed bytes; this looks like a zip bomb/);
  }, 30_000);

  // At the default (2,000,000) the same refusal takes 20 s to generate and parse here, so
  // the test lowers the count; the memory it shows is what the count bounds.
  it('a workbook of more shared strings than its limit (200,000 here) is refused at the count, memory bounded', async () => {
    const path = join(scratch, 'many-strings.xlsx');
    manyStringsWorkbook(path, 200_001);
    const limits = { ...DEFAULT_XLSX_LIMITS, maxSharedStrings: 200_000 };
    const { result: error, peakMb, beforeMb } = await peakRss(() => prepareFile(path, 'many-strings.xlsx', { xlsxLimits: limits }).then(() => undefined, (e: unknown) => e));
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe('SB_ERR_UNREADABLE');
    expect((error as ImportError).message).toBe(
      'many-strings.xlsx: holds more than 200,000 distinct text values (shared strings), more than one import reads at once; split the workbook or save the sheet as CSV',
    );
    expect(peakMb - beforeMb).toBeLessThan(200);
    expect(DEFAULT_XLSX_LIMITS).toMatchObject({ maxSharedStrings: 2_000_000, maxSharedStringChars: 100_000_000 });
  });

  it('a CSV of 100,000 columns is refused from its first 256 KB, before DuckDB plans a table', async () => {
    const path = join(scratch, 'wide-100k.csv');
    writeFileSync(path, wideCsv(100_000));
    await expectRefused(path, 'wide-100k.csv', 'SB_ERR_UNREADABLE', /its header has more than the 16,384 columns a spreadsheet can hold \(its first 256 KB are one line\)/);
  });

  it('a CSV of 20,000 columns whose header fits the sample is refused with its count', async () => {
    const path = join(scratch, 'wide-20k.csv');
    writeFileSync(path, wideCsv(20_000));
    await expectRefused(path, 'wide-20k.csv', 'SB_ERR_UNREADABLE', /its header has 20,000 columns, more than the 16,384 a spreadsheet can hold/);
  });

  it('a byte that is not UTF-8 past 256 KB, after UTF-8 text, is refused naming its line', async () => {
    const path = join(scratch, 'mixed-encodings.csv');
    writeFileSync(path, lateInvalidUtf8(8000, { earlyUtf8: true }));
    // Line 1 is the header, 2 to 8001 the rows, 8002 the one with the bad byte.
    await expectRefused(path, 'mixed-encodings.csv', 'SB_ERR_UNREADABLE', /line 8002 \(byte \d+\) is not valid UTF-8, though the text before it is; the file mixes encodings/);
  });

  it('a byte that is not UTF-8 past 256 KB, after plain ASCII, is read as Windows-1252', async () => {
    const path = join(scratch, 'late-1252.csv');
    writeFileSync(path, lateInvalidUtf8(8000));
    const db = await seededDatabase();
    try {
      const [outcome] = await importPath(db, path);
      expect(outcome.error?.message).toBeUndefined();
      expect(outcome.summary).toMatchObject({ ticketsImported: 8001, rowsRejected: 0 });
      expect(outcome.summary!.notes).toContain('line 8002 is not UTF-8 and every line before it is plain ASCII: read as Windows-1252');
      const [row] = await db.all<{ subject: string }>("SELECT subject FROM tickets WHERE ticket_id = 'H-last'");
      expect(row.subject).toBe('Café');
    } finally {
      db.close();
    }
  });
});
