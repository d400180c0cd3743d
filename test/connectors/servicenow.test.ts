/**
 * ServiceNow connector on hand-made exports in fixtures/vendors/servicenow/, written to the
 * documented field names:
 * - incident fields: https://www.servicenow.com/docs (incident table: number,
 *   assignment_group, reassignment_count, opened_at, contact_type, close_code, caller_id)
 * - sys_audit: https://www.servicenow.com/docs/r/australia/platform-security/c_UnderstandingTheSysAuditTable.html
 *   (tablename, fieldname, documentkey = the record's sys_id, user, oldvalue, newvalue;
 *   "some automated processes use the system or guest user")
 * Times are Chicago wall clock (CST before 13 March 2016, CDT after).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { serviceNowConnector } from '#connectors/servicenow/index.ts';
import { stageServiceNowFiles } from '#connectors/servicenow/stage-servicenow.ts';
import { buildRejectsSql } from '#connectors/servicenow/build-servicenow-sql.ts';
import type { Database } from '#core/db/database.ts';
import { eventsOf, groupPaths, ingestWith, ticketOf, vendorFixture } from './helpers.ts';

const tz = { districtTimeZone: 'America/Chicago' };
const file = (name: string) => ({ filePath: vendorFixture('servicenow', name), fileName: name });
let db: Database | undefined;
afterEach(() => db?.close());

describe('ServiceNow incident list with its sys_audit', () => {
  it('rebuilds each incident group path from the audit, naming sys_id groups from the list', async () => {
    const run = await ingestWith((tx) => stageServiceNowFiles(tx, [file('incidents.csv'), file('sys_audit.csv')], tz));
    db = run.db;
    expect(await groupPaths(db)).toEqual({
      INC0010001: ['Service Desk', 'Payroll'],
      INC0010002: ['Facilities'],
      INC0010003: ['Service Desk', 'Payroll', 'HR Benefits'],
      INC0010004: [],
      INC0010005: ['Payroll', 'Service Desk'],
    });
    expect(run.rejects).toEqual([
      { row: 7, column_name: 'opened_at', value: 'yesterday', reason: expect.stringContaining('incidents.csv row 7: not a date and time in the format %d/%m/%Y %H:%M') },
    ]);
    expect(run.staged.notes.join('\n')).toContain("incidents.csv: dates values parse as '%d/%m/%Y %H:%M'");
  });

  it('reads day-first instants in the district zone, and flags the system user as automated', async () => {
    const run = await ingestWith((tx) => stageServiceNowFiles(tx, [file('incidents.csv'), file('sys_audit.csv')], tz));
    db = run.db;
    expect(await eventsOf(db, 'INC0010001')).toEqual([
      { at: '2016-02-29T07:16:00Z', kind: 'assignment', group_after: 'Service Desk', automated: false, detail: null },
      { at: '2016-02-29T09:00:00Z', kind: 'assignment', group_after: 'Payroll', automated: false, detail: null },
      { at: '2016-02-29T11:30:00Z', kind: 'resolution', group_after: null, automated: true, detail: 'Resolved' },
    ]);
    expect(await eventsOf(db, 'INC0010003')).toEqual([
      { at: '2016-03-01T14:00:00Z', kind: 'assignment', group_after: 'Service Desk', automated: false, detail: null },
      { at: '2016-03-01T16:00:00Z', kind: 'assignment', group_after: 'Payroll', automated: true, detail: null },
      { at: '2016-03-02T14:15:00Z', kind: 'note', group_after: null, automated: false, detail: null },
      { at: '2016-03-02T14:15:00Z', kind: 'assignment', group_after: 'HR Benefits', automated: false, detail: null },
    ]);
    // 13 March 2016 is the first day of daylight time: 09:00 CDT is 14:00 UTC.
    expect(await eventsOf(db, 'INC0010002')).toEqual([
      { at: '2016-03-13T14:00:00Z', kind: 'assignment', group_after: 'Facilities', automated: false, detail: null },
    ]);
    expect(await ticketOf(db, 'INC0010001')).toEqual({
      created: '2016-02-29T07:16:00Z', status: 'Resolved', request_type: 'Payroll / Paycheck', channel: 'Self-service',
      location: 'Lincoln Elementary', subject: 'Paycheck missing overtime', sensitive: false, has_requester: true,
      resolution_code: 'Solved (Permanently)',
    });
  });

  it('without the audit, gives a path only where reassignment_count says the current group is the first', async () => {
    let paths: unknown[] = [];
    const run = await ingestWith(async (tx) => {
      const staged = await stageServiceNowFiles(tx, [file('incidents.csv')], tz);
      paths = await tx.all(`SELECT * FROM ${staged.ticketPathsTable} ORDER BY ticket_id`);
      return staged;
    });
    db = run.db;
    expect(await groupPaths(db)).toEqual({
      INC0010001: [], INC0010002: ['Facilities'], INC0010003: [], INC0010004: [], INC0010005: [],
    });
    expect(run.staged.notes).toContain('3 reassigned incidents have no assignment history: their hops are their reassignment_count; add the sys_audit export to see their paths');
    // Their paths are unknown and their counts are their hops; a count of 0 is a known path.
    expect(run.staged.shape).toBe('tickets_reassignment_count');
    expect(paths).toEqual([
      { ticket_id: 'INC0010001', path_known: false, source_hops: 1 },
      { ticket_id: 'INC0010002', path_known: true, source_hops: null },
      { ticket_id: 'INC0010003', path_known: false, source_hops: 2 },
      { ticket_id: 'INC0010004', path_known: true, source_hops: null },
      { ticket_id: 'INC0010005', path_known: false, source_hops: 1 },
      { ticket_id: 'INC0010006', path_known: true, source_hops: null }, // its date is rejected: no ticket to update
    ]);
  });

  it('keeps audit rows of an audit imported alone under their sys_id, and says how to attach them', async () => {
    const run = await ingestWith((tx) => stageServiceNowFiles(tx, [file('sys_audit.csv')], tz));
    db = run.db;
    const paths = await groupPaths(db);
    expect(Object.keys(paths)).toEqual(['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'cccccccccccccccccccccccccccccccc', 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee']);
    expect(paths.eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee).toEqual(['group b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2', 'group d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1d1']);
    expect(run.staged.notes.join('\n')).toContain('3 audited records are known only by sys_id');
  });
});

describe('ServiceNow update log', () => {
  it('takes the group path from the order of updates (sys_mod_count), not the file order', async () => {
    const run = await ingestWith((tx) => stageServiceNowFiles(tx, [file('update-log.csv')], tz));
    db = run.db;
    expect(await groupPaths(db)).toEqual({ INC0020001: ['Service Desk', 'Payroll'], INC0020002: ['Facilities'] });
    expect(await eventsOf(db, 'INC0020001')).toEqual([
      { at: '2024-09-03T13:00:00Z', kind: 'assignment', group_after: 'Service Desk', automated: false, detail: null },
      { at: '2024-09-03T13:20:00Z', kind: 'status', group_after: null, automated: false, detail: 'In Progress' },
      { at: '2024-09-03T14:05:00Z', kind: 'assignment', group_after: 'Payroll', automated: false, detail: null },
      { at: '2024-09-04T15:00:00Z', kind: 'resolution', group_after: null, automated: false, detail: 'Resolved' },
    ]);
    // November 5 is after the return to standard time: 13:00 CST is 19:00 UTC; 'system' is automated.
    expect(await eventsOf(db, 'INC0020002')).toEqual([
      { at: '2024-11-05T19:00:00Z', kind: 'assignment', group_after: 'Facilities', automated: false, detail: null },
      { at: '2024-11-05T20:00:00Z', kind: 'status', group_after: null, automated: true, detail: 'In Progress' },
    ]);
  });

  it('honours an explicit zone and date format instead of detecting them', async () => {
    const run = await ingestWith((tx) =>
      stageServiceNowFiles(tx, [file('update-log.csv')], { ...tz, timeZone: 'UTC', dateFormat: '%Y-%m-%d %H:%M:%S' }),
    );
    db = run.db;
    expect((await eventsOf(db, 'INC0020002'))[0].at).toBe('2024-11-05T13:00:00Z');
  });
});

describe('ServiceNow Table API JSON', () => {
  it('reads {"result": [...]} with display-value objects', async () => {
    const run = await ingestWith((tx) => stageServiceNowFiles(tx, [file('incidents-table-api.json')], tz));
    db = run.db;
    expect(await groupPaths(db)).toEqual({ INC0030001: ['Service Desk'], INC0030002: [] });
    expect(await ticketOf(db, 'INC0030001')).toMatchObject({ created: '2024-01-15T13:45:00Z', location: 'Lincoln Elementary', has_requester: true });
  });
});

describe('ServiceNow detection and SQL', () => {
  it('scores its own columns above the generic connector and names them', () => {
    expect(serviceNowConnector.detect({ fileName: 'a.csv', headers: ['documentkey', 'tablename', 'fieldname', 'oldvalue', 'newvalue', 'user', 'sys_created_on'] }))
      .toEqual({ score: 0.9, reason: 'sys_audit columns documentkey, fieldname, oldvalue, newvalue' });
    const d = serviceNowConnector.detect({ fileName: 'a.csv', headers: ['number', 'assignment_group', 'opened_at', 'reassignment_count', 'state'] });
    expect(d.score).toBeGreaterThan(0.3);
    expect(d.reason).toBe('ServiceNow incident columns number, assignmentgroup, openedat, reassignmentcount');
    expect(serviceNowConnector.detect({ fileName: 'a.csv', headers: ['ticket_id', 'created_at'] }).score).toBe(0);
  });

  it('binds every value in the rejects SQL', () => {
    expect(buildRejectsSql('%d/%m/%Y %H:%M')).toMatchInlineSnapshot(`
      "INSERT INTO rejects SELECT _row, 'number', NULL, $incident_file || ' row ' || (_line + 2) || ': the incident number is empty: fill it in or delete the row' FROM sn_incident WHERE number IS NULL
      UNION ALL
      SELECT _row, 'opened_at', opened_at, $incident_file || ' row ' || (_line + 2) || ': not a date and time in the format ' || $incident_format || ': correct it, or set dateFormat' FROM sn_incident WHERE opened_at IS NOT NULL AND timezone($tz, try_strptime("opened_at", '%d/%m/%Y %H:%M')) IS NULL
      UNION ALL
      SELECT _row, 'resolved_at', resolved_at, $incident_file || ' row ' || (_line + 2) || ': not a date and time in the format ' || $incident_format || ': correct it, or set dateFormat' FROM sn_incident WHERE resolved_at IS NOT NULL AND timezone($tz, try_strptime("resolved_at", '%d/%m/%Y %H:%M')) IS NULL
      UNION ALL
      SELECT _row, 'closed_at', closed_at, $incident_file || ' row ' || (_line + 2) || ': not a date and time in the format ' || $incident_format || ': correct it, or set dateFormat' FROM sn_incident WHERE closed_at IS NOT NULL AND timezone($tz, try_strptime("closed_at", '%d/%m/%Y %H:%M')) IS NULL
      UNION ALL
      SELECT _row, 'sys_updated_on', sys_updated_on, $incident_file || ' row ' || (_line + 2) || ': not a date and time in the format ' || $incident_format || ': correct it, or set dateFormat' FROM sn_incident WHERE sys_updated_on IS NOT NULL AND timezone($tz, try_strptime("sys_updated_on", '%d/%m/%Y %H:%M')) IS NULL
      UNION ALL
      SELECT _row, 'documentkey', NULL, $audit_file || ' row ' || (_line + 2) || ': the documentkey is empty: export sys_audit with its documentkey column' FROM sn_audit WHERE documentkey IS NULL AND lower(fieldname) = 'assignment_group'
      UNION ALL
      SELECT _row, 'sys_created_on', sys_created_on, $audit_file || ' row ' || (_line + 2) || ': not a date and time in the format ' || $audit_format || ': correct it, or set dateFormat' FROM sn_audit_rows WHERE changed_at IS NULL"
    `);
  });
});
