/**
 * Zendesk connector on hand-made exports in fixtures/vendors/zendesk/, written to the
 * documented shapes:
 * - ticket audits: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/
 *   (author_id, created_at, events[], ticket_id, via) and the Ticket Audit events reference
 *   https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-audit-events-reference
 *   (Create / Change with field_name, value, previous_value; Comment with public)
 * - via: https://developer.zendesk.com/documentation/ticketing/reference-guides/via-object-reference
 *   ("channel": "rule", "source": {"rel": "trigger"}) and the via types reference
 *   https://developer.zendesk.com/documentation/ticketing/reference-guides/via-types
 *   (8 rule: trigger, automation; 10-13 group and user deletion or change)
 * - incremental ticket events: https://developer.zendesk.com/rest_api/docs/core/incremental_export
 */
import { afterEach, describe, expect, it } from 'vitest';
import { zendeskConnector } from '#connectors/zendesk/index.ts';
import { stageZendeskFiles } from '#connectors/zendesk/stage-zendesk.ts';
import type { Database } from '#core/db/database.ts';
import { eventsOf, groupPaths, ingestWith, ticketOf, vendorFixture } from './helpers.ts';

const tz = { districtTimeZone: 'America/Chicago' };
const file = (name: string) => ({ filePath: vendorFixture('zendesk', name), fileName: name });
let db: Database | undefined;
afterEach(() => db?.close());

describe('Zendesk tickets with audits', () => {
  it('builds group paths from group_id changes, named by the sideloaded groups', async () => {
    const run = await ingestWith((tx) => stageZendeskFiles(tx, [file('tickets.json'), file('audits.json')], tz));
    db = run.db;
    expect(await groupPaths(db)).toEqual({
      '101': ['Service Desk', 'Instructional Tech'],
      '102': ['Service Desk', 'Payroll'],
      '103': ['group 7'],
    });
    expect(run.rejects).toEqual([]);
  });

  it('marks trigger and automation changes automated, and orders events inside an audit', async () => {
    const run = await ingestWith((tx) => stageZendeskFiles(tx, [file('tickets.json'), file('audits.json')], tz));
    db = run.db;
    expect(await eventsOf(db, '101')).toEqual([
      { at: '2024-08-19T13:00:00Z', kind: 'assignment', group_after: 'Service Desk', automated: false, detail: null },
      { at: '2024-08-19T13:00:00Z', kind: 'comment', group_after: null, automated: false, detail: null },
      { at: '2024-08-19T13:00:05Z', kind: 'assignment', group_after: 'Instructional Tech', automated: true, detail: null },
      { at: '2024-08-19T15:20:00Z', kind: 'note', group_after: null, automated: false, detail: null },
      { at: '2024-08-19T15:20:00Z', kind: 'resolution', group_after: null, automated: false, detail: 'solved' },
    ]);
    expect((await eventsOf(db, '102')).map((e) => [e.kind, e.automated])).toEqual([
      ['assignment', false], ['assignment', false], ['status', true],
    ]);
    // An offset in the value is honoured: 07:00-05:00 is 12:00 UTC.
    expect(await ticketOf(db, '103')).toMatchObject({ created: '2024-08-21T12:00:00Z', status: 'new', channel: 'api' });
    expect(await ticketOf(db, '101')).toMatchObject({ request_type: 'incident', subject: 'Cannot log in to gradebook', channel: 'web' });
  });

  it('gives a ticket without history no landing when its metrics say it moved', async () => {
    const run = await ingestWith((tx) => stageZendeskFiles(tx, [file('tickets.json'), file('ticket-metrics.json')], tz));
    db = run.db;
    // 101 and 103 moved between 2 groups (group_stations 2) but there is no history; 102 has no metrics.
    expect(await groupPaths(db)).toEqual({ '101': [], '102': ['Payroll'], '103': [] });
    expect(run.staged.notes).toContain('1 tickets land in their current group: add audits or ticket events for the paths of tickets that moved');
  });
});

describe('Zendesk incremental ticket events', () => {
  it('reads child events keyed by group_id, via as a string, and keeps unnamed groups as ids', async () => {
    const run = await ingestWith((tx) => stageZendeskFiles(tx, [file('ticket-events.json')], tz));
    db = run.db;
    expect(await groupPaths(db)).toEqual({ '201': ['group 1', 'group 5', 'group 1'] });
    expect((await eventsOf(db, '201')).map((e) => [e.at, e.automated])).toEqual([
      ['2024-08-19T13:00:00Z', false], ['2024-08-19T14:00:00Z', true], ['2024-08-20T16:00:00Z', false],
    ]);
  });

  it('names the groups when a tickets file with sideloaded groups comes along', async () => {
    const run = await ingestWith((tx) => stageZendeskFiles(tx, [file('tickets.json'), file('ticket-events.json')], tz));
    db = run.db;
    expect((await groupPaths(db))['201']).toEqual(['Service Desk', 'Payroll', 'Service Desk']);
  });
});

describe('Zendesk detection', () => {
  it('recognises each documented wrapper and refuses CSV', () => {
    expect(zendeskConnector.detect({ fileName: 'a.json', topLevelKeys: ['audits', 'next_page'] }))
      .toEqual({ score: 0.9, reason: 'Zendesk audits: a JSON object with "audits"' });
    expect(zendeskConnector.detect({ fileName: 'a.json', firstRecord: { id: 1, subject: 's', via: {}, group_id: 2 } }).score).toBe(0.9);
    expect(zendeskConnector.detect({ fileName: 'a.csv', headers: ['id', 'subject'] }).score).toBe(0);
  });
});
