/**
 * The generic connector trims what it reads: ids, names, groups and dates always (also of
 * Unicode spaces such as a no-break space), free text where it starts or ends with a plain
 * space; a value of only spaces is missing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { writeTemp } from '../helpers/event-log.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

const NBSP = '\u00a0';

describe('the generic connector trims', () => {
  it('ids and groups of any space, free text of plain spaces, and reads blank text as missing', async () => {
    const csv = [
      'ticket_id,created_at,group,subject,description,event_kind,event_detail,event_at',
      `  T1${NBSP},2024-08-19T13:00:00Z, IT Service Desk${NBSP},  Printer jam  ,${NBSP}Toner low,assignment,,2024-08-19T13:00:00Z`,
      `T1,2024-08-19T13:00:00Z,,,,note,   ,2024-08-19T14:00:00Z`,
      `T1,2024-08-19T13:00:00Z,,,,note,  Called back ,2024-08-19T15:00:00Z`,
    ].join('\n') + '\n';
    const summary = await importFile(db, writeTemp('spaces.csv', csv));
    expect(summary).toMatchObject({ ticketsImported: 1, eventsImported: 3, rowsRejected: 0 });
    const [ticket] = await db.all<{ ticket_id: string; subject: string; description: string }>('SELECT ticket_id, subject, description FROM tickets');
    // A no-break space at the edge of free text without a plain space stays as written.
    expect(ticket).toEqual({ ticket_id: 'T1', subject: 'Printer jam', description: `${NBSP}Toner low` });
    const events = await db.all<{ group_after: string | null; detail: string | null }>('SELECT group_after, detail FROM ticket_events ORDER BY seq');
    expect(events).toEqual([
      { group_after: 'IT Service Desk', detail: null },
      { group_after: null, detail: null },
      { group_after: null, detail: 'Called back' },
    ]);
  });
});
