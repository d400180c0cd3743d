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
import { withholdDemandComplements } from './complements.ts';

const { app, as, anonymous } = useApp(seedDistrict);

describe('GET /api/demand', () => {
  it('answers each role with one status', async () => {
    expect((await app().inject('/api/demand')).statusCode).toBe(200);
    expect((await as('leader').inject('/api/demand')).statusCode).toBe(200);
    expect((await as('department_head', ['Payroll']).inject('/api/demand')).statusCode).toBe(200);
    expect((await as('uploader').inject('/api/demand')).statusCode).toBe(200);
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
  const dept = (department: string, owned: number, history: Record<string, unknown>[]) => ({ department, tickets_owned: owned, inbound_misrouted: 20, history, measures: [{ measure: 'tickets_owned', tickets: owned, forecast: 1.5 }], request_types: [] });
  const week = (tickets_owned: number, inbound_misrouted = 9) => ({ week: 'w', tickets_owned, inbound_misrouted, misrouted_hours: 3 });
  /** What the guard sends a head of `mine`: another department's count under five as "<5", its row's figures with it. */
  const guardLike = <T,>(answer: T, mine: string[]): T => {
    const copy = structuredClone(answer) as { departments: { department: string; tickets_owned: unknown; history: Record<string, unknown>[] }[] };
    for (const d of copy.departments) {
      if (mine.includes(d.department)) continue;
      for (const h of d.history) if (typeof h.tickets_owned === 'number' && h.tickets_owned < 5) for (const k of ['tickets_owned', 'inbound_misrouted', 'misrouted_hours']) h[k] = WITHHELD;
    }
    return copy as T;
  };

  it("withholds other departments' weeks, smallest first, until the withheld add up to five", () => {
    const answer = {
      district: { tickets_owned: 60, inbound_misrouted: 60, history: [week(17, 27)], measures: [] },
      departments: [dept('A', 20, [week(1)]), dept('B', 20, [week(8)]), dept('C', 20, [week(2)]), dept('D', 20, [week(6)])],
    };
    const shown = withholdDemandComplements(answer, guardLike(answer, ['B']), ['B']);
    // A (1) is withheld by the guard; C (2) joins it (sum 3 < 5); then D (6): sum 9. B is the reader's own.
    expect(shown.departments.map((d) => d.history[0].tickets_owned)).toEqual([WITHHELD, 8, WITHHELD, WITHHELD]);
    expect(shown.departments[3].history[0].misrouted_hours).toBe(WITHHELD);
    expect(shown.district.history[0].tickets_owned).toBe(17);
    // The numbers themselves are untouched.
    expect(answer.departments[3].history[0].tickets_owned).toBe(6);
  });

  it("withholds the district's week when no other department is left to withhold", () => {
    const answer = {
      district: { tickets_owned: 40, inbound_misrouted: 40, history: [week(11, 18)], measures: [] },
      departments: [dept('A', 20, [week(3)]), dept('Mine', 20, [week(8)])],
    };
    const shown = withholdDemandComplements(answer, guardLike(answer, ['Mine']), ['Mine']);
    expect(shown.departments.map((d) => d.history[0].tickets_owned)).toEqual([WITHHELD, 8]);
    expect(shown.district.history[0].tickets_owned).toBe(WITHHELD);
    expect(shown.district.history[0].misrouted_hours).toBe(WITHHELD);
  });

  it("withholds a complement department's forecast with its total", () => {
    const answer = {
      district: { tickets_owned: 30, inbound_misrouted: 60, history: [], measures: [] },
      departments: [dept('A', 2, []), dept('B', 9, []), dept('Mine', 19, [])],
    };
    const guarded = guardLike(answer, ['Mine']);
    // The guard withholds a department total under five the same way.
    (guarded.departments[0] as Record<string, unknown>).tickets_owned = WITHHELD;
    const shown = withholdDemandComplements(answer, guarded, ['Mine']);
    expect(shown.departments.map((d) => d.tickets_owned)).toEqual([WITHHELD, WITHHELD, 19]);
    expect(shown.departments[1].measures[0]).toEqual({ measure: 'tickets_owned', tickets: WITHHELD, forecast: WITHHELD });
    expect(shown.district.tickets_owned).toBe(30);
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
