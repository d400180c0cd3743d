/**
 * Incident IQ connector on hand-made exports in fixtures/vendors/incident-iq/. Field names
 * follow the API as published at https://apihub.incidentiq.com/ (tickets search: Items of
 * TicketId, TicketNumber, Subject, IssueDescription, IssueCategoryName, AssignedToTeam,
 * Location, WorkflowStep, CreatedDate, ClosedDate, IsClosed, HasSensitiveInformation) and
 * the UI export's labels (Ticket Number, Assigned To Team, Created Date...). The
 * activities' shape (ActivityType, FieldName, OldValue, NewValue) is this connector's
 * reading of the ticket timeline and is not confirmed against a live site.
 * The CSV export writes Chicago wall clock: 8 March 2024 is CST (UTC-6), 11 and 12 March CDT (UTC-5).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { incidentIqConnector } from '#connectors/incident-iq/index.ts';
import { stageIncidentIqFiles } from '#connectors/incident-iq/stage-incident-iq.ts';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { eventsOf, groupPaths, ingestWith, ticketOf, vendorFixture } from './helpers.ts';

const tz = { districtTimeZone: 'America/Chicago' };
const file = (name: string) => ({ filePath: vendorFixture('incident-iq', name), fileName: name });
let db: Database | undefined;
afterEach(() => db?.close());

describe('Incident IQ ticket export with activities', () => {
  it('builds team paths from team changes; a ticket without them lands in its current team', async () => {
    const run = await ingestWith((tx) => stageIncidentIqFiles(tx, [file('tickets.csv'), file('activities.json')], tz));
    db = run.db;
    expect(await groupPaths(db)).toEqual({
      '24001': ['Service Desk', 'Device Repair'],
      '24002': ['Service Desk', 'Payroll', 'HR'],
      '24003': ['Service Desk'],
    });
    expect(run.rejects).toEqual([
      { row: 11, column_name: 'at', value: 'not a date', reason: 'activities.json row 8: not a date and time in the format ISO 8601 (2024-08-19 14:05:00): correct it, or set dateFormat' },
    ]);
  });

  it('reads month-first wall clock across DST, marks rule executions automated, and keeps no text of sensitive tickets', async () => {
    const run = await ingestWith((tx) => stageIncidentIqFiles(tx, [file('tickets.csv'), file('activities.json')], tz));
    db = run.db;
    expect(await eventsOf(db, '24001')).toEqual([
      { at: '2024-03-08T15:00:00Z', kind: 'assignment', group_after: 'Service Desk', automated: false, detail: null },
      { at: '2024-03-08T15:00:10Z', kind: 'assignment', group_after: 'Device Repair', automated: true, detail: null },
      { at: '2024-03-11T19:30:00Z', kind: 'resolution', group_after: null, automated: false, detail: 'Closed' },
    ]);
    expect((await eventsOf(db, '24002')).map((e) => e.kind)).toEqual(['assignment', 'assignment', 'assignment', 'note']);
    expect(await ticketOf(db, '24001')).toEqual({
      created: '2024-03-08T15:00:00Z', status: 'Closed', request_type: 'Devices / Chromebook Damage', channel: 'Portal',
      location: 'Lincoln Elementary', subject: 'Chromebook cracked screen', sensitive: false, has_requester: true, resolution_code: null,
    });
    // 8:15 AM CDT on 11 March is 13:15 UTC.
    expect(await ticketOf(db, '24002')).toMatchObject({ created: '2024-03-11T13:15:00Z', sensitive: true, subject: null });
    expect(run.staged.notes.join('\n')).toContain("tickets.csv: dates values parse as '%m/%d/%Y %I:%M %p'");
  });
});

describe('Incident IQ API JSON', () => {
  it('reads the search Items and attaches activities known by TicketId', async () => {
    const run = await ingestWith((tx) => stageIncidentIqFiles(tx, [file('search.json'), file('activities-by-id.json')], tz));
    db = run.db;
    // 24003 has no team in the API answer, so no path.
    expect(await groupPaths(db)).toEqual({ '24001': ['Service Desk', 'Device Repair'], '24003': [] });
    expect(await ticketOf(db, '24003')).toMatchObject({ status: 'Open', request_type: 'Classroom Tech / Projector', location: 'Central High' });
  });

  it('is detected by importFile', async () => {
    db = await Database.open(':memory:');
    const summary = await importFile(db, vendorFixture('incident-iq', 'tickets.csv'), { companionFiles: [vendorFixture('incident-iq', 'activities.json')] });
    expect(summary).toMatchObject({ connector: 'incident-iq', source: 'incident-iq', ticketsImported: 3, eventsImported: 8, rowsRejected: 1 });
    expect(summary.connectorReason).toBe('incident-iq: Incident IQ tickets: ticketnumber, issuecategory, assignedtoteam, issuedescription, hassensitiveinformation, foruser (detected)');
  });
});

describe('Incident IQ detection', () => {
  it('tells tickets from activities, and ignores other exports', () => {
    expect(incidentIqConnector.detect({ fileName: 'a.json', topLevelKeys: ['Items'], firstRecord: { TicketId: 'x', ActivityDate: 'y', ActivityType: 'z' } }))
      .toEqual({ score: 0.7, reason: 'Incident IQ activities: activitytype, activitydate' });
    expect(incidentIqConnector.detect({ fileName: 'a.csv', headers: ['Ticket Number', 'Subject', 'Created Date'] }).score).toBe(0);
  });
});
