/**
 * A four-ticket district for the API tests, small enough to count by hand:
 *
 *   T1  Desk -> Payroll Team           2024-08-19  Lincoln Elementary  Payroll / Stipend
 *   T2  Desk                           2024-08-19  Lincoln Elementary  Hardware / Laptop
 *   T3  Payroll Team                   2024-08-27  Central Office      Payroll / Stipend
 *   T4  Desk -> HR Benefits -> Desk    2024-09-03  Central Office      Hardware / Laptop
 *
 * Desk is Technology, Payroll Team is Payroll, HR Benefits is Human Resources. First
 * landing -> resolver: Technology -> Payroll (T1), Technology -> Technology (T2, T4),
 * Payroll -> Payroll (T3). Resolved elsewhere: 1 of 4.
 */
import type { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { eventLogCsv, pathEvents, writeTemp, type EventLogRow } from '../helpers/event-log.ts';

const attrs = (rows: EventLogRow[], a: EventLogRow) => rows.map((r) => ({ ...r, ...a }));

export function districtCsv(): string {
  return eventLogCsv([
    ...attrs(pathEvents('T1', ['Desk', 'Payroll Team'], '2024-08-19T13:00:00Z'), { location: 'Lincoln Elementary', category: 'Payroll', subject: 'Stipend missing' }),
    ...attrs(pathEvents('T2', ['Desk'], '2024-08-19T14:00:00Z'), { location: 'Lincoln Elementary', category: 'Hardware', subject: 'Laptop will not boot' }),
    ...attrs(pathEvents('T3', ['Payroll Team'], '2024-08-27T15:00:00Z'), { location: 'Central Office', category: 'Payroll', subject: '=HYPERLINK("x")' }),
    ...attrs(pathEvents('T4', ['Desk', 'HR Benefits', 'Desk'], '2024-09-03T16:00:00Z'), { location: 'Central Office', category: 'Hardware', subject: 'Badge printer' }),
  ]);
}

export async function seedDistrict(db: Database): Promise<void> {
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll'), ('HR Benefits', 'Human Resources')");
  await importFile(db, writeTemp('district.csv', districtCsv()));
}
