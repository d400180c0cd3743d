import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ticketFactsDerived } from '#analysis/ticket-facts/ticket-facts.ts';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { event, eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

const counts = async () =>
  (await db.all<{ t: number; e: number; i: number }>(
    "SELECT (SELECT count(*) FROM tickets)::INTEGER t, (SELECT count(*) FROM ticket_events)::INTEGER e, (SELECT count(*) FROM imports WHERE status = 'succeeded')::INTEGER i",
  ))[0];

describe('importing a generic event log', () => {
  it('maps tickets and ordered events, with wall-clock times in the district zone', async () => {
    const csv = eventLogCsv([
      ...pathEvents('T1', ['IT Service Desk', 'Payroll Team']),
      event({ ticket_id: 'T1', event_at: '2024-08-19T15:00:00Z', event_kind: 'resolution', resolution_code: 'Resolved' }),
      event({ ticket_id: 'T2', created_at: '2024-08-20 08:00:00', event_at: '2024-08-20 08:00:00', group_after: 'IT Service Desk' }),
    ]);
    const summary = await importFile(db, writeTemp('log.csv', csv), { derived: ticketFactsDerived });
    expect(summary).toMatchObject({ status: 'succeeded', rowsRead: 4, ticketsImported: 2, ticketsNew: 2, eventsImported: 4, rowsRejected: 0 });
    // Where the time went: every phase, in the order it ran.
    expect(Object.keys(summary.phaseSeconds!)).toEqual(['reading', 'staging', 'writing', 'committing', 'figures']);
    expect(Object.values(summary.phaseSeconds!).every((s) => s >= 0)).toBe(true);
    const events = await db.all<{ ticket_id: string; seq: number; kind: string; group_after: string | null; occurred_at: Date }>(
      'SELECT ticket_id, seq, kind, group_after, occurred_at FROM ticket_events ORDER BY ticket_id, seq',
    );
    expect(events.map((e) => [e.ticket_id, e.seq, e.kind, e.group_after])).toEqual([
      ['T1', 1, 'assignment', 'IT Service Desk'],
      ['T1', 2, 'assignment', 'Payroll Team'],
      ['T1', 3, 'resolution', null],
      ['T2', 1, 'assignment', 'IT Service Desk'],
    ]);
    // '2024-08-20 08:00:00' carries no offset: 08:00 in Chicago (CDT, UTC-5) is 13:00 UTC.
    expect(events[3].occurred_at.toISOString()).toBe('2024-08-20T13:00:00.000Z');
  });

  it('orders events with the same instant by the source sequence, then by file order', async () => {
    const at = '2024-08-19T13:00:00Z';
    const csv = eventLogCsv([
      event({ event_at: at, event_seq: '2', group_after: 'B' }),
      event({ event_at: at, event_seq: '1', group_after: 'A' }),
      event({ event_at: at, group_after: 'C' }),
    ]);
    await importFile(db, writeTemp('ties.csv', csv));
    const rows = await db.all<{ group_after: string }>('SELECT group_after FROM ticket_events ORDER BY seq');
    expect(rows.map((r) => r.group_after)).toEqual(['A', 'B', 'C']);
  });

  it('rejects bad rows by row and column and imports the rest', async () => {
    const csv = eventLogCsv([
      ...pathEvents('T1', ['IT Service Desk']),
      event({ ticket_id: 'T2', created_at: 'yesterday', event_at: '2024-08-19T13:00:00Z' }),
      event({ ticket_id: '', event_at: '2024-08-19T13:00:00Z' }),
    ]);
    const summary = await importFile(db, writeTemp('bad.csv', csv));
    expect(summary.ticketsImported).toBe(1);
    expect(summary.rowsRejected).toBe(2);
    expect(summary.rejects.map((r) => [r.row, r.column, r.value])).toEqual([
      [3, 'created_at', 'yesterday'],
      [4, 'ticket_id', null],
    ]);
    expect(summary.rejects[0].reason).toMatch(/not a date and time/);
  });

  it('changes nothing when the same file is imported twice', async () => {
    const path = writeTemp('twice.csv', eventLogCsv(pathEvents('T1', ['A', 'B', 'A'])));
    await importFile(db, path);
    const before = await counts();
    const again = await importFile(db, path);
    expect(again.status).toBe('unchanged');
    expect(await counts()).toEqual(before);
    expect(before).toEqual({ t: 1, e: 3, i: 1 });
  });

  it('updates tickets and appends only new events from an overlapping later export', async () => {
    await importFile(db, writeTemp('early.csv', eventLogCsv(pathEvents('T1', ['A', 'B']))));
    const later = eventLogCsv([...pathEvents('T1', ['A', 'B', 'C']), ...pathEvents('T2', ['A'])]);
    const summary = await importFile(db, writeTemp('later.csv', later));
    expect(summary).toMatchObject({ ticketsImported: 2, ticketsNew: 1, eventsImported: 2 });
    expect(await counts()).toEqual({ t: 2, e: 4, i: 2 });
  });

  it('writes nothing on a dry run', async () => {
    const summary = await importFile(db, writeTemp('dry.csv', eventLogCsv(pathEvents('T1', ['A']))), { dryRun: true });
    expect(summary).toMatchObject({ status: 'dry-run', ticketsImported: 1 });
    expect(await counts()).toEqual({ t: 0, e: 0, i: 0 });
  });

  it.each([
    ['empty.csv', '', /empty\.csv: is empty/],
    ['image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /image\.csv: is a binary file/],
    ['random.csv', 'fruit,colour\napple,red\npear,green\n', /random\.csv: is not a ticket export.*no column looks like a ticket id/],
    ['header-only.csv', 'ticket_id,created_at\n', /header-only\.csv: has a header but no rows/],
  ])('refuses %s with a reason and leaves the tickets untouched', async (name, content, message) => {
    await expect(importFile(db, writeTemp(name, content))).rejects.toThrow(message);
    expect(await counts()).toEqual({ t: 0, e: 0, i: 0 });
    const recorded = await db.all<{ status: string; message: string }>('SELECT status, message FROM imports');
    expect(recorded).toHaveLength(1);
    expect(recorded[0].status).toBe('failed');
    expect(recorded[0].message).toMatch(message);
  });
});
