import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { seedDistrict } from './district-fixture.ts';

const { app } = useApp(seedDistrict);
const get = async (url: string) => app().inject({ method: 'GET', url });

describe('GET /api/report', () => {
  it('returns the report with the filters and the assumptions that produced it', async () => {
    const body = (await get('/api/report?location=Central%20Office')).json();
    expect(body.report.filters).toEqual({ location: 'Central Office' });
    expect(body.report.summary).toMatchObject({ tickets: 2, resolved_elsewhere: 0, ping_pong_tickets: 1 });
    expect(body.tables).toContain('departments');
    expect(body.assumptions).toMatchObject({ timeZone: 'America/Chicago', cost: { triageMinutes: 15, touchMinutes: 6, defaultHourlyRate: 42 } });
  });

  it('says nothing is empty when the report holds tickets', async () => {
    expect((await get('/api/report')).json().empty).toBeNull();
  });

  it('says no ticket matches when the filters leave none, on a database that has some', async () => {
    const res = await get('/api/report?from=2031-01-01');
    expect(res.statusCode).toBe(200);
    expect(res.json().report.summary.tickets).toBe(0);
    expect(res.json().empty).toEqual({ reason: 'no_match', message: 'No tickets match these filters.' });
  });

  it('gives a table as CSV', async () => {
    const res = await get('/api/report/departments.csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="switchboard-departments.csv"');
    const [header, ...rows] = res.body.trim().split(/\r?\n/);
    expect(header.split(',').slice(0, 5)).toEqual(['department', 'tickets_owned', 'inbound_misrouted', 'inbound_misroute_share', 'tickets_landed']);
    // Technology owns T2 and T4 and was the first landing of T1, T2 and T4.
    expect(rows.find((r) => r.startsWith('Technology,'))!.split(',').slice(0, 5)).toEqual(['Technology', '2', '0', '0', '3']);
  });

  it('answers an unknown table with a 404 naming the tables', async () => {
    const res = await get('/api/report/secrets.csv');
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/^no report table 'secrets'; tables are /);
  });
});

describe('GET /api/report on a database with no tickets', () => {
  const empty = useApp(async () => {});

  it("says 'No tickets yet' rather than answer empty tables alone", async () => {
    const res = await empty.app().inject({ method: 'GET', url: '/api/report' });
    expect(res.statusCode).toBe(200);
    expect(res.json().empty).toEqual({ reason: 'no_tickets', message: 'No tickets yet: upload an export.' });
    expect(res.json().report.departments).toEqual([]);
  });
});
