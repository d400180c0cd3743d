import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { seedDistrict } from './district-fixture.ts';

const { app } = useApp(seedDistrict);
const get = async (url: string) => app().inject({ method: 'GET', url });

describe('GET /api/report', () => {
  it('returns the report with the filters and the assumptions that produced it', async () => {
    const body = (await get('/api/report?location=Central%20Office')).json();
    expect(body.report.filters).toEqual({ location: 'Central Office' });
    expect(body.report.summary).toMatchObject({ tickets: 2, resolved_elsewhere: 0 });
    expect(body.tables).toContain('departments');
    expect(body.assumptions).toMatchObject({ timeZone: 'America/Chicago', cost: { triageMinutes: 15, touchMinutes: 6, defaultHourlyRate: 42 } });
  });

  it('gives a table as CSV', async () => {
    const res = await get('/api/report/departments.csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="switchboard-departments.csv"');
    expect(res.body.split('\n')[0].trim()).toBe('department,tickets_landed,resolved_elsewhere,resolved_elsewhere_share');
    expect(res.body).toContain('Technology,3,1,0.3333333333333333');
  });

  it('answers an unknown table with a 404 naming the tables', async () => {
    const res = await get('/api/report/secrets.csv');
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/^no report table 'secrets'; tables are /);
  });
});
