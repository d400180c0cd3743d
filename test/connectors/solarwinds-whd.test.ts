/**
 * SolarWinds Web Help Desk connector on hand-made exports in fixtures/vendors/solarwinds-whd/,
 * written to the REST API's ticket shape as the Web Help Desk Administrator Guide and REST
 * API guide describe it (https://docslib.org/doc/12919661/solarwinds-web-help-desk-admin-guide:
 * request types, tech groups and levels, notes; ra/Tickets?style=details gives id,
 * subject, detail, reportDateUtc, lastUpdated, closeDate, statustype, problemtype,
 * location, techGroupLevel, notes) and the ticket report's column labels.
 * The CSV report writes Chicago wall clock: 1 November 2024 is CDT (UTC-5), 4 November CST (UTC-6).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { solarwindsWhdConnector } from '#connectors/solarwinds-whd/index.ts';
import { stageWhdFiles } from '#connectors/solarwinds-whd/stage-whd.ts';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { eventsOf, groupPaths, ingestWith, ticketOf, vendorFixture } from './helpers.ts';

const tz = { districtTimeZone: 'America/Chicago' };
const file = (name: string) => ({ filePath: vendorFixture('solarwinds-whd', name), fileName: name });
let db: Database | undefined;
afterEach(() => db?.close());

describe('Web Help Desk ra/Tickets JSON', () => {
  it('lands each ticket in its tech group and reads notes with their techs', async () => {
    const run = await ingestWith((tx) => stageWhdFiles(tx, [file('tickets.json')], tz));
    db = run.db;
    expect(await groupPaths(db)).toEqual({ '3001': ['Desktop Support'], '3002': ['Transportation Office'] });
    expect(await eventsOf(db, '3001')).toEqual([
      { at: '2024-11-01T13:30:00Z', kind: 'assignment', group_after: 'Desktop Support', automated: false, detail: null },
      { at: '2024-11-01T14:00:00Z', kind: 'note', group_after: null, automated: false, detail: null },
      { at: '2024-11-04T16:00:00Z', kind: 'comment', group_after: null, automated: false, detail: null },
    ]);
    expect(await ticketOf(db, '3001')).toEqual({
      created: '2024-11-01T13:30:00Z', status: 'Closed', request_type: 'Hardware / Printer', channel: null,
      location: 'Lincoln Elementary', subject: 'Printer offline', sensitive: false, has_requester: true, resolution_code: null,
    });
    const actors = await db.all<{ n: number }>(`SELECT count(DISTINCT actor)::INTEGER AS n FROM ticket_events WHERE ticket_id = '3001' AND actor IS NOT NULL`);
    expect(actors).toEqual([{ n: 1 }]);
    expect(run.staged.notes).toContain('Web Help Desk exports hold no group history: each ticket lands in its current tech group');
  });
});

describe('Web Help Desk CSV report', () => {
  it('reads month-first wall clock across the DST change and rejects a day-first date', async () => {
    const run = await ingestWith((tx) => stageWhdFiles(tx, [file('tickets.csv')], tz));
    db = run.db;
    expect(await groupPaths(db)).toEqual({ '3001': ['Desktop Support'], '3003': ['Instructional Technology'] });
    expect(await ticketOf(db, '3001')).toMatchObject({ created: '2024-11-01T13:30:00Z', request_type: 'Hardware / Printer' });
    expect(await ticketOf(db, '3003')).toMatchObject({ created: '2024-11-04T13:45:00Z', request_type: 'Software / Gradebook' });
    expect(run.rejects).toEqual([
      { row: 4, column_name: 'reported', value: '31/10/2024 09:00 AM', reason: "tickets.csv row 4: not a date and time in the format %m/%d/%Y %I:%M %p: correct it, or set dateFormat" },
    ]);
  });

  it('is detected by importFile for both shapes', async () => {
    db = await Database.open(':memory:');
    expect(await importFile(db, vendorFixture('solarwinds-whd', 'tickets.json'))).toMatchObject({ connector: 'solarwinds-whd', ticketsImported: 2, eventsImported: 4 });
    const csv = await importFile(db, vendorFixture('solarwinds-whd', 'tickets.csv'));
    expect(csv).toMatchObject({ connector: 'solarwinds-whd', ticketsImported: 2, rowsRejected: 1 });
    expect(csv.connectorReason).toBe('solarwinds-whd: Web Help Desk tickets: requesttype, techgroup, requestdetail, client (detected)');
  });
});

describe('Web Help Desk detection', () => {
  it('needs the request type and tech group', () => {
    expect(solarwindsWhdConnector.detect({ fileName: 'a.json', firstRecord: { id: 1, reportDateUtc: 'x', problemtype: {}, statustype: {} } }).score).toBeCloseTo(0.84);
    expect(solarwindsWhdConnector.detect({ fileName: 'a.csv', headers: ['Ticket No.', 'Subject', 'Date'] }).score).toBe(0);
  });
});
