/**
 * Administration under /api/admin on the four-ticket district (test/api/district-fixture.ts):
 * Desk is Technology (T1, T2, T4 assigned there), Payroll Team is Payroll (T1, T3), HR
 * Benefits is Human Resources (T4). The tests run in order on one database: each change is
 * checked in the figures it moves and, at the end, in the audit log.
 */
import { describe, expect, it } from 'vitest';
import { seedDistrict } from './district-fixture.ts';
import { useApp } from '../helpers/app.ts';
import { loadBoardContext } from '#analysis/report/board-context.ts';
import { readSettings } from '#core/settings.ts';

const { app, db, as, anonymous } = useApp(seedDistrict);
const send = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => app().inject({ method, url, payload });
let invitedPassword = '';
const figuresOf = async (department: string) =>
  (await send('GET', '/api/figures/departments')).json().departments.find((d: { department: string }) => d.department === department);

describe('/api/admin', () => {
  it('lists the managed departments with their groups, request types, tickets and heads', async () => {
    const res = await send('GET', '/api/admin/departments');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      departments: [
        { department: 'Human Resources', groups: 1, requestTypes: 0, tickets: 1, heads: 0 },
        { department: 'Payroll', groups: 1, requestTypes: 0, tickets: 2, heads: 0 },
        { department: 'Technology', groups: 1, requestTypes: 0, tickets: 3, heads: 0 },
      ],
    });
  });

  it('refuses a department head for a department not on the list, suggesting the nearest', async () => {
    const typo = await send('POST', '/api/admin/users', { email: 'pat@district.test', role: 'department_head', departments: ['Payrol'] });
    expect(typo.statusCode).toBe(400);
    expect(typo.json()).toEqual({ error: 'Bad Request', code: 'SB_ERR_UNKNOWN_DEPARTMENT', message: 'No department named Payrol. Did you mean Payroll?' });
    const lower = await send('POST', '/api/admin/users', { email: 'pat@district.test', role: 'department_head', departments: ['payroll'] });
    expect(lower.statusCode).toBe(400);
    expect(lower.json().message).toBe('No department named payroll. Did you mean Payroll?');
    // The older route refuses it the same way.
    const old = await send('POST', '/api/auth/users', { email: 'pat@district.test', role: 'department_head', departments: ['Payrol'] });
    expect(old.statusCode).toBe(400);
    expect(old.json().message).toBe('No department named Payrol. Did you mean Payroll?');
    expect(await db().all("SELECT email FROM users WHERE email = 'pat@district.test'")).toEqual([]);
  });

  it('invites a department head of Payroll with a temporary password that signs in', async () => {
    const res = await send('POST', '/api/admin/users', { email: 'Pat@District.test', role: 'department_head', departments: ['Payroll'], displayName: 'Pat Lee' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user).toEqual({
      email: 'pat@district.test', displayName: 'Pat Lee', role: 'department_head', departments: ['Payroll'], disabled: false, hasPassword: true, passwordChangeRequired: true,
    });
    expect(body.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    invitedPassword = body.temporaryPassword;
    const signin = await anonymous().inject({ method: 'POST', url: '/api/auth/signin', payload: { email: 'pat@district.test', password: body.temporaryPassword } });
    expect(signin.statusCode).toBe(200);
    expect((await send('GET', '/api/admin/departments')).json().departments[1]).toEqual({ department: 'Payroll', groups: 1, requestTypes: 0, tickets: 2, heads: 1 });
  });

  it('resets a password: the old one stops working, the new one is shown once', async () => {
    const res = await send('POST', '/api/admin/users/reset-password', { email: 'pat@district.test' });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.email).toBe('pat@district.test');
    const old = await anonymous().inject({ method: 'POST', url: '/api/auth/signin', payload: { email: 'pat@district.test', password: invitedPassword } });
    expect(old.statusCode).toBe(401);
    const signin = await anonymous().inject({ method: 'POST', url: '/api/auth/signin', payload: { email: 'pat@district.test', password: res.json().temporaryPassword } });
    expect(signin.statusCode).toBe(200);
    const missing = await send('POST', '/api/admin/users/reset-password', { email: 'nobody@district.test' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'Not Found', code: 'SB_ERR_NO_SUCH_USER', message: 'there is no account for nobody@district.test' });
  });

  it('changes a role and disables an account', async () => {
    const lead = await send('PUT', '/api/admin/users', { email: 'pat@district.test', role: 'leader' });
    expect(lead.statusCode).toBe(200);
    expect(lead.json()).toMatchObject({ role: 'leader', departments: [] });
    const off = await send('PUT', '/api/admin/users', { email: 'pat@district.test', disabled: true });
    expect(off.json()).toMatchObject({ role: 'leader', disabled: true });
    const head = await send('PUT', '/api/admin/users', { email: 'pat@district.test', role: 'department_head', departments: ['Payroll'], disabled: false });
    expect(head.json()).toMatchObject({ role: 'department_head', departments: ['Payroll'], disabled: false });
  });

  it('refuses a new department name that differs from an existing one only in capitals', async () => {
    const res = await send('POST', '/api/admin/departments', { department: 'payroll' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      error: 'Conflict', code: 'SB_ERR_DEPARTMENT_EXISTS',
      message: 'A department named Payroll already exists; payroll differs from it only in capital letters. Did you mean Payroll? To put the two together, merge one into the other.',
    });
    const rename = await send('POST', '/api/admin/departments/rename', { from: 'Human Resources', to: 'TECHNOLOGY' });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().message).toBe('A department named Technology already exists; TECHNOLOGY differs from it only in capital letters. Did you mean Technology? To put the two together, merge one into the other.');
    const added = await send('POST', '/api/admin/departments', { department: 'Transportation' });
    expect(added.statusCode).toBe(201);
    expect(added.json().departments.map((d: { department: string }) => d.department)).toEqual(['Human Resources', 'Payroll', 'Technology', 'Transportation']);
  });

  it('renames Technology: its tickets, figures, group and the landing department move to the new name', async () => {
    expect(await figuresOf('Technology')).toMatchObject({ tickets_owned: 2, tickets_landed: 3, outbound_rerouted: 1 });
    const res = await send('POST', '/api/admin/departments/rename', { from: 'Technology', to: 'Information Technology' });
    expect(res.statusCode).toBe(200);
    expect(res.json().departments).toContainEqual({ department: 'Information Technology', groups: 1, requestTypes: 0, tickets: 3, heads: 0 });
    expect(await figuresOf('Technology')).toBeUndefined();
    expect(await figuresOf('Information Technology')).toMatchObject({ tickets_owned: 2, tickets_landed: 3, outbound_rerouted: 1 });
    expect((await send('GET', '/api/admin/district')).json().defaultLandingDepartment).toBe('Information Technology');
    const unknown = await send('POST', '/api/admin/departments/rename', { from: 'Technology', to: 'IT' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('No department named Technology. Did you mean Information Technology?');
  });

  it('merges Payroll into Human Resources: its tickets and its head move', async () => {
    expect(await figuresOf('Human Resources')).toMatchObject({ tickets_owned: 0 });
    const res = await send('POST', '/api/admin/departments/merge', { from: 'Payroll', into: 'Human Resources' });
    expect(res.statusCode).toBe(200);
    expect(res.json().departments[0]).toEqual({ department: 'Human Resources', groups: 2, requestTypes: 0, tickets: 3, heads: 1 });
    expect(await figuresOf('Payroll')).toBeUndefined();
    // T1 and T3 (owned by Payroll; T1 first landed in Desk) are now Human Resources'.
    expect(await figuresOf('Human Resources')).toMatchObject({ tickets_owned: 2, inbound_misrouted: 1, inbound_misroute_share: 0.5 });
    const [pat] = await db().all<{ departments: string[] }>("SELECT departments FROM users WHERE email = 'pat@district.test'");
    expect(pat.departments).toEqual(['Human Resources']);
  });

  it('sets the district settings, refusing a time zone that does not exist', async () => {
    const settings = { districtName: 'Maple Valley USD', timeZone: 'America/Chicagoo', schoolYearStart: '08-20', ownerBasis: 'declared', defaultLandingDepartment: 'Information Technology' };
    const bad = await send('PUT', '/api/admin/district', settings);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      error: 'Bad Request', code: 'SB_ERR_BAD_TIME_ZONE', message: 'America/Chicagoo is not a time zone name; write one like America/Chicago or America/New_York.',
    });
    const typo = await send('PUT', '/api/admin/district', { ...settings, timeZone: 'America/Denver', defaultLandingDepartment: 'Informaton Technology' });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().message).toBe('No department named Informaton Technology. Did you mean Information Technology?');
    const ok = await send('PUT', '/api/admin/district', { ...settings, timeZone: 'America/Denver' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ...settings, timeZone: 'America/Denver' });
    expect((await send('GET', '/api/settings')).json()).toMatchObject({ timeZone: 'America/Denver', ownerBasis: 'declared' });
    // The board report (PDF and e-mail) takes its title from the name.
    expect((await loadBoardContext(db(), {}, await readSettings(db()))).districtName).toBe('Maple Valley USD');
  });

  it('writes every change to the audit log, newest first, for admins only', async () => {
    const res = await send('GET', '/api/admin/audit');
    expect(res.statusCode).toBe(200);
    const entries = res.json().entries as { actor: string; action: string; target: string; detail: string }[];
    const admin = entries[0].actor;
    expect(admin).toMatch(/^admin-[0-9a-f]{8}@district\.test$/);
    expect(entries.map(({ actor, action, target, detail }) => [actor === admin, action, target, detail])).toEqual([
      [true, 'district.update', 'district', 'districtName: (none) -> Maple Valley USD; timeZone: America/Chicago -> America/Denver; schoolYearStart: 08-15 -> 08-20; ownerBasis: resolver -> declared'],
      [true, 'department.merge', 'Payroll', 'merged into Human Resources (1 groups, 0 request types, 1 department heads)'],
      [true, 'department.rename', 'Technology', 'renamed to Information Technology (1 groups, 0 request types, 0 department heads)'],
      [true, 'department.add', 'Transportation', null],
      [true, 'user.change', 'pat@district.test', 'leader -> department_head of Payroll; enabled'],
      [true, 'user.change', 'pat@district.test', 'disabled'],
      [true, 'user.change', 'pat@district.test', 'department_head of Payroll -> leader'],
      [true, 'user.reset-password', 'pat@district.test', 'temporary password set; sessions ended'],
      [true, 'user.invite', 'pat@district.test', 'invited as department_head of Payroll'],
    ]);
    // Refused changes wrote nothing; a leader may not read the log.
    expect((await as('leader').inject({ method: 'GET', url: '/api/admin/audit' })).statusCode).toBe(403);
  });
});
