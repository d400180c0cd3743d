/**
 * A mapping file's defaultLandingDepartment written in other capitals than the district's
 * department ("payroll" while Payroll exists) takes the district's spelling, with a note,
 * so that no figure counts a second "payroll" department (core/department-names.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { writeTemp } from '../helpers/event-log.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
  await db.run("INSERT INTO group_departments VALUES ('Payroll Team', 'Payroll'), ('Desk', 'Technology')");
});
afterEach(async () => db.close());

const csv = writeTemp('landing.csv', 'Case,Opened,Team\nP-1,2024-08-19T13:00:00Z,Payroll Team\nP-2,2024-08-20T13:00:00Z,\n');
const mapping = (defaultLandingDepartment: string) => ({ source: 'hr-list', defaultLandingDepartment, fields: { ticket_id: 'Case', created_at: 'Opened', group: 'Team' } });
const landing = async () => (await db.all<{ d: string }>('SELECT default_landing_department AS d FROM imports')).map((r) => r.d);

describe("a mapping file's landing department", () => {
  it('takes the existing spelling of a department named in other capitals, and says so', async () => {
    const summary = await importFile(db, csv, { mapping: mapping('payroll') });
    expect(summary.status).toBe('succeeded');
    expect(await landing()).toEqual(['Payroll']);
    expect(summary.notes).toContain('defaultLandingDepartment "payroll" is the department Payroll: tickets created without a group land in Payroll');
  });

  it('keeps a name written as the district writes it, or a new one, as given and without a note', async () => {
    const same = await importFile(db, csv, { mapping: mapping('Payroll') });
    const fresh = await importFile(db, writeTemp('landing-2.csv', 'Case,Opened,Team\nQ-1,2024-08-19T13:00:00Z,\n'), { mapping: mapping('Front Office') });
    expect(await landing()).toEqual(['Payroll', 'Front Office']);
    expect([...same.notes, ...fresh.notes].filter((n) => n.startsWith('defaultLandingDepartment'))).toEqual([]);
  });
});
