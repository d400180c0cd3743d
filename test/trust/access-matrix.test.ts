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
import { decide, type RequestAccess, type Role } from '#dashboard/server/plugins/app/auth/roles.ts';

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

// The counts of a figure row (as the figure routes and the report name them).
const COUNT_KEYS = ['tickets', 'ticketsLanded', 'resolvedElsewhere', 'tickets_owned', 'inbound_misrouted', 'tickets_landed', 'outbound_rerouted', 'resolved_elsewhere'];

/** The department another department's row is about, or null when the row is Payroll's own or a district total. */
function otherDepartment(o: Record<string, unknown>): string | null {
  if (typeof o.from === 'string' && typeof o.to === 'string') return o.from === 'Payroll' || o.to === 'Payroll' ? null : `${o.from} -> ${o.to}`;
  for (const key of ['department', 'owner_department', 'top_owner']) {
    if (typeof o[key] === 'string') return o[key] === 'Payroll' ? null : (o[key] as string);
  }
  return null;
}

/** Foreign tickets, and other departments' counts under five shown as numbers or their ticket text. */
function leaks(body: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.ticketId === 'string') {
      if (FOREIGN_TICKETS.includes(o.ticketId)) found.push(`ticket ${o.ticketId}`);
      return;
    }
    const other = otherDepartment(o);
    if (other !== null) {
      for (const key of COUNT_KEYS) {
        if (typeof o[key] === 'number' && (o[key] as number) < 5) found.push(`${other} ${key} = ${o[key]}`);
      }
      if (Array.isArray(o.example_subjects) && o.example_subjects.length) found.push(`${other} example subjects`);
    }
    Object.values(o).forEach(walk);
  };
  walk(body);
  return found;
}

/** The string values "<5" in an answer. */
function markers(body: unknown): number {
  if (Array.isArray(body)) return body.reduce((n: number, v) => n + markers(v), 0);
  if (body && typeof body === 'object') return Object.values(body).reduce((n: number, v) => n + markers(v), 0);
  return body === '<5' ? 1 : 0;
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

describe('"<5" for a department head', () => {
  const W = '<5';
  const allWithheld = (department: string, fields: string[], nulls: string[] = []) =>
    Object.fromEntries([['department', department], ...fields.map((f) => [f, nulls.includes(f) ? null : W])]);
  const DEPARTMENT_FIGURES = ['tickets_owned', 'inbound_misrouted', 'inbound_misroute_share', 'tickets_landed', 'outbound_rerouted', 'outbound_reroute_share', 'median_hours_to_owner', 'median_business_hours_to_owner', 'coordination_hours', 'coordination_cost', 'resolved_elsewhere', 'resolved_elsewhere_share'];

  it("keeps other departments' rows with every figure over fewer than five tickets as \"<5\"", async () => {
    const head = as('department_head', ['Payroll']);
    const { departments } = (await head.inject({ method: 'GET', url: '/api/figures/departments' })).json();
    // Technology owns T2 and T4; Human Resources owns none (T4 only passed through).
    expect(departments).toEqual([
      allWithheld('Technology', DEPARTMENT_FIGURES),
      allWithheld('Human Resources', DEPARTMENT_FIGURES),
      {
        department: 'Payroll', tickets_owned: 2, inbound_misrouted: 1, inbound_misroute_share: 0.5, tickets_landed: 1, outbound_rerouted: 0, outbound_reroute_share: 0,
        median_hours_to_owner: 0.5, median_business_hours_to_owner: 0.5, coordination_hours: 0.25, coordination_cost: 10.5, resolved_elsewhere: 0, resolved_elsewhere_share: 0,
      },
    ]);
    // A leader gets Technology's numbers.
    const leader = (await as('leader').inject({ method: 'GET', url: '/api/figures/departments' })).json();
    expect(leader.departments[0]).toMatchObject({ department: 'Technology', tickets_owned: 2, tickets_landed: 3, outbound_rerouted: 1 });
  });

  it('draws flows between other departments as "<5" and its own in full', async () => {
    const head = as('department_head', ['Payroll']);
    expect((await head.inject({ method: 'GET', url: '/api/figures/flows' })).json().flows).toEqual([
      { from: 'Technology', to: 'Technology', tickets: W },
      { from: 'Payroll', to: 'Payroll', tickets: 1 },
      { from: 'Technology', to: 'Payroll', tickets: 1 },
    ]);
    expect((await as('leader').inject({ method: 'GET', url: '/api/figures/flows' })).json().flows[0]).toEqual({ from: 'Technology', to: 'Technology', tickets: 2 });
    // District totals stay numbers.
    expect((await head.inject({ method: 'GET', url: '/api/figures/summary' })).json().summary).toMatchObject({ tickets: 4, misrouted_tickets: 1 });
  });

  it('withholds the top-owner share and entropy of a request type with them', async () => {
    const head = as('department_head', ['Payroll']);
    const gaps = (await head.inject({ method: 'GET', url: '/api/figures/ownership-gaps' })).json().gaps;
    expect(gaps[0]).toEqual({
      request_type: 'Hardware', tickets: W, owners: [{ department: 'Technology', tickets: W, share: W }], top_owner: 'Technology',
      top_owner_share: W, owner_entropy: W, misroute_share: W, coordination_cost: W, declared_owner: null, gap: false,
    });
    expect(gaps[1]).toMatchObject({ request_type: 'Payroll', tickets: 2, owners: [{ department: 'Payroll', tickets: 2, share: 1 }] });
  });

  it('writes "<5" in the report and its CSV, never the small numbers', async () => {
    const head = as('department_head', ['Payroll']);
    const report = await head.inject({ method: 'GET', url: '/api/report' });
    expect(report.statusCode).toBe(200);
    expect(leaks(report.json())).toEqual([]);
    // 2 other departments x 12 figures; Hardware's 5 figures and its one owner's 2.
    expect(markers(report.json().report.departments)).toBe(24);
    expect(markers(report.json().report.ownership_gaps)).toBe(7);
    const csv = await head.inject({ method: 'GET', url: '/api/report/departments.csv' });
    expect(csv.statusCode).toBe(200);
    expect(String(csv.headers['content-type'])).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n').join('\n').split('\n');
    expect(lines[1]).toBe('Technology' + ',<5'.repeat(12));
    expect(lines[2]).toBe('Human Resources' + ',<5'.repeat(12));
    expect(lines[3]).toBe('Payroll,2,1,0.5,1,0,0,0.5,0.5,0.25,10.5,0,0');
    // A leader's CSV has the numbers.
    const leaderCsv = await as('leader').inject({ method: 'GET', url: '/api/report/departments.csv' });
    expect(leaderCsv.body).toContain('\nTechnology,2,');
  });
});
