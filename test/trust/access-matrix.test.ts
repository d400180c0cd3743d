/**
 * The access matrix: every API route the app registers (from its own route table) x every
 * role, anonymous included, and a department head of Payroll asking for its own and for
 * another department. Denied calls get exactly 401 or 403; allowed calls never do; and
 * no answer a Payroll head receives holds another department's ticket or a figure about
 * fewer than five of another department's tickets.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { seedDistrict } from '../api/district-fixture.ts';
import { useApp } from '../helpers/app.ts';
import { decide, type RequestAccess, type Role } from '../../dashboard/server/plugins/app/auth/roles.ts';

const { anonymous, as, db } = useApp(seedDistrict);

type Caller = { name: string; role: Role | null; departments: string[] };
const CALLERS: Caller[] = [
  { name: 'anonymous', role: null, departments: [] },
  { name: 'admin', role: 'admin', departments: [] },
  { name: 'uploader', role: 'uploader', departments: [] },
  { name: 'leader', role: 'leader', departments: [] },
  { name: 'head of Payroll', role: 'department_head', departments: ['Payroll'] },
];
const appFor = (c: Caller): FastifyInstance => (c.role ? as(c.role, c.departments) : anonymous());
const accessOf = (c: Caller): RequestAccess | null =>
  c.role ? { role: c.role, departments: c.departments, userId: 'x', email: 'x' } : null;

/**
 * A URL with every :param filled in (the matrix is about access, not about finding things).
 * A DELETE names a record that does not exist, so an allowed caller gets 404 and the seeded
 * district stays whole for the tests after this one.
 */
const concrete = (url: string, method: string) =>
  method === 'DELETE'
    ? url.replace(/:[A-Za-z]+/g, '999999')
    : url.replace(/:source/g, 'generic').replace(/:ticketId/g, 'T1').replace(/:[A-Za-z]+/g, '1');

// Tickets that never touch Payroll (T2: Desk; T4: Desk -> HR Benefits -> Desk).
const FOREIGN_TICKETS = ['T2', 'T4'];

function leaks(body: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.ticketId === 'string' && FOREIGN_TICKETS.includes(o.ticketId)) found.push(`ticket ${o.ticketId}`);
    const count = ['tickets', 'ticketsLanded', 'count'].map((k) => o[k]).find((x) => typeof x === 'number') as number | undefined;
    for (const key of ['department', 'from', 'to']) {
      const d = o[key];
      if (typeof d === 'string' && d !== 'Payroll' && (count ?? 0) < 5 && !(key !== 'department' && (o.from === 'Payroll' || o.to === 'Payroll'))) {
        found.push(`${key} ${d} over ${count} tickets`);
      }
    }
    Object.values(o).forEach(walk);
  };
  walk(body);
  return found;
}

describe('every API route x every role', () => {
  it('enumerates the routes from the app and every one declares its access', async () => {
    const routes = anonymous().routeTable.filter((r) => r.url.startsWith('/api'));
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((r) => !r.declared).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('answers each call with the status its access level allows', async () => {
    // Signing out ends the caller's session for the calls after it; it is public, and tested in auth.test.ts.
    const routes = anonymous().routeTable.filter((r) => r.url.startsWith('/api') && r.url !== '/api/auth/signout');
    const wrong: string[] = [];
    for (const route of routes) {
      for (const caller of CALLERS) {
        const res = await appFor(caller).inject({
          method: route.method as 'GET',
          url: concrete(route.url, route.method),
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const decision = decide(route.access, accessOf(caller));
        const expected = decision.allow ? null : decision.status;
        const ok = expected === null ? res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode < 500 : res.statusCode === expected;
        if (!ok) wrong.push(`${caller.name} ${route.method} ${route.url}: ${res.statusCode} (expected ${expected ?? 'allowed'})`);
        if (expected !== null) {
          expect(res.json().code).toBe(expected === 401 ? 'SB_ERR_SIGN_IN_REQUIRED' : 'SB_ERR_FORBIDDEN');
        }
        if (caller.role === 'department_head' && res.statusCode === 200 && route.method === 'GET') {
          const type = String(res.headers['content-type']);
          expect(type, `${route.url} answers a department head in JSON only`).toMatch(/^application\/json/);
          const found = leaks(res.json());
          if (found.length) wrong.push(`head of Payroll GET ${route.url} leaks ${found.join(', ')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("scopes a department head to their own department and refuses another's", async () => {
    const leaderRoutes = anonymous().routeTable.filter((r) => r.url.startsWith('/api') && r.access === 'leader' && r.method === 'GET' && !r.url.includes(':'));
    const head = as('department_head', ['Payroll']);
    for (const route of leaderRoutes) {
      const own = await head.inject({ method: 'GET', url: `${route.url}?department=Payroll` });
      expect([200, 400, 403], `${route.url} own`).toContain(own.statusCode);
      if (own.statusCode === 200 && String(own.headers['content-type']).startsWith('application/json')) expect(leaks(own.json())).toEqual([]);
      const other = await head.inject({ method: 'GET', url: `${route.url}?department=Technology` });
      expect(other.statusCode, `${route.url} other`).toBe(other.statusCode === 400 ? 400 : 403);
      expect(other.statusCode === 400 ? 'SB_ERR_BAD_REQUEST' : other.json().code).toMatch(/SB_ERR_(FORBIDDEN_DEPARTMENT|FORBIDDEN|BAD_REQUEST)/);
    }
  });

  it('shows a department head their own tickets in full and no one else’s', async () => {
    const head = as('department_head', ['Payroll']);
    const list = await head.inject({ method: 'GET', url: '/api/tickets' });
    expect(list.statusCode).toBe(200);
    expect(list.json().tickets.map((t: { ticketId: string }) => t.ticketId).sort()).toEqual(['T1', 'T3']);
    expect((await head.inject({ method: 'GET', url: '/api/tickets/generic/T1' })).statusCode).toBe(200);
    const foreign = await head.inject({ method: 'GET', url: '/api/tickets/generic/T2' });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('Laptop');
    // A leader sees all four.
    expect((await as('leader').inject({ method: 'GET', url: '/api/tickets' })).json().total).toBe(4);
    expect(db()).toBeDefined();
  });
});
