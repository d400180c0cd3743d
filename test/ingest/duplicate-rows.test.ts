/**
 * Rows that repeat or contradict each other are said, with their rows, never merged in
 * silence (ingest/duplicate-rows.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { writeTemp } from '../helpers/event-log.ts';
import { reportDuplicateRows } from '#ingest/duplicate-rows.ts';
import { REJECTS_DDL } from '#ingest/normalised-rows.ts';
import { normSelect } from '#connectors/kit/norm-rows.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

describe('duplicate rows in one file', () => {
  it('imports a row that repeats another exactly once, and lists it with the row it repeats', async () => {
    const csv = [
      'ticket_id,created_at,event_time,assignment_group,subject',
      'T1,2024-09-02T09:00:00Z,2024-09-02T09:00:00Z,Desk,Printer jam',
      'T1,2024-09-02T09:00:00Z,2024-09-02T10:00:00Z,Facilities,Printer jam',
      'T1,2024-09-02T09:00:00Z,2024-09-02T10:00:00Z,Facilities,Printer jam',
      'T2,2024-09-03T09:00:00Z,2024-09-03T09:00:00Z,Desk,Password',
    ].join('\n') + '\n';
    const summary = await importFile(db, writeTemp('events.csv', csv));
    expect(summary).toMatchObject({ ticketsImported: 2, eventsImported: 3, rowsRejected: 1 });
    expect(summary.rejects).toEqual([{ row: 4, column: null, value: null, reason: 'repeats row 3 exactly: imported once' }]);
    expect(summary.notes).toContain('1 row repeated an earlier row exactly and was imported once (listed with the rejected rows)');
    const [{ hops }] = await db.all<{ hops: number }>("SELECT count(*)::INTEGER AS hops FROM ticket_events WHERE ticket_id = 'T1'");
    expect(hops).toBe(2);
  });

  it('says which tickets of a one-record-per-ticket export disagree, with their rows and what was kept', async () => {
    // A vendor's ticket records as staged (no events): T1 twice, with a changed subject and
    // an earlier creation time; T2 once. Staged row 0 is the file's row 2.
    const row = (r: number, id: string, created: string, subject: string, status: string) =>
      `${normSelect({ _row: String(r), ticket_id: `'${id}'`, created_at: `'${created}'`, subject: `'${subject}'`, status: `'${status}'` })}`;
    // Temp tables belong to one connection: stage and report on the same one.
    const report = await db.withConnection(async (tx) => {
      await tx.run(`CREATE TEMP TABLE norm_rows AS ${[
        row(0, 'T1', '2024-09-02 09:00:00+00', 'Printer jam', 'Open'),
        row(1, 'T2', '2024-09-03 09:00:00+00', 'Password', 'Open'),
        row(2, 'T1', '2024-09-01 08:00:00+00', 'Laptop', 'Open'),
      ].join(' UNION ALL ')}`);
      await tx.run(REJECTS_DDL);
      return reportDuplicateRows(tx, 2, ['subject', 'status']);
    });
    expect(report).toEqual({
      repeatedRows: 0,
      notes: [
        '1 ticket has rows that give different creation times; the earliest was kept (T1: rows 2, 4)',
        '1 ticket appears on several rows with different values; each value was taken from the last row that has one (T1: rows 2, 4 differ in subject)',
      ],
    });
  });

  it('says nothing of an event log whose rows differ only as events do', async () => {
    const csv = [
      'ticket_id,created_at,event_time,assignment_group,status',
      'T1,2024-09-02T09:00:00Z,2024-09-02T09:00:00Z,Desk,New',
      'T1,2024-09-02T09:00:00Z,2024-09-02T10:00:00Z,Facilities,In progress',
    ].join('\n') + '\n';
    const summary = await importFile(db, writeTemp('log.csv', csv));
    expect(summary.rowsRejected).toBe(0);
    expect(summary.notes.filter((n) => /repeated|disagree|different values/.test(n))).toEqual([]);
  });
});
