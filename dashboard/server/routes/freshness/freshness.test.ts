import { describe, expect, it } from 'vitest';
import { seedDistrict } from '../../../../test/api/district-fixture.ts';
import { useApp } from '../../../../test/helpers/app.ts';

describe('GET /api/freshness on the four-ticket district', () => {
  const { as, anonymous } = useApp(seedDistrict);

  it('names the last import, the days the tickets span and no unmapped group', async () => {
    const res = await as('uploader').inject('/api/freshness');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      hasData: true,
      lastImport: { fileName: 'district.csv', source: 'generic' },
      firstDay: '2024-08-19',
      lastDay: '2024-09-03',
      unmappedGroups: 0,
    });
    expect(Date.parse(body.lastImport.finishedAt)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('counts a group that loses its mapping, and a department head gets the same answer', async () => {
    const put = await as('uploader').inject({ method: 'PUT', url: '/api/settings/group-departments', payload: { group: 'HR Benefits', department: null } });
    expect(put.statusCode).toBe(200);
    expect((await as('leader').inject('/api/freshness')).json().unmappedGroups).toBe(1);
    expect((await as('department_head', ['Payroll']).inject('/api/freshness')).json()).toMatchObject({ unmappedGroups: 1, firstDay: '2024-08-19' });
    expect((await anonymous().inject('/api/freshness')).statusCode).toBe(401);
  });
});

describe('GET /api/freshness on an empty database', () => {
  const { app } = useApp(async () => {});

  it('says there is no data', async () => {
    expect((await app().inject('/api/freshness')).json()).toMatchObject({ hasData: false, lastImport: null, firstDay: null, lastDay: null, unmappedGroups: 0 });
  });
});
