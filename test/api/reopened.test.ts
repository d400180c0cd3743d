/**
 * The reopened measure through the API, over ten hand-made tickets
 * (test/helpers/reopen-district.ts): 6 reopened, Technology owns 5 of them and Payroll 1;
 * 6 in the week of 2024-09-02 and none in the week of 2024-09-09.
 */
import { describe, expect, it } from 'vitest';
import { seedReopenDistrict } from '../helpers/reopen-district.ts';
import { useApp } from '../helpers/app.ts';

const { app } = useApp(seedReopenDistrict);
const get = (url: string) => app().inject({ method: 'GET', url });

describe('reopened_tickets in the API', () => {
  it('is in the summary, the department rows and the trend', async () => {
    expect((await get('/api/figures/summary')).json().summary).toMatchObject({ tickets: 10, reopened_tickets: 6 });
    const { departments } = (await get('/api/figures/departments')).json();
    expect(departments.map((d: { department: string; reopened_tickets: number }) => [d.department, d.reopened_tickets])).toEqual([['Technology', 5], ['Payroll', 1]]);
    const week = (await get('/api/figures/trend?interval=week')).json().periods;
    expect(week.map((p: { period: string; reopened_tickets: number }) => [p.period, p.reopened_tickets])).toEqual([['2024-09-02', 6], ['2024-09-09', 0]]);
    const month = (await get('/api/figures/trend?interval=month')).json().periods;
    expect(month.map((p: { period: string; reopened_tickets: number }) => [p.period, p.reopened_tickets])).toEqual([['2024-09-01', 6]]);
  });

  it("is in the report's summary, departments and trends, and their CSV", async () => {
    const { report } = (await get('/api/report')).json();
    expect(report.summary.reopened_tickets).toBe(6);
    expect(report.departments.map((d: { reopened_tickets: number }) => d.reopened_tickets)).toEqual([5, 1]);
    expect(report.trends.week.map((p: { reopened_tickets: number }) => p.reopened_tickets)).toEqual([6, 0]);
    expect(report.trends.month.map((p: { reopened_tickets: number }) => p.reopened_tickets)).toEqual([6]);
    for (const [table, expected] of [['departments', ['5', '1']], ['trends_week', ['6', '0']], ['trends_month', ['6']]] as const) {
      const [header, ...rows] = (await get(`/api/report/${table}.csv`)).body.trim().split(/\r?\n/);
      const column = header.split(',').indexOf('reopened_tickets');
      expect(rows.map((r) => r.split(',')[column]), table).toEqual(expected);
    }
  });
});
