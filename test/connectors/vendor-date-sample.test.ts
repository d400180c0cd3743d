/**
 * Vendor date formats chosen on the first 20,000 values (kit/read-export.ts's
 * DATE_SAMPLE_ROWS) and checked from the rejects: the deciding values sit past the sample,
 * near record 25,000. Each case mirrors the generic connector's
 * (test/ingest/generic-date-format.test.ts): two later values in another format are two
 * rejects by row or record, with the note "2 value(s) that do not fit it are rejected";
 * a file whose values after an ISO sample are mostly 'yesterday' is refused with "fails on
 * 30000 of 50000". Dates a connector reads without a reject of their own (a Zendesk
 * event's timestamp standing in, a Web Help Desk note, a sys_audit row the import does
 * not read, a Jira history without items) are counted all the same.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import type { ImportError } from '#core/errors.ts';
import { importFile } from '#ingest/import-file.ts';
import { writeTemp } from '../helpers/event-log.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

const LATER = '19.08.2024 13:00';
const iso = (n: number) => `2024-08-${String((n % 28) + 1).padStart(2, '0')}T13:00:00Z`;

const refusal = async (path: string) => {
  const failure = await importFile(db, path).catch((e: ImportError) => e);
  expect(failure).toMatchObject({ code: 'SB_ERR_DATE_FORMAT' });
  expect((failure as Error).message).toContain("no known date format parses most values; the closest, 'iso', fails on 30000 of 50000");
  const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM tickets');
  expect(n).toBe(0);
};

/** Zendesk incremental ticket events: record n moves ticket n to group 1, at `at(n)`; `extra` adds fields to record n. */
function ticketEvents(count: number, at: (n: number) => string, extra: (n: number) => Record<string, unknown> = () => ({})): string {
  const records = [];
  for (let n = 1; n <= count; n++) {
    records.push(JSON.stringify({
      id: 9000 + n, ticket_id: n, created_at: at(n), updater_id: 7001, via: 'Web form', event_type: 'Audit',
      child_events: [{ id: n, event_type: 'Create', group_id: 1 }], ...extra(n),
    }));
  }
  return `{"ticket_events": [\n${records.join(',\n')}\n], "end_of_stream": true}\n`;
}

describe('Zendesk ticket events', () => {
  it('rejects the later values the first values\' format does not read, by record', async () => {
    const summary = await importFile(db, writeTemp('ticket_events.json', ticketEvents(25_000, (n) => (n <= 24_998 ? iso(n) : LATER))));
    expect(summary).toMatchObject({ connector: 'zendesk', ticketsImported: 24_998, rowsRejected: 2 });
    expect(summary.notes).toContain("ticket_events.json: dates values parse as 'iso'; 2 value(s) that do not fit it are rejected");
    expect(summary.rejects.map((r) => [r.row, r.column, r.value, r.reason])).toEqual([
      [25_000, 'created_at', LATER, 'record 24999: the change has no readable created_at or timestamp'],
      [25_001, 'created_at', LATER, 'record 25000: the change has no readable created_at or timestamp'],
    ]);
  });

  it('counts a later created_at its timestamp stands in for, and one of a record with no child events, without rejecting them', async () => {
    const csv = ticketEvents(25_000, (n) => (n <= 24_998 ? iso(n) : LATER), (n) => (n === 24_999 ? { timestamp: 1724072400 } : n === 25_000 ? { child_events: [] } : {}));
    const summary = await importFile(db, writeTemp('ticket_events.json', csv));
    expect(summary).toMatchObject({ ticketsImported: 24_999, rowsRejected: 0 });
    expect(summary.notes).toContain("ticket_events.json: dates values parse as 'iso'; 2 value(s) that do not fit it are rejected");
  });

  it('refuses the file when the first values\' format fails on most of it', async () => {
    await refusal(writeTemp('ticket_events.json', ticketEvents(50_000, (n) => (n <= 20_000 ? iso(n) : 'yesterday'))));
  });
});

/** A Jira search response: issue SD-n created at `created(n)`, its one history (a Team change, or none with `items` false) at `changed(n)`. */
function jiraIssues(count: number, created: (n: number) => string, changed: (n: number) => string, items: (n: number) => boolean = () => true): string {
  const issues = [];
  for (let n = 1; n <= count; n++) {
    issues.push(JSON.stringify({
      id: String(10_000 + n), key: `SD-${n}`,
      fields: { summary: `Issue ${n}`, status: { name: 'Open' }, created: created(n) },
      changelog: {
        startAt: 0, maxResults: 1, total: 1,
        histories: [{
          id: String(n), author: { displayName: 'Bea Jones' }, created: changed(n),
          items: items(n) ? [{ field: 'Team', fromString: 'Service Desk', toString: 'Payroll' }] : [],
        }],
      },
    }));
  }
  return `{"startAt": 0, "maxResults": ${count}, "total": ${count}, "issues": [\n${issues.join(',\n')}\n]}\n`;
}

describe('Jira changelog', () => {
  it('rejects the later values the first values\' format does not read, by issue', async () => {
    const summary = await importFile(db, writeTemp('issues.json', jiraIssues(25_000, iso, (n) => (n <= 24_998 ? iso(n) : LATER))));
    expect(summary).toMatchObject({ connector: 'jira', ticketsImported: 24_998, rowsRejected: 2 });
    expect(summary.notes).toContain("issues.json: dates values parse as 'iso'; 2 value(s) that do not fit it are rejected");
    expect(summary.rejects.map((r) => [r.row, r.column, r.value, r.reason])).toEqual([
      [25_000, 'changelog.created', LATER, 'issues.json issue 24999: a change has no readable created time'],
      [25_001, 'changelog.created', LATER, 'issues.json issue 25000: a change has no readable created time'],
    ]);
  });

  it('counts a later history without items, and keeps its issue', async () => {
    const summary = await importFile(db, writeTemp('issues.json', jiraIssues(25_000, iso, (n) => (n <= 24_999 ? iso(n) : LATER), (n) => n < 25_000)));
    expect(summary).toMatchObject({ ticketsImported: 25_000, rowsRejected: 0 });
    expect(summary.notes).toContain("issues.json: dates values parse as 'iso'; 1 value(s) that do not fit it are rejected");
  });

  it('refuses the file when the first values\' format fails on most of it', async () => {
    // 25,000 created values and 25,000 history values: the sample is the first 20,000 created.
    await refusal(writeTemp('issues.json', jiraIssues(25_000, (n) => (n <= 20_000 ? iso(n) : 'yesterday'), () => 'yesterday')));
  });
});

/** Web Help Desk ra/Tickets JSON: ticket 3000+n reported at `reported(n)`, with the notes `notes(n)` gives. */
function whdTickets(count: number, reported: (n: number) => string, notes: (n: number) => { date: string }[] = () => []): string {
  const tickets = [];
  for (let n = 1; n <= count; n++) {
    tickets.push(JSON.stringify({
      id: 3000 + n, type: 'Ticket', subject: `Ticket ${n}`, reportDateUtc: reported(n), lastUpdated: null, closeDate: null,
      statustype: { statusTypeName: 'Open' }, problemtype: { detailDisplayName: 'Hardware / Printer' },
      techGroupLevel: { levelName: 'Desktop Support' },
      notes: notes(n).map((note, i) => ({ id: n * 10 + i, type: 'TechNote', isHidden: false, prettyUpdatedString: 'by Bea Jones', ...note })),
    }));
  }
  return `[\n${tickets.join(',\n')}\n]\n`;
}

describe('Web Help Desk', () => {
  it('rejects the later values the first values\' format does not read, by row', async () => {
    const summary = await importFile(db, writeTemp('tickets.json', whdTickets(25_000, (n) => (n <= 24_998 ? iso(n) : LATER))));
    expect(summary).toMatchObject({ connector: 'solarwinds-whd', ticketsImported: 24_998, rowsRejected: 2 });
    expect(summary.notes).toContain("tickets.json: dates values parse as 'iso'; 2 value(s) that do not fit it are rejected");
    expect(summary.rejects.map((r) => [r.row, r.column, r.value])).toEqual([
      [25_000, 'reported', LATER],
      [25_001, 'reported', LATER],
    ]);
  });

  it('counts a later note date, leaving the note out and the ticket in', async () => {
    const summary = await importFile(db, writeTemp('tickets.json', whdTickets(25_000, iso, (n) => (n === 25_000 ? [{ date: LATER }, { date: iso(n) }] : []))));
    expect(summary).toMatchObject({ ticketsImported: 25_000, eventsImported: 25_001, rowsRejected: 0 });
    expect(summary.notes).toContain("tickets.json: dates values parse as 'iso'; 1 value(s) that do not fit it are rejected");
  });

  it('refuses the file when the first values\' format fails on most of it', async () => {
    await refusal(writeTemp('tickets.json', whdTickets(50_000, (n) => (n <= 20_000 ? iso(n) : 'yesterday'))));
  });
});

/** A ServiceNow sys_audit export: row n changes incident INC<n>'s `field(n)` at `at(n)` (day-first, as ServiceNow writes). */
function sysAudit(count: number, at: (n: number) => string, field: (n: number) => string = () => 'assignment_group'): string {
  const lines = ['documentkey,tablename,fieldname,oldvalue,newvalue,user,sys_created_on,record_checkpoint'];
  for (let n = 1; n <= count; n++) lines.push(`INC${String(n).padStart(7, '0')},incident,${field(n)},Service Desk,Payroll,jsmith,${at(n)},1`);
  return lines.join('\n') + '\n';
}

describe('ServiceNow sys_audit', () => {
  it('rejects the later values the first rows\' format does not read, by row', async () => {
    const summary = await importFile(db, writeTemp('sys_audit.csv', sysAudit(25_000, (n) => (n <= 24_998 ? iso(n) : LATER))));
    expect(summary).toMatchObject({ connector: 'servicenow', ticketsImported: 24_998, rowsRejected: 2 });
    expect(summary.notes).toContain("sys_audit.csv: dates values parse as 'iso'; 2 value(s) that do not fit it are rejected");
    expect(summary.rejects.map((r) => [r.row, r.column, r.value])).toEqual([
      [25_000, 'sys_created_on', LATER],
      [25_001, 'sys_created_on', LATER],
    ]);
  });

  it('counts a later date on a row the import does not read, without a reject', async () => {
    const summary = await importFile(db, writeTemp('sys_audit.csv', sysAudit(25_000, (n) => (n <= 24_999 ? iso(n) : LATER), (n) => (n === 25_000 ? 'priority' : 'assignment_group'))));
    expect(summary).toMatchObject({ ticketsImported: 24_999, rowsRejected: 0 });
    expect(summary.notes).toContain("sys_audit.csv: dates values parse as 'iso'; 1 value(s) that do not fit it are rejected");
  });

  it('refuses the file when the first rows\' format fails on most of it', async () => {
    await refusal(writeTemp('sys_audit.csv', sysAudit(50_000, (n) => (n <= 20_000 ? iso(n) : 'yesterday'))));
  });
});
