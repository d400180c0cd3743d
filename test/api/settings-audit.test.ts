/**
 * Settings changes in the admin audit log, and no department split by capitals, on the
 * four-ticket district (test/api/district-fixture.ts: Desk is Technology, Payroll Team is
 * Payroll, HR Benefits is Human Resources; request types Payroll and Hardware). The tests
 * run in order on one database; each checks the rows the log gained.
 */
import { describe, expect, it } from 'vitest';
import { seedDistrict } from './district-fixture.ts';
import { useApp } from '../helpers/app.ts';

const { app, db, as } = useApp(seedDistrict);
const put = (url: string, payload: object) => app().inject({ method: 'PUT', url, payload });
let seen = 0;
/** The audit rows written since the last call, oldest first, as [actor is the admin, action, target, detail]. */
async function newRows(): Promise<[boolean, string, string | null, string | null][]> {
  const entries = (await app().inject({ method: 'GET', url: '/api/admin/audit' })).json().entries as { id: number; actor: string; action: string; target: string | null; detail: string | null }[];
  const fresh = entries.filter((e) => e.id > seen).reverse();
  seen = Math.max(seen, ...entries.map((e) => e.id));
  return fresh.map((e) => [/^admin-[0-9a-f]{8}@district\.test$/.test(e.actor), e.action, e.target, e.detail]);
}
const departmentNames = async () => (await db().all<{ d: string }>('SELECT department AS d FROM departments ORDER BY d')).map((r) => r.d);

describe('Settings changes are audited', () => {
  it('records cost assumptions, before -> after, only for what changed', async () => {
    expect(await newRows()).toEqual([]);
    const res = await put('/api/settings/cost', { triageMinutes: 20, touchMinutes: 6, defaultHourlyRate: 50, currency: 'USD' });
    expect(res.statusCode).toBe(200);
    expect(await newRows()).toEqual([[true, 'settings.cost', 'cost', 'triageMinutes: 15 -> 20; defaultHourlyRate: 42 -> 50']]);
    // The same values again change nothing and write nothing.
    expect((await put('/api/settings/cost', { triageMinutes: 20, touchMinutes: 6, defaultHourlyRate: 50, currency: 'USD' })).statusCode).toBe(200);
    expect(await newRows()).toEqual([]);
  });

  it('records the business calendar, and nothing for a refused one', async () => {
    const calendar = { workingDays: [1, 2, 3, 4], dayStart: '07:30', dayEnd: '16:00', holidays: ['2024-11-28'] };
    expect((await put('/api/settings/calendar', calendar)).statusCode).toBe(200);
    expect(await newRows()).toEqual([
      [true, 'settings.calendar', 'calendar', 'workingDays: 1, 2, 3, 4, 5 -> 1, 2, 3, 4; dayStart: 07:00 -> 07:30; holidays: (none) -> 2024-11-28'],
    ]);
    expect((await put('/api/settings/calendar', { ...calendar, dayStart: '17:00' })).statusCode).toBe(400);
    expect(await newRows()).toEqual([]);
  });

  it('records group mappings: a new one, a move and a removal', async () => {
    expect((await put('/api/settings/group-departments', { group: 'Night Desk', department: 'Technology' })).statusCode).toBe(200);
    expect((await put('/api/settings/group-departments', { group: 'HR Benefits', department: 'Payroll' })).statusCode).toBe(200);
    expect((await put('/api/settings/group-departments', { group: 'Night Desk', department: null })).statusCode).toBe(200);
    // Removing a mapping that is not there changes nothing.
    expect((await put('/api/settings/group-departments', { group: 'Night Desk', department: null })).statusCode).toBe(200);
    expect(await newRows()).toEqual([
      [true, 'settings.group-department', 'Night Desk', '(none) -> Technology'],
      [true, 'settings.group-department', 'HR Benefits', 'Human Resources -> Payroll'],
      [true, 'settings.group-department', 'Night Desk', 'Technology -> (none)'],
    ]);
  });

  it('records each mapping of a bulk change in its one transaction', async () => {
    const res = await put('/api/settings/group-departments/bulk', {
      mappings: [{ group: 'HR Benefits', department: 'Human Resources' }, { group: 'Desk', department: 'Technology' }, { group: 'Bus Desk', department: 'Transportation' }],
    });
    expect(res.json()).toEqual({ ok: true, mapped: 3 });
    // Desk was Technology already: no row for it.
    expect(await newRows()).toEqual([
      [true, 'settings.group-department', 'HR Benefits', 'Payroll -> Human Resources'],
      [true, 'settings.group-department', 'Bus Desk', '(none) -> Transportation'],
    ]);
  });

  it('takes the last department of a group named twice in one bulk change, as one by one would', async () => {
    const res = await put('/api/settings/group-departments/bulk', {
      mappings: [{ group: 'Bus Desk', department: 'Technology' }, { group: 'Bus Desk', department: null }],
    });
    expect(res.json()).toEqual({ ok: true, mapped: 2 });
    expect(await newRows()).toEqual([[true, 'settings.group-department', 'Bus Desk', 'Transportation -> (none)']]);
    expect((await put('/api/settings/group-departments', { group: 'Bus Desk', department: 'Transportation' })).statusCode).toBe(200);
    expect(await newRows()).toEqual([[true, 'settings.group-department', 'Bus Desk', '(none) -> Transportation']]);
  });

  it("records request types' owners and departments' hourly rates", async () => {
    expect((await put('/api/settings/request-type-owners', { requestType: 'Payroll', department: 'Payroll' })).statusCode).toBe(200);
    expect((await put('/api/settings/request-type-owners', { requestType: 'Payroll', department: 'Human Resources' })).statusCode).toBe(200);
    expect((await put('/api/settings/request-type-owners', { requestType: 'Payroll', department: null })).statusCode).toBe(200);
    expect((await put('/api/settings/department-rates', { department: 'Payroll', hourlyRate: 55 })).statusCode).toBe(200);
    expect((await put('/api/settings/department-rates', { department: 'Payroll', hourlyRate: null })).statusCode).toBe(200);
    expect(await newRows()).toEqual([
      [true, 'settings.request-type-owner', 'Payroll', '(none) -> Payroll'],
      [true, 'settings.request-type-owner', 'Payroll', 'Payroll -> Human Resources'],
      [true, 'settings.request-type-owner', 'Payroll', 'Human Resources -> (none)'],
      [true, 'settings.department-rate', 'Payroll', 'hourly rate (none) -> 55'],
      [true, 'settings.department-rate', 'Payroll', 'hourly rate 55 -> (none)'],
    ]);
  });

  it("names the uploader who mapped a group as the change's author", async () => {
    const uploader = as('uploader');
    expect((await uploader.inject({ method: 'PUT', url: '/api/settings/group-departments', payload: { group: 'Night Desk', department: 'Payroll' } })).statusCode).toBe(200);
    const [row] = (await app().inject({ method: 'GET', url: '/api/admin/audit?limit=1' })).json().entries;
    expect(row).toMatchObject({ action: 'settings.group-department', target: 'Night Desk', detail: '(none) -> Payroll' });
    expect(row.actor).toMatch(/^uploader-[0-9a-f]{8}@district\.test$/);
    await newRows();
  });
});

describe('No department split by capitals', () => {
  const twin = (name: string, existing: string) =>
    `A department named ${existing} already exists; ${name} differs from it only in capital letters. Did you mean ${existing}?`;

  it('refuses mapping a group to "payroll" while Payroll exists, and changes nothing', async () => {
    const res = await put('/api/settings/group-departments', { group: 'Bus Desk', department: 'payroll' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Bad Request', code: 'SB_ERR_DEPARTMENT_EXISTS', message: twin('payroll', 'Payroll') });
    expect(await db().all("SELECT department FROM group_departments WHERE group_name = 'Bus Desk'")).toEqual([{ department: 'Transportation' }]);
    expect(await departmentNames()).toEqual(['Human Resources', 'Payroll', 'Technology', 'Transportation']);
  });

  it('refuses a request type owner "TECHNOLOGY" while Technology exists', async () => {
    const res = await put('/api/settings/request-type-owners', { requestType: 'Hardware', department: 'TECHNOLOGY' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(twin('TECHNOLOGY', 'Technology'));
    expect(await db().all("SELECT * FROM request_type_owners WHERE request_type = 'Hardware'")).toEqual([]);
  });

  it('refuses a whole bulk change with one such name, naming the mapping, and one that brings two new names alike', async () => {
    const one = await put('/api/settings/group-departments/bulk', {
      mappings: [{ group: 'Night Desk', department: 'Technology' }, { group: 'Lunch Desk', department: 'human resources' }],
    });
    expect(one.statusCode).toBe(400);
    expect(one.json().message).toBe(`Mapping 2 (group Lunch Desk): ${twin('human resources', 'Human Resources')}`);
    const two = await put('/api/settings/group-departments/bulk', {
      mappings: [{ group: 'Lunch Desk', department: 'Food Services' }, { group: 'Kitchen', department: 'Food services' }],
    });
    expect(two.statusCode).toBe(400);
    expect(two.json().message).toBe(`Mapping 2 (group Kitchen): ${twin('Food services', 'Food Services')}`);
    // All or nothing: Night Desk stays Payroll, Lunch Desk unmapped, no Food Services.
    expect(await db().all("SELECT group_name, department FROM group_departments WHERE group_name IN ('Night Desk', 'Lunch Desk', 'Kitchen')")).toEqual([
      { group_name: 'Night Desk', department: 'Payroll' },
    ]);
    expect(await departmentNames()).toEqual(['Human Resources', 'Payroll', 'Technology', 'Transportation']);
    expect(await newRows()).toEqual([]);
  });

  it('accepts the existing name and a new department', async () => {
    expect((await put('/api/settings/group-departments', { group: 'Lunch Desk', department: 'Food Services' })).statusCode).toBe(200);
    expect((await put('/api/settings/request-type-owners', { requestType: 'Hardware', department: 'Technology' })).statusCode).toBe(200);
    expect(await newRows()).toEqual([
      [true, 'settings.group-department', 'Lunch Desk', '(none) -> Food Services'],
      [true, 'settings.request-type-owner', 'Hardware', '(none) -> Technology'],
    ]);
  });
});
