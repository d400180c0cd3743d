/**
 * Department hourly rates through /api/settings/department-rates, on the four-ticket
 * district (test/api/district-fixture.ts). Its coordination is 63 minutes, each charged to
 * the department that spent it: three handoffs of 15 minutes of triage (T1 into Payroll, T4
 * into Human Resources and back into Technology) and three touches of 6 minutes outside
 * the owner (Technology twice, Human Resources once). Payroll's share is its one handoff:
 * 0.25 h x 42 = 10.50 of the district's 1.05 h x 42 = 44.10.
 */
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { seedDistrict } from './district-fixture.ts';

const { app, as } = useApp(seedDistrict);
const put = (body: object, who = app()) => who.inject({ method: 'PUT', url: '/api/settings/department-rates', payload: body });
/** The district's and Payroll's coordination cost, in cents (exact, where the sums of floats are not). */
const cost = async () => {
  const summary = (await app().inject({ method: 'GET', url: '/api/figures/summary' })).json().summary.coordination_cost as number;
  const { departments } = (await app().inject({ method: 'GET', url: '/api/figures/departments' })).json();
  const payroll = departments.find((d: { department: string }) => d.department === 'Payroll').coordination_cost as number;
  return { summary: Math.round(summary * 100), payroll: Math.round(payroll * 100) };
};
const DEFAULT = { summary: 4410, payroll: 1050 };

describe('PUT /api/settings/department-rates', () => {
  it('lists every department with no rate of its own at first', async () => {
    expect((await app().inject({ method: 'GET', url: '/api/settings' })).json().departmentRates).toEqual([
      { department: 'Human Resources', hourlyRate: null },
      { department: 'Payroll', hourlyRate: null },
      { department: 'Technology', hourlyRate: null },
    ]);
  });

  it("recomputes the cost with Payroll's own rate, and with the default again when cleared", async () => {
    expect(await cost()).toEqual(DEFAULT);
    expect((await put({ department: 'Payroll', hourlyRate: 60 })).json()).toEqual({ ok: true });
    // Payroll's handoff: 0.25 h x 60 = 15.00, so the district's 44.10 - 10.50 + 15.00 = 48.60.
    expect(await cost()).toEqual({ summary: 4860, payroll: 1500 });
    expect((await app().inject({ method: 'GET', url: '/api/settings' })).json().departmentRates).toContainEqual({ department: 'Payroll', hourlyRate: 60 });
    // null is the default rate again (not a rate of 0).
    await put({ department: 'Payroll', hourlyRate: null });
    expect((await app().inject({ method: 'GET', url: '/api/settings' })).json().departmentRates).toContainEqual({ department: 'Payroll', hourlyRate: null });
    expect(await cost()).toEqual(DEFAULT);
  });

  it('refuses a rate out of range, an unknown department, and anyone but an admin', async () => {
    for (const hourlyRate of [-1, 500.01, 'sixty']) {
      const res = await put({ department: 'Payroll', hourlyRate });
      expect(res.statusCode, String(hourlyRate)).toBe(400);
    }
    const unknown = await put({ department: 'Payrol', hourlyRate: 50 });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'SB_ERR_UNKNOWN_DEPARTMENT' });
    expect(unknown.json().message).toContain("no department 'Payrol'");
    expect((await put({ department: 'Payroll', hourlyRate: 50 }, as('leader'))).statusCode).toBe(403);
    expect((await put({ department: 'Payroll', hourlyRate: 50 }, as('department_head', ['Payroll']))).statusCode).toBe(403);
    expect(await cost()).toEqual(DEFAULT);
  });
});
