/**
 * Jira Service Management connector on a hand-made search response in
 * fixtures/vendors/jira/search.json, written to the documented shape:
 * - issue search with expand=changelog,names: https://docs.atlassian.com/software/jira/docs/api/REST/5.0-beta3
 *   ("issues" of id, key, fields; "names" maps field ids to names) and the changelog model
 *   https://mrrefactoring.github.io/jira.js/interfaces/Version2Models.Changelog.html
 *   (histories of author, created, items of field, fromString, toString).
 * Instants carry their offset: -0600 before 10 March 2024 (CST), -0500 after (CDT).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { jiraConnector } from '#connectors/jira/index.ts';
import { stageJiraFiles } from '#connectors/jira/stage-jira.ts';
import { Database } from '#core/db/database.ts';
import { importFile } from '#ingest/import-file.ts';
import { eventsOf, groupPaths, ingestWith, ticketOf, vendorFixture } from './helpers.ts';

const tz = { districtTimeZone: 'America/Chicago' };
const search = { filePath: vendorFixture('jira', 'search.json'), fileName: 'search.json' };
let db: Database | undefined;
afterEach(() => db?.close());

describe('Jira issues with changelog', () => {
  it('builds paths from Team and Assignment group changes, landing where the first change came from', async () => {
    const run = await ingestWith((tx) => stageJiraFiles(tx, [search], tz));
    db = run.db;
    expect(await groupPaths(db)).toEqual({
      'SD-1': ['Service Desk', 'Payroll', 'HR Benefits'],
      // No change: the Team field's current value, found through "names".
      'SD-2': ['Facilities'],
      'SD-3': ['service-desk', 'transportation-team'],
    });
    expect(run.rejects).toEqual([]);
  });

  it('reads offsets, orders items inside a history, and marks Automation for Jira automated', async () => {
    const run = await ingestWith((tx) => stageJiraFiles(tx, [search], tz));
    db = run.db;
    expect(await eventsOf(db, 'SD-1')).toEqual([
      { at: '2024-03-08T15:00:00Z', kind: 'assignment', group_after: 'Service Desk', automated: false, detail: null },
      { at: '2024-03-08T15:00:05Z', kind: 'assignment', group_after: 'Payroll', automated: true, detail: null },
      { at: '2024-03-11T15:00:00Z', kind: 'status', group_after: null, automated: false, detail: 'In Progress' },
      { at: '2024-03-11T15:00:00Z', kind: 'assignment', group_after: 'HR Benefits', automated: false, detail: null },
      { at: '2024-03-11T15:05:00Z', kind: 'note', group_after: null, automated: false, detail: null },
      { at: '2024-03-12T16:30:00Z', kind: 'resolution', group_after: null, automated: false, detail: 'Resolved' },
    ]);
    expect(await ticketOf(db, 'SD-1')).toEqual({
      created: '2024-03-08T15:00:00Z', status: 'Resolved', request_type: 'Service Request / Payroll', channel: null, location: null,
      subject: 'Paycheck missing overtime', sensitive: false, has_requester: true, resolution_code: 'Done',
    });
    expect(await ticketOf(db, 'SD-3')).toMatchObject({ created: '2024-03-13T14:00:00Z', status: 'In Progress', request_type: 'Service Request' });
  });

  it('takes a named group field instead of the usual names', async () => {
    const run = await ingestWith((tx) => stageJiraFiles(tx, [search], { ...tz, groupFields: ['Assignment group'] }));
    db = run.db;
    // Team changes are no longer assignments; SD-2 has no Assignment group at all.
    expect(await groupPaths(db)).toEqual({ 'SD-1': [], 'SD-2': [], 'SD-3': ['service-desk', 'transportation-team'] });
    expect(run.staged.notes).toContain('2 issues have no group: no change or current value of Assignment group (search with expand=names to read current values, or name the group field)');
  });

  it('is detected by importFile', async () => {
    db = await Database.open(':memory:');
    const summary = await importFile(db, search.filePath);
    expect(summary).toMatchObject({ connector: 'jira', source: 'jira', ticketsImported: 3, eventsImported: 9, rowsRejected: 0 });
    expect(summary.connectorReason).toBe('jira: Jira issues: a JSON object with "issues" of key and fields (detected)');
  });
});

describe('Jira detection', () => {
  it('needs issue records with key and fields', () => {
    expect(jiraConnector.detect({ fileName: 'a.json', firstRecord: { key: 'SD-1', fields: {}, changelog: {} } }).score).toBe(0.9);
    expect(jiraConnector.detect({ fileName: 'a.json', topLevelKeys: ['issues'], firstRecord: { id: 1 } }).score).toBe(0);
    expect(jiraConnector.detect({ fileName: 'a.csv', headers: ['key', 'fields'] }).score).toBe(0);
  });
});
