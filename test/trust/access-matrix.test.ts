/**
 * The access matrix: every API route the app registers (from its own route table) x every
 * role, anonymous included, and a department head of Payroll asking for its own and for
 * another department. Each call has one expected status, written here independently of
 * the auth plugin: a denied caller gets 401 (anonymous) or 403, an allowed one the status
 * the route answers this request with (ALLOWED_STATUS; a route missing there fails the
 * test until it is added). No answer a Payroll head receives holds another department's
 * ticket or a count under five about another department.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { tableFromIPC } from 'apache-arrow';
import { seedDistrict } from '../api/district-fixture.ts';
import { useApp } from '../helpers/app.ts';
import type { Role } from '#dashboard/server/plugins/app/auth/roles.ts';
import { countMeasureNames, measuresAt } from '#analysis/measures/catalogue.ts';

const { anonymous, as } = useApp(seedDistrict);

type Caller = { name: string; role: Role | null; departments: string[] };
const CALLERS: Caller[] = [
  { name: 'anonymous', role: null, departments: [] },
  { name: 'admin', role: 'admin', departments: [] },
  { name: 'uploader', role: 'uploader', departments: [] },
  { name: 'leader', role: 'leader', departments: [] },
  { name: 'head of Payroll', role: 'department_head', departments: ['Payroll'] },
];
const appFor = (c: Caller): FastifyInstance => (c.role ? as(c.role, c.departments) : anonymous());

/** Who may call each access level (docs/security.md), written out rather than read from the plugin. */
const MAY_CALL: Record<string, readonly (Role | null)[]> = {
  public: [null, 'admin', 'uploader', 'leader', 'department_head'],
  leader: ['admin', 'leader', 'uploader', 'department_head'],
  district: ['admin', 'leader'],
  uploader: ['admin', 'uploader'],
  admin: ['admin'],
};

/**
 * What an allowed caller gets for the request the matrix sends: GET with the :params
 * filled in (a DELETE names a record that does not exist), any other method with an empty
 * JSON body, which every write route refuses as incomplete.
 */
const ALLOWED_STATUS: Record<string, number> = {
  'GET /api/docs/json': 200,
  'GET /api/auth/session': 200,
  'POST /api/auth/setup': 400,
  'POST /api/auth/signin': 400,
  'POST /api/auth/password': 400,
  // OIDC is not configured in the tests.
  'GET /api/auth/oidc/start': 404,
  'GET /api/auth/oidc/callback': 404,
  'GET /api/auth/users': 200,
  'POST /api/auth/users': 400,
  'PATCH /api/auth/users': 400,
  'POST /api/admin/users': 400,
  'PUT /api/admin/users': 400,
  'POST /api/admin/users/reset-password': 400,
  'GET /api/admin/departments': 200,
  'POST /api/admin/departments': 400,
  'POST /api/admin/departments/rename': 400,
  'POST /api/admin/departments/merge': 400,
  'GET /api/admin/district': 200,
  'PUT /api/admin/district': 400,
  'GET /api/admin/audit': 200,
  'GET /api/health': 200,
  'GET /api/figures/first-landing': 200,
  'GET /api/figures/flows': 200,
  'GET /api/figures/trend': 200,
  'GET /api/figures/summary': 200,
  'GET /api/figures/departments': 200,
  'GET /api/figures/ownership-gaps': 200,
  'GET /api/figures/answer-gaps': 200,
  'PUT /api/figures/answer-gaps/answered': 400,
  'GET /api/filter-options': 200,
  'GET /api/tickets': 200,
  // T1 passed through Payroll, so its head may read it too.
  'GET /api/tickets/:source/:ticketId': 200,
  // The whole list as CSV; a department head's holds their department's tickets only.
  'GET /api/tickets/csv': 200,
  // The same list as an Arrow IPC stream, scoped as the CSV is.
  'GET /api/tickets/arrows': 200,
  'GET /api/saved-views': 200,
  'POST /api/saved-views': 400,
  'DELETE /api/saved-views/:id': 404,
  'POST /api/imports/uploads': 400,
  'DELETE /api/imports/uploads/:uploadId': 400,
  'POST /api/imports': 400,
  'POST /api/imports/jobs': 400,
  'GET /api/imports/jobs/:jobId': 400,
  'GET /api/imports': 200,
  'DELETE /api/imports/:importId': 404,
  'GET /api/imports/:importId/rejects.csv': 200,
  'GET /api/settings': 200,
  'PUT /api/settings/cost': 400,
  'PUT /api/settings/calendar': 400,
  'PUT /api/settings/group-departments': 400,
  'PUT /api/settings/group-departments/bulk': 400,
  'GET /api/settings/group-departments.csv': 200,
  'PUT /api/settings/request-type-owners': 400,
  'PUT /api/settings/department-rates': 400,
  'POST /api/sync': 400,
  'GET /api/sync': 200,
  'GET /api/report': 200,
  // The table '1' does not exist.
  'GET /api/report/:table.csv': 404,
  'GET /api/people': 200,
  'GET /api/export': 200,
  'GET /api/export/facts.arrows': 200,
  'GET /api/export/:dataset': 404,
  'GET /api/demand': 200,
  'GET /api/demand/school-calendar': 200,
  'PUT /api/demand/school-calendar': 400,
  'GET /api/deliveries': 200,
  'POST /api/deliveries': 400,
  'DELETE /api/deliveries/:id': 404,
  // No mail server is set.
  'POST /api/deliveries/:id/send': 409,
  'GET /api/fix-first': 200,
  'GET /api/fix-first/decisions': 200,
  'POST /api/fix-first/what-if': 400,
  'GET /api/consortium/districts': 200,
  'GET /api/freshness': 200,
};

/** The one status `caller` must get from `route`. */
function expectedStatus(route: { method: string; url: string; access: string }, caller: Caller): number {
  if (!MAY_CALL[route.access].includes(caller.role)) return caller.role === null ? 401 : 403;
  return ALLOWED_STATUS[`${route.method} ${route.url}`];
}

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

// The counts of a figure row: every count of the measure catalogue, and the first-landing route's.
const COUNT_KEYS = [...countMeasureNames(), 'ticketsLanded', 'resolvedElsewhere'];

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

/** What an answer leaks: a CSV by the ticket id opening each row, an Arrow stream by its ticketId column, JSON by `leaks`; null for any other type. */
function answerLeaks(res: { headers: Record<string, unknown>; body: string; rawPayload: Buffer; json: () => unknown }): string[] | null {
  const type = String(res.headers['content-type']);
  if (type.startsWith('text/csv')) return res.body.split('\r\n').slice(1).map((l) => l.split(',')[0]).filter((id) => FOREIGN_TICKETS.includes(id)).map((id) => `ticket ${id}`);
  if (type.startsWith('application/vnd.apache.arrow.stream')) return leaks(tableFromIPC(res.rawPayload).toArray().map((r) => r.toJSON()));
  return type.startsWith('application/json') ? leaks(res.json()) : null;
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

  it('answers each call with its one expected status', async () => {
    // Signing out ends the caller's session for the calls after it; it is public, and tested in auth.test.ts.
    const routes = anonymous().routeTable.filter((r) => r.url.startsWith('/api') && r.url !== '/api/auth/signout');
    expect(routes.map((r) => `${r.method} ${r.url}`).filter((r) => !(r in ALLOWED_STATUS)), 'routes with no expected status here').toEqual([]);
    const wrong: string[] = [];
    for (const route of routes) {
      for (const caller of CALLERS) {
        const res = await appFor(caller).inject({
          method: route.method as 'GET',
          url: concrete(route.url, route.method),
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const expected = expectedStatus(route, caller);
        if (res.statusCode !== expected) wrong.push(`${caller.name} ${route.method} ${route.url}: ${res.statusCode}, expected ${expected}`);
        else if (expected === 401 || expected === 403) {
          const code = res.json().code;
          if (code !== (expected === 401 ? 'SB_ERR_SIGN_IN_REQUIRED' : 'SB_ERR_FORBIDDEN')) wrong.push(`${caller.name} ${route.method} ${route.url}: code ${code}`);
        }
        if (caller.role === 'department_head' && res.statusCode === 200 && route.method === 'GET') {
          const found = answerLeaks(res);
          if (found === null) wrong.push(`head of Payroll GET ${route.url} answers ${String(res.headers['content-type'])}, neither JSON nor CSV`);
          else if (found.length) wrong.push(`head of Payroll GET ${route.url} leaks ${found.join(', ')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("scopes a department head to their own department and refuses another's with 403", async () => {
    const scoped = anonymous().routeTable.filter((r) => r.url.startsWith('/api') && r.access === 'leader' && r.method === 'GET' && !r.url.includes(':'));
    expect(scoped.length).toBeGreaterThan(10);
    const head = as('department_head', ['Payroll']);
    const wrong: string[] = [];
    for (const route of scoped) {
      const own = await head.inject({ method: 'GET', url: `${route.url}?department=Payroll` });
      if (own.statusCode !== 200) wrong.push(`${route.url} own: ${own.statusCode}, expected 200`);
      else if (answerLeaks(own)?.length) wrong.push(`${route.url} own leaks ${answerLeaks(own)!.join(', ')}`);
      const other = await head.inject({ method: 'GET', url: `${route.url}?department=Technology` });
      if (other.statusCode !== 403) wrong.push(`${route.url} other: ${other.statusCode}, expected 403`);
      else if (other.json().code !== 'SB_ERR_FORBIDDEN_DEPARTMENT') wrong.push(`${route.url} other: code ${other.json().code}`);
    }
    expect(wrong).toEqual([]);
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
  });
});

describe('"<5" for a department head', () => {
  const W = '<5';
  const allWithheld = (department: string, fields: string[], nulls: string[] = []) =>
    Object.fromEntries([['department', department], ...fields.map((f) => [f, nulls.includes(f) ? null : W])]);
  // The catalogue's 13 department figures.
  const DEPARTMENT_FIGURES = measuresAt('department').map((m) => m.name);

  it("keeps other departments' rows with every figure over fewer than five tickets as \"<5\"", async () => {
    const head = as('department_head', ['Payroll']);
    const { departments } = (await head.inject({ method: 'GET', url: '/api/figures/departments' })).json();
    // Technology owns T2 and T4; Human Resources owns none (T4 only passed through).
    expect(departments).toEqual([
      allWithheld('Technology', DEPARTMENT_FIGURES),
      allWithheld('Human Resources', DEPARTMENT_FIGURES),
      {
        department: 'Payroll', tickets_owned: 2, inbound_misrouted: 1, inbound_misroute_share: 0.5, tickets_landed: 1, outbound_rerouted: 0, outbound_reroute_share: 0, reopened_tickets: 0,
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
    // District totals: T2 and T4 never touch Payroll, so 2 of the 4 tickets are hidden from
    // its head, and 4 minus the 2 they see would name the other departments' count. The
    // misrouted ticket (T1) is Payroll's own: that count stays a number.
    expect((await head.inject({ method: 'GET', url: '/api/figures/summary' })).json().summary).toMatchObject({ tickets: W, misrouted_tickets: 1, misroute_share: W });
    expect((await as('leader').inject({ method: 'GET', url: '/api/figures/summary' })).json().summary).toMatchObject({ tickets: 4, misrouted_tickets: 1 });
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
    // 2 other departments x 13 figures; Hardware's 5 figures and its one owner's 2.
    expect(DEPARTMENT_FIGURES.length).toBe(13);
    expect(markers(report.json().report.departments)).toBe(26);
    expect(markers(report.json().report.ownership_gaps)).toBe(7);
    const csv = await head.inject({ method: 'GET', url: '/api/report/departments.csv' });
    expect(csv.statusCode).toBe(200);
    expect(String(csv.headers['content-type'])).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n').join('\n').split('\n');
    expect(lines[1]).toBe('Technology' + ',<5'.repeat(13));
    expect(lines[2]).toBe('Human Resources' + ',<5'.repeat(13));
    expect(lines[3]).toBe('Payroll,2,1,0.5,1,0,0,0,0.5,0.5,0.25,10.5,0,0');
    // A leader's CSV has the numbers.
    const leaderCsv = await as('leader').inject({ method: 'GET', url: '/api/report/departments.csv' });
    expect(leaderCsv.body).toContain('\nTechnology,2,');
  });
});
