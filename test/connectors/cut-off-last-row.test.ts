/**
 * A vendor CSV cut off in its last row (no line break after it, fewer fields than the
 * header) is imported without that row, which is rejected with its row number. A whole
 * file that merely lacks a final line break imports every row, also when its last row's
 * trailing fields are empty but present as delimiters.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-cut-'));
let db: Database | undefined;
afterEach(() => db?.close());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function ticketIds(database: Database): Promise<string[]> {
  const rows = await database.all<{ id: string }>('SELECT ticket_id AS id FROM tickets ORDER BY 1');
  return rows.map((r) => r.id);
}

const SN_HEADER = 'number,assignment_group,opened_at,state\n';
const SN_ROWS = 'INC0030001,Payroll,2024-09-03 08:00:00,New\nINC0030002,Facilities,2024-09-04 09:00:00,Closed\n';

const FS_HEADER = 'Ticket Id,Subject,Created Date,Group,Category,Sub Category,Item Category\n';
const FS_ROWS = 'INC-201,Paycheck short,2024-11-01 08:30:00,Payroll,Payroll,Paycheck,\nSR-202,New laptop,2024-11-04 07:45:00,Device Support,Hardware,Laptop,Chromebook\n';

describe('a vendor CSV cut off in its last row', () => {
  it('ServiceNow: imports the whole rows and rejects the cut one with its row number', async () => {
    db = await Database.open(':memory:');
    const path = write('sn-cut.csv', `${SN_HEADER}${SN_ROWS}INC0030003,Payroll,2024-09-0`);
    const summary = await importFile(db, path);
    expect(summary).toMatchObject({ connector: 'servicenow', rowsRead: 3, ticketsImported: 2, rowsRejected: 1 });
    expect(summary.rejects).toEqual([
      {
        row: 4, column: 'opened_at', value: '2024-09-0',
        reason: 'sn-cut.csv row 4: the file looks truncated: the last row has 3 of 4 columns and no line break after it; export the file again',
      },
    ]);
    expect(await ticketIds(db)).toEqual(['INC0030001', 'INC0030002']);
  });

  it('Freshservice: imports the whole rows and rejects the cut one with its row number', async () => {
    db = await Database.open(':memory:');
    const path = write('fs-cut.csv', `${FS_HEADER}${FS_ROWS}INC-203,Room too cold,2024-11-02 09:00:00,Facil`);
    const summary = await importFile(db, path);
    expect(summary).toMatchObject({ connector: 'freshservice', rowsRead: 3, ticketsImported: 2, rowsRejected: 1 });
    expect(summary.rejects).toEqual([
      {
        row: 4, column: 'Group', value: 'Facil',
        reason: 'fs-cut.csv row 4: the file looks truncated: the last row has 4 of 7 columns and no line break after it; export the file again',
      },
    ]);
    expect(await ticketIds(db)).toEqual(['201', '202']);
  });
});

describe('a whole vendor CSV without a final line break', () => {
  it('ServiceNow: imports every row, also when the last row ends in empty fields', async () => {
    db = await Database.open(':memory:');
    const full = await importFile(db, write('sn-whole.csv', `${SN_HEADER}${SN_ROWS}INC0030003,Payroll,2024-09-05 10:00:00,New`));
    expect(full).toMatchObject({ connector: 'servicenow', ticketsImported: 3, rowsRejected: 0 });
    const empty = await importFile(db, write('sn-empty-tail.csv', `${SN_HEADER}${SN_ROWS}INC0030004,Payroll,2024-09-05 10:00:00,`));
    expect(empty).toMatchObject({ connector: 'servicenow', ticketsImported: 3, rowsRejected: 0 });
    expect(await ticketIds(db)).toEqual(['INC0030001', 'INC0030002', 'INC0030003', 'INC0030004']);
  });

  it('Freshservice: imports every row, also when the last row ends in empty fields', async () => {
    db = await Database.open(':memory:');
    const full = await importFile(db, write('fs-whole.csv', `${FS_HEADER}${FS_ROWS}INC-203,Room too cold,2024-11-02 09:00:00,Facilities,Facilities,HVAC,Thermostat`));
    expect(full).toMatchObject({ connector: 'freshservice', ticketsImported: 3, rowsRejected: 0 });
    const tail = await importFile(db, write('fs-empty-last.csv', `${FS_HEADER}${FS_ROWS}INC-204,Leak,2024-11-03 10:00:00,Facilities,,,`));
    expect(tail).toMatchObject({ connector: 'freshservice', ticketsImported: 3, rowsRejected: 0 });
    expect(await ticketIds(db)).toEqual(['201', '202', '203', '204']);
  });
});
