/**
 * Freshservice connector on hand-made exports in fixtures/vendors/freshservice/, written to
 * the documented shapes:
 * - API v2 tickets: https://api.freshservice.com/ (v2 "Tickets": id, group_id,
 *   department_id, responder_id, category, sub_category, item_category, source 1 Email,
 *   2 Portal, 3 Phone, 9 Walkup; status 2 Open, 3 Pending, 4 Resolved, 5 Closed;
 *   include=stats for stats.resolved_at / closed_at) and field labels as listed at
 *   https://docs.workato.com/connectors/freshservice/update-ticket-action.html
 * - ticket activities: GET /api/v2/tickets/[id]/activities on the same reference
 *   ({"activities": [{actor: {id, name}, content, sub_contents, created_at}]}).
 * The CSV export writes Chicago wall clock: 1 and 2 November 2024 are CDT (UTC-5),
 * 4 November is CST (UTC-6) after daylight time ended on the 3rd.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { freshserviceConnector } from '#connectors/freshservice/index.ts';
import { stageFreshserviceFiles } from '#connectors/freshservice/stage-freshservice.ts';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { eventsOf, groupPaths, ingestWith, ticketOf, vendorFixture } from './helpers.ts';

const tz = { districtTimeZone: 'America/Chicago' };
const file = (name: string) => ({ filePath: vendorFixture('freshservice', name), fileName: name });
let db: Database | undefined;
afterEach(() => db?.close());

describe('Freshservice ticket export with activities', () => {
  it('builds group paths from "set Group as" activities; a ticket without them lands in its current group', async () => {
    const run = await ingestWith((tx) => stageFreshserviceFiles(tx, [file('tickets.csv'), file('activities.json')], tz));
    db = run.db;
    expect(await groupPaths(db)).toEqual({
      '101': ['Service Desk', 'Payroll'],
      '102': ['Device Support'],
      '103': ['Service Desk', 'Facilities'],
    });
    expect(run.rejects).toEqual([
      { row: 5, column_name: 'created_at', value: 'yesterday', reason: 'tickets.csv row 5: not a date and time in the format ISO 8601 (2024-08-19 14:05:00): correct it, or set dateFormat' },
    ]);
  });

  it('flags the workflow automator and supervisor as automated, and reads wall clock across the DST change', async () => {
    const run = await ingestWith((tx) => stageFreshserviceFiles(tx, [file('tickets.csv'), file('activities.json')], tz));
    db = run.db;
    expect(await eventsOf(db, '101')).toEqual([
      { at: '2024-11-01T13:30:00Z', kind: 'assignment', group_after: 'Service Desk', automated: false, detail: null },
      { at: '2024-11-01T13:30:00Z', kind: 'status', group_after: null, automated: false, detail: 'Open' },
      { at: '2024-11-01T13:30:05Z', kind: 'assignment', group_after: 'Payroll', automated: true, detail: null },
      { at: '2024-11-04T16:00:00Z', kind: 'note', group_after: null, automated: false, detail: null },
      { at: '2024-11-04T16:00:00Z', kind: 'resolution', group_after: null, automated: false, detail: 'Resolved' },
    ]);
    expect((await eventsOf(db, '103')).map((e) => [e.kind, e.group_after, e.automated])).toEqual([
      ['assignment', 'Service Desk', false], ['assignment', 'Facilities', false], ['comment', null, false], ['resolution', null, true],
    ]);
    // 07:45 CST on 4 November is 13:45 UTC; 08:30 CDT on 1 November is 13:30 UTC.
    expect(await ticketOf(db, '102')).toEqual({
      created: '2024-11-04T13:45:00Z', status: 'Open', request_type: 'Hardware / Laptop / Chromebook', channel: 'Email',
      location: 'Central High', subject: 'New teacher laptop', sensitive: false, has_requester: true, resolution_code: null,
    });
    expect(await ticketOf(db, '101')).toMatchObject({ created: '2024-11-01T13:30:00Z', status: 'Resolved', request_type: 'Payroll / Paycheck' });
  });

  it('without activities, every ticket lands in its current group and a note says how to see moves', async () => {
    const run = await ingestWith((tx) => stageFreshserviceFiles(tx, [file('tickets.csv')], tz));
    db = run.db;
    expect(await groupPaths(db)).toEqual({ '101': ['Payroll'], '102': ['Device Support'], '103': ['Facilities'] });
    expect(run.staged.notes).toContain('3 tickets land in their current group: add the ticket activities for the paths of tickets that moved');
    expect(run.staged.notes.join('\n')).toContain("tickets.csv: dates values parse as 'iso'");
  });
});

describe('Freshservice API JSON', () => {
  it('maps numeric status and source, and names group ids by the group each ticket last moved to', async () => {
    const run = await ingestWith((tx) => stageFreshserviceFiles(tx, [file('tickets-api.json'), file('activities.json')], tz));
    db = run.db;
    // group 5 = Payroll (101's last activity), 8 = Facilities (103's); 12 is never named.
    expect(await groupPaths(db)).toEqual({
      '101': ['Service Desk', 'Payroll'], '103': ['Service Desk', 'Facilities'], '105': ['Payroll'], '106': ['group 12'],
    });
    expect(await ticketOf(db, '106')).toMatchObject({ status: 'Pending', channel: 'Walkup', request_type: 'Transportation / Routes / Stops' });
    expect(await ticketOf(db, '103')).toMatchObject({ created: '2024-11-02T14:00:00Z', status: 'Closed', channel: 'Phone' });
    const [closed] = await db.all<{ resolved: string; closed: string }>(
      `SELECT strftime(resolved_at AT TIME ZONE 'UTC', '%H:%M') AS resolved, strftime(closed_at AT TIME ZONE 'UTC', '%d %H:%M') AS closed FROM tickets WHERE ticket_id = '103'`,
    );
    expect(closed).toEqual({ resolved: '17:00', closed: '03 18:00' });
    expect(run.staged.notes).toContain(`1 groups are known only by id (shown as 'group <id>'): add {"groups": [...]} from /api/v2/groups to name them`);
  });

  it('is detected by importFile over Zendesk for {"tickets"} with Freshservice keys, and for activities', async () => {
    db = await Database.open(':memory:');
    const summary = await importFile(db, vendorFixture('freshservice', 'tickets-api.json'), {
      companionFiles: [vendorFixture('freshservice', 'activities.json')],
    });
    expect(summary).toMatchObject({ connector: 'freshservice', source: 'freshservice', ticketsImported: 4, rowsRejected: 0 });
    expect(summary.connectorReason).toBe('freshservice: Freshservice tickets: group_id, responder_id, department_id, item_category, fr_due_by, description_text, workspace_id (detected)');
    const csv = await importFile(db, vendorFixture('freshservice', 'tickets.csv'));
    expect(csv).toMatchObject({ connector: 'freshservice', ticketsImported: 3, rowsRejected: 1 });
  });
});

describe('Freshservice detection', () => {
  it('scores its own columns and keys above generic, and nothing else', () => {
    expect(freshserviceConnector.detect({ fileName: 'a.json', topLevelKeys: ['activities'], firstRecord: { actor: {}, content: 'x', created_at: 'y' } }))
      .toEqual({ score: 0.95, reason: 'Freshservice activities: "activities", actor, content' });
    const csv = freshserviceConnector.detect({ fileName: 'a.csv', headers: ['Ticket Id', 'Subject', 'Group', 'Category', 'Sub Category', 'Item Category', 'Created Date'] });
    expect(csv).toEqual({ score: 0.8, reason: 'Freshservice tickets: Ticket Id, itemcategory, subcategory, group, createddate' });
    expect(freshserviceConnector.detect({ fileName: 'a.json', topLevelKeys: ['tickets'], firstRecord: { id: 1, subject: 's', via: {}, group_id: 2 } }).score).toBe(0);
    expect(freshserviceConnector.detect({ fileName: 'a.csv', headers: ['Ticket Id', 'Group', 'Created Date'] }).score).toBe(0);
  });

  it('refuses two tickets files in one import, and a file of another vendor', async () => {
    await expect(ingestWith((tx) => stageFreshserviceFiles(tx, [file('tickets.csv'), file('tickets.csv')], tz)))
      .rejects.toThrow('tickets.csv: a second Freshservice tickets file in one import');
    await expect(ingestWith((tx) => stageFreshserviceFiles(tx, [{ filePath: vendorFixture('zendesk', 'audits.json'), fileName: 'audits.json' }], tz)))
      .rejects.toThrow('audits.json: not a Freshservice ticket export or activities');
  });
});
