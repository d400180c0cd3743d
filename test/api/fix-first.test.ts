/**
 * GET /api/fix-first, POST /api/fix-first/what-if and GET /api/fix-first/decisions on the
 * hand-made district of analysis/fix-first/hand-made-district.ts (every figure is worked
 * out there): one exact status and body per role.
 */
import { describe, expect, it } from 'vitest';
import { seedHandMadeFixFirst } from '#analysis/fix-first/hand-made-district.ts';
import { fixFirst } from '#analysis/fix-first/fix-first.ts';
import { DEFAULT_SETTINGS } from '#core/settings.ts';
import { fixFirstFor } from '#dashboard/server/routes/fix-first/index.ts';
import { useApp } from '../helpers/app.ts';

const { app, db, as, anonymous } = useApp(seedHandMadeFixFirst);
const get = (who = app(), query = '') => who.inject({ method: 'GET', url: `/api/fix-first${query}` });
const whatIf = (who = app(), actions: unknown[] = []) => who.inject({ method: 'POST', url: '/api/fix-first/what-if', payload: { actions } });

describe('GET /api/fix-first', () => {
  it('answers an admin, a leader and a department head with the ranked list (every action has at least five tickets)', async () => {
    const expected = { actions: JSON.parse(JSON.stringify(await fixFirst(db(), DEFAULT_SETTINGS, {}))), currency: 'USD' };
    expect(expected.actions.map((a: { kind: string; target: string }) => `${a.kind} ${a.target}`).slice(0, 3)).toEqual([
      'declare_owner Stipend',
      'declare_owner W-2 copy',
      'redirect_system W-2 copy',
    ]);
    for (const who of [app(), as('leader'), as('department_head', ['Technology'])]) {
      const res = await get(who);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(expected);
    }
    const two = await get(app(), '?limit=2');
    expect(two.json().actions).toHaveLength(2);
  });

  it('refuses the signed-out (401) and a head asking for another department (403); an uploader reads it (200)', async () => {
    expect((await get(anonymous())).statusCode).toBe(401);
    expect((await get(as('uploader'))).statusCode).toBe(200);
    const other = await get(as('department_head', ['Technology']), '?department=Payroll');
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('SB_ERR_FORBIDDEN_DEPARTMENT');
  });

  it("withholds another department's action about fewer than five tickets from a head", async () => {
    const [action] = await fixFirst(db(), DEFAULT_SETTINGS, {});
    const small = { ...action, evidence_tickets: 3 };
    const head = { role: 'department_head' as const, departments: ['Technology'], userId: 'u', email: 'e' };
    expect(fixFirstFor(head, [small])).toEqual([
      {
        ...small, evidence_tickets: '<5', yearly_misroutes: '<5', yearly_hours: '<5', yearly_cost: '<5',
        yearly_hours_low: '<5', yearly_hours_high: '<5', yearly_cost_low: '<5', yearly_cost_high: '<5',
      },
    ]);
    expect(fixFirstFor({ ...head, departments: ['Payroll'] }, [small])).toEqual([small]);
  });
});

describe('POST /api/fix-first/what-if', () => {
  it('projects the chosen action beside today, with the band', async () => {
    for (const who of [app(), as('department_head', ['Payroll'])]) {
      const res = await whatIf(who, [{ kind: 'declare_owner', target: 'Stipend' }]);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.window).toEqual({ first_day: '2024-09-02', last_day: '2024-11-13', scale: 5 });
      // Today $420 a year; Stipend's $315 kept at 40 %: $231 (low share 40 %: $294; high 80 %: $168).
      expect([body.today.coordination_cost, body.projected.coordination_cost, body.band.low_shares.coordination_cost, body.band.high_shares.coordination_cost].map(Math.round)).toEqual([420, 231, 294, 168]);
      expect(body.actions.map((a: { yearly_cost: number }) => Math.round(a.yearly_cost * 100) / 100)).toEqual([189]);
    }
  });

  it('refuses an action that is not on the list and a share outside its range (400)', async () => {
    const unknown = await whatIf(app(), [{ kind: 'school_front_door', target: 'North' }]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({
      error: 'Bad Request',
      code: 'SB_ERR_BAD_ACTION',
      message: "actions[0] (school_front_door 'North') is not a fix-first action for these filters; GET /api/fix-first lists them",
    });
    const share = await whatIf(app(), [{ kind: 'declare_owner', target: 'Stipend', share: 0.95 }]);
    expect(share.statusCode).toBe(400);
    expect(share.json().message).toBe('actions[0].share 0.95 is outside 0.4 to 0.8, the range assumed for declare_owner');
  });
});

describe('declaring an owner records a decision', () => {
  it('shows the decision with misroutes before and after; a head sees small counts of another department withheld', async () => {
    const put = await app().inject({ method: 'PUT', url: '/api/settings/request-type-owners', payload: { requestType: 'Stipend', department: 'Payroll' } });
    expect(put.statusCode).toBe(200);
    const res = await app().inject({ method: 'GET', url: '/api/fix-first/decisions' });
    expect(res.statusCode).toBe(200);
    // Every Stipend ticket (6, all misrouted) was created before today's decision; none after yet.
    expect(res.json()).toEqual({
      decisions: [
        {
          request_type: 'Stipend', department: 'Payroll', decided_at: expect.any(String),
          before: { tickets: 6, misrouted_tickets: 6, misroute_share: 1 },
          after: { tickets: 0, misrouted_tickets: 0, misroute_share: 0 },
          status: 'not_yet_working',
        },
      ],
    });
    const head = await as('department_head', ['Technology']).inject({ method: 'GET', url: '/api/fix-first/decisions' });
    expect(head.statusCode).toBe(200);
    expect(head.json().decisions[0].after).toEqual({ tickets: '<5', misrouted_tickets: '<5', misroute_share: '<5' });
    expect(head.json().decisions[0].before).toEqual({ tickets: 6, misrouted_tickets: 6, misroute_share: 1 });
    // Declared, Stipend is no longer a "declare an owner" action.
    expect((await get()).json().actions.map((a: { kind: string; target: string }) => `${a.kind} ${a.target}`)).not.toContain('declare_owner Stipend');
  });
});
