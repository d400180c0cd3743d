/**
 * GET /api/people on the hand-made district of analysis/routing-people/hand-made-district.ts
 * (ana and ben at the Technology desk, dee in Payroll; every figure is worked out there):
 * one exact status and body per role. A department head sees only the people of their own
 * departments, with the concentration among them alone.
 */
import { describe, expect, it } from 'vitest';
import { seedHandMadeRouting } from '#analysis/routing-people/hand-made-district.ts';
import { useApp } from '../helpers/app.ts';

const { app, as, anonymous } = useApp(seedHandMadeRouting);
const get = (who = app(), query = '') => who.inject({ method: 'GET', url: `/api/people${query}` });

const shares = { top1_share: 0.5, top3_share: 1, top5_share: 1, gini: 0.25 };
const ana = {
  person: 'ana',
  department: 'Technology',
  handoffs: 4,
  triage_touches: 1,
  departments_reached: 1,
  dependent_request_types: ['Payroll / Stipend'],
  absence: {
    present: { weeks: 5, tickets: 4, median_hours_to_owner: 1, mean_handoffs: 1 },
    absent: { weeks: 2, tickets: 2, median_hours_to_owner: 4, mean_handoffs: 1 },
  },
};
const ben = { person: 'ben', department: 'Technology', handoffs: 3, triage_touches: 0, departments_reached: 2, dependent_request_types: [], absence: null };
const dee = { person: 'dee', department: 'Payroll', handoffs: 1, triage_touches: 1, departments_reached: 1, dependent_request_types: [], absence: null };
const periods = {
  by_school_year: [{ period: '2024-25', people: 3, ...shares }],
  by_month: [
    { period: '2024-08', people: 1, top1_share: 1, top3_share: 1, top5_share: 1, gini: 0 },
    { period: '2024-09', people: 2, top1_share: 0.75, top3_share: 1, top5_share: 1, gini: 0.25 },
  ],
};
const candidate = {
  request_type: 'Payroll / Stipend',
  person: 'ana',
  department: 'Technology',
  routed_tickets: 6,
  through_person: 4,
  through_share: 4 / 6,
  hours_per_year: (66 / 60) * (365 / 43),
};
const district = { ...shares, people: [ana, ben, dee], ...periods, dependent_request_types: [candidate] };

describe('GET /api/people', () => {
  it('answers an admin and a leader with every person', async () => {
    for (const who of [app(), as('leader')]) {
      const res = await get(who);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(district);
    }
  });

  it("answers a department head with their own department's people only, and the concentration among them", async () => {
    const payroll = await get(as('department_head', ['Payroll']));
    expect(payroll.statusCode).toBe(200);
    // dee alone: her one handoff, in September.
    const alone = { top1_share: 1, top3_share: 1, top5_share: 1, gini: 0 };
    expect(payroll.json()).toEqual({
      ...alone,
      people: [dee],
      by_school_year: [{ period: '2024-25', people: 1, ...alone }],
      by_month: [{ period: '2024-09', people: 1, ...alone }],
      dependent_request_types: [],
    });
    const technology = await get(as('department_head', ['Technology']));
    expect(technology.statusCode).toBe(200);
    // ana 4 and ben 3: top 1 4/7; Gini |4 - 3| x 2 / (2 x 4 x 7/2) = 2/28 = 1/14.
    const desk = { top1_share: 4 / 7, top3_share: 1, top5_share: 1, gini: 1 / 14 };
    // ana's comparison is about 4 and 2 Payroll / Stipend tickets: "<5". Of the type's 6
    // arrivals, 2 were not through ana (ben's, an automated one): its total and share go.
    const withheld = (weeks: number) => ({ weeks, tickets: '<5', median_hours_to_owner: '<5', mean_handoffs: '<5' });
    expect(technology.json()).toEqual({
      ...desk,
      people: [{ ...ana, absence: { present: withheld(5), absent: withheld(2) } }, ben],
      by_school_year: [{ period: '2024-25', people: 2, ...desk }],
      by_month: [
        { period: '2024-08', people: 1, ...alone },
        { period: '2024-09', people: 1, ...alone },
      ],
      dependent_request_types: [{ ...candidate, routed_tickets: '<5', through_share: '<5' }],
    });
  });

  it("refuses a department head asking for another department's view", async () => {
    const res = await get(as('department_head', ['Payroll']), '?department=Technology');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({
      error: 'Forbidden',
      code: 'SB_ERR_FORBIDDEN_DEPARTMENT',
      message: 'figures of Technology are not yours to see; the district totals are',
    });
  });

  it('answers an uploader (who reads at the leader level) and refuses anyone not signed in', async () => {
    expect((await get(as('uploader'))).statusCode).toBe(200);
    const nobody = await get(anonymous());
    expect(nobody.statusCode).toBe(401);
    expect(nobody.json()).toEqual({ error: 'Unauthorized', code: 'SB_ERR_SIGN_IN_REQUIRED', message: 'sign in to see this' });
  });

  it('answers a bad date with 400 before any SQL runs', async () => {
    const res = await get(app(), '?from=2024-09-01&to=2024-08-01');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Bad Request', code: 'SB_ERR_BAD_FILTER', message: 'from (2024-09-01) is after to (2024-08-01)' });
  });
});
