import { describe, expect, it } from 'vitest';
import { importFile } from '#ingest/import-file.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';
import { useApp } from '../helpers/app.ts';

const { app } = useApp(async (db) => {
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')");
  const rows = [...pathEvents('T1', ['Desk', 'Payroll Team']), ...pathEvents('T2', ['Desk']), ...pathEvents('T3', ['Payroll Team'])];
  await importFile(db, writeTemp('api.csv', eventLogCsv(rows)));
});

describe('GET /api/figures/first-landing', () => {
  it('returns the figure and its breakdown', async () => {
    const res = await app().inject({ method: 'GET', url: '/api/figures/first-landing' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      summary: { tickets: 3, resolvedElsewhere: 1, resolvedElsewhereShare: 1 / 3 },
      byDepartment: [
        { department: 'Technology', ticketsLanded: 2, resolvedElsewhere: 1, resolvedElsewhereShare: 0.5 },
        { department: 'Payroll', ticketsLanded: 1, resolvedElsewhere: 0, resolvedElsewhereShare: 0 },
      ],
    });
  });

  it('filters by department through the query string', async () => {
    const res = await app().inject({ method: 'GET', url: '/api/figures/first-landing?department=Payroll' });
    expect(res.json().summary).toEqual({ tickets: 2, resolvedElsewhere: 1, resolvedElsewhereShare: 0.5 });
  });

  it('answers a bad filter with 400 and a readable message', async () => {
    const res = await app().inject({ method: 'GET', url: '/api/figures/first-landing?from=2024-13-45' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'SB_ERR_BAD_FILTER', message: "from must be a date written YYYY-MM-DD, got '2024-13-45'" });
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const res = await app().inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('SB_ERR_NOT_FOUND');
  });
});
