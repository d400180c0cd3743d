/**
 * /api/demand over the four-ticket district (test/api/district-fixture.ts): Payroll owns T1
 * and T3, Technology T2 and T4, one ticket misrouted (T1: Desk -> Payroll Team). One exact
 * status per role, and what a head of Payroll sees of Technology.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHOOL_CALENDAR } from '#core/settings.ts';
import { WITHHELD } from '#analysis/report/withheld.ts';
import { useApp } from '../../../../test/helpers/app.ts';
import { seedDistrict } from '../../../../test/api/district-fixture.ts';
import { withholdComplement, withholdDemandComplements } from './complements.ts';

const { app, as, anonymous } = useApp(seedDistrict);

describe('GET /api/demand', () => {
  it('answers each role with one status', async () => {
    expect((await app().inject('/api/demand')).statusCode).toBe(200);
    expect((await as('leader').inject('/api/demand')).statusCode).toBe(200);
    expect((await as('department_head', ['Payroll']).inject('/api/demand')).statusCode).toBe(200);
    expect((await as('uploader').inject('/api/demand')).statusCode).toBe(403);
    expect((await anonymous().inject('/api/demand')).statusCode).toBe(401);
    expect((await as('department_head', ['Payroll']).inject('/api/demand?department=Technology')).statusCode).toBe(403);
    expect((await as('department_head', ['Payroll']).inject('/api/demand?department=Payroll')).statusCode).toBe(200);
    expect((await app().inject('/api/demand?horizon=60')).statusCode).toBe(400);
    expect((await app().inject('/api/demand?from=2024-09-01&to=2024-08-01')).statusCode).toBe(400);
  });

  it('gives a leader every count, and says three weeks are too short to forecast', async () => {
    const body = (await as('leader').inject('/api/demand')).json();
    expect(body).toMatchObject({ history_from: '2024-08-19', history_to: '2024-08-26', forecast_from: '2024-09-02', horizon_weeks: 13 });
    expect(body.departments.map((d: { department: string; tickets_owned: number; inbound_misrouted: number }) => [d.department, d.tickets_owned, d.inbound_misrouted])).toEqual([
      ['Payroll', 2, 1],
      ['Technology', 1, 0],
    ]);
    expect(body.district.tickets_owned).toBe(3);
    expect(body.district.measures[0]).toMatchObject({ measure: 'tickets_owned', tickets: 3, status: 'too_short' });
  });

  it("withholds Technology's small counts from a head of Payroll, and the district figures that would give them back", async () => {
    const body = (await as('department_head', ['Payroll']).inject('/api/demand')).json();
    const payroll = body.departments.find((d: { department: string }) => d.department === 'Payroll');
    const technology = body.departments.find((d: { department: string }) => d.department === 'Technology');
    expect([payroll.tickets_owned, payroll.inbound_misrouted]).toEqual([2, 1]);
    expect([technology.tickets_owned, technology.inbound_misrouted]).toEqual([WITHHELD, WITHHELD]);
    expect(technology.history[0]).toEqual({ week: '2024-08-19', tickets_owned: WITHHELD, inbound_misrouted: WITHHELD, misrouted_hours: WITHHELD });
    // District 3 = Payroll 2 + Technology 1: with no other department to withhold, the district's figure goes.
    expect(body.district.tickets_owned).toBe(WITHHELD);
    expect(body.district.history[0].tickets_owned).toBe(WITHHELD);
    expect(body.district.measures[0].tickets).toBe(WITHHELD);
  });
});

describe('complementary withholding', () => {
  it('withholds the smallest other shown count when exactly one is withheld', () => {
    const rows: Record<string, unknown>[] = [
      { department: 'A', tickets_owned: WITHHELD, misrouted_hours: WITHHELD },
      { department: 'B', tickets_owned: 7, misrouted_hours: 1.5 },
      { department: 'C', tickets_owned: 12, misrouted_hours: 2 },
      { department: 'Mine', tickets_owned: 2, misrouted_hours: 0.5 },
    ];
    let margin = false;
    const extra = withholdComplement(rows, 'tickets_owned', (r) => r.department === 'Mine', () => (margin = true));
    expect(extra.map((r) => r.department)).toEqual(['B']);
    expect(rows[1]).toEqual({ department: 'B', tickets_owned: WITHHELD, misrouted_hours: WITHHELD });
    expect(rows[2].tickets_owned).toBe(12);
    expect(rows[3].tickets_owned).toBe(2);
    expect(margin).toBe(false);
    // Two withheld: neither can be had by subtraction, nothing more goes.
    expect(withholdComplement(rows, 'tickets_owned', () => false, () => (margin = true))).toEqual([]);
  });

  it('withholds a week of another department beside the one the guard withheld', () => {
    const dept = (department: string, owned: unknown, history: unknown[]) => ({ department, tickets_owned: owned, inbound_misrouted: 20, history, measures: [], request_types: [] });
    const answer = {
      district: { tickets_owned: 60, inbound_misrouted: 60, history: [{ week: 'w', tickets_owned: 30, inbound_misrouted: 27, misrouted_hours: 9 }], measures: [] },
      departments: [
        dept('A', 20, [{ week: 'w', tickets_owned: WITHHELD, inbound_misrouted: 9, misrouted_hours: WITHHELD }]),
        dept('B', 20, [{ week: 'w', tickets_owned: 8, inbound_misrouted: 9, misrouted_hours: 3 }]),
        dept('C', 20, [{ week: 'w', tickets_owned: 6, inbound_misrouted: 9, misrouted_hours: 3 }]),
      ],
    };
    withholdDemandComplements(answer, ['B']);
    expect(answer.departments.map((d) => (d.history[0] as { tickets_owned: unknown }).tickets_owned)).toEqual([WITHHELD, 8, WITHHELD]);
    expect((answer.departments[2].history[0] as { misrouted_hours: unknown }).misrouted_hours).toBe(WITHHELD);
    expect(answer.district.history[0].tickets_owned).toBe(30);
  });
});

describe('school calendar', () => {
  it('reads the US defaults, lets an administrator set it, and refuses a break that ends before it starts', async () => {
    expect((await as('leader').inject('/api/demand/school-calendar')).json()).toEqual(DEFAULT_SCHOOL_CALENDAR);
    const calendar = { ...DEFAULT_SCHOOL_CALENDAR, firstDay: '08-21' };
    expect((await as('leader').inject({ method: 'PUT', url: '/api/demand/school-calendar', payload: calendar })).statusCode).toBe(403);
    const bad = await app().inject({ method: 'PUT', url: '/api/demand/school-calendar', payload: { ...calendar, breaks: [{ name: 'Spring', from: '03-20', to: '03-16' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'SB_ERR_BAD_SCHOOL_CALENDAR', message: 'break 1 (Spring) ends before it starts' });
    expect((await app().inject({ method: 'PUT', url: '/api/demand/school-calendar', payload: calendar })).statusCode).toBe(200);
    expect((await as('leader').inject('/api/demand/school-calendar')).json().firstDay).toBe('08-21');
  });
});
