import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { importFile } from '#ingest/import-file.ts';
import { ticketFactsDerived } from '#analysis/ticket-facts/ticket-facts.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';

// T1 Desk > Payroll Team (1 hop), T2 Payroll Team (0 hops).
const { app, as, anonymous } = useApp(async (db) => {
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')");
  const rows = [...pathEvents('T1', ['Desk', 'Payroll Team']), ...pathEvents('T2', ['Payroll Team'])];
  await importFile(db, writeTemp('export.csv', eventLogCsv(rows)), { derived: ticketFactsDerived });
});

describe('/api/export', () => {
  it('lists the datasets and formats for a leader', async () => {
    const res = await as('leader').inject('/api/export');
    expect(res.statusCode).toBe(200);
    expect(res.json().formats).toEqual(['parquet', 'csv', 'arrow', 'xlsx']);
    expect(res.json().datasets.map((d: { name: string }) => d.name)).toContain('ticket_facts');
  });

  it('sends one dataset as a CSV file', async () => {
    const res = await app().inject('/api/export/tickets?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="switchboard-tickets.csv"');
    const lines = res.body.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['T1', 'T2']);
  });

  it('streams the per-ticket facts as Arrow IPC', async () => {
    const res = await as('leader').inject('/api/export/facts.arrows');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(res.rawPayload);
    expect(table.numRows).toBe(2);
    expect(Array.from(table.getChild('hops')!.toArray())).toEqual([1, 0]);
    expect(Array.from(table.getChild('misrouted')!.toArray())).toEqual([true, false]);
  });

  it('refuses a department head: exports hold every department\'s rows', async () => {
    for (const url of ['/api/export', '/api/export/tickets?format=csv', '/api/export/facts.arrows']) {
      const res = await as('department_head', ['Payroll']).inject(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code, url).toBe('SB_ERR_FORBIDDEN');
    }
  });

  it('refuses other roles, unknown datasets and formats with one status each', async () => {
    expect((await as('uploader').inject('/api/export/tickets')).statusCode).toBe(403);
    expect((await anonymous().inject('/api/export/tickets')).statusCode).toBe(401);
    expect((await app().inject('/api/export/settings')).statusCode).toBe(404);
    expect((await app().inject('/api/export/tickets?format=pdf')).statusCode).toBe(400);
    expect((await app().inject('/api/export/request_type_owners?format=csv')).statusCode).toBe(200);
  });
});
