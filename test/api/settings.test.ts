import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { importFile } from '#ingest/import-file.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';

// Desk and Payroll Team are mapped; 'Payroll Specialists' (2 assignments) and 'Zeta Queue' (1) are not.
const { app } = useApp(async (db) => {
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')");
  const rows = [
    ...pathEvents('T1', ['Desk', 'Payroll Specialists']),
    ...pathEvents('T2', ['Payroll Specialists']),
    ...pathEvents('T3', ['Zeta Queue']),
  ].map((r) => ({ ...r, category: r.ticket_id === 'T3' ? 'Bus route' : 'Stipend' }));
  await importFile(db, writeTemp('settings.csv', eventLogCsv(rows)));
});
const inject = (method: 'GET' | 'PUT', url: string, payload?: object) => app().inject({ method, url, payload });

describe('/api/settings', () => {
  it('lists maps, unmapped groups with suggestions, and request types by volume', async () => {
    const body = (await inject('GET', '/api/settings')).json();
    expect(body.departments).toEqual(['Payroll', 'Technology']);
    expect(body.groupDepartments).toEqual([
      { group: 'Desk', department: 'Technology' },
      { group: 'Payroll Team', department: 'Payroll' },
    ]);
    expect(body.unmappedGroups).toEqual([
      { group: 'Payroll Specialists', assignments: 2, suggestion: { department: 'Payroll', score: 1 }, opaque: false },
      { group: 'Zeta Queue', assignments: 1, suggestion: null, opaque: false },
    ]);
    expect(body.requestTypes).toEqual([
      { requestType: 'Stipend', tickets: 2, declaredOwner: null },
      { requestType: 'Bus route', tickets: 1, declaredOwner: null },
    ]);
    expect(body.cost).toEqual({ triageMinutes: 15, touchMinutes: 6, defaultHourlyRate: 42, currency: 'USD' });
  });

  it('maps a group, and the first-landing figure recomputes', async () => {
    // Before: T1 Technology -> Payroll Specialists (itself) is resolved elsewhere; T2, T3 land where they end.
    expect((await inject('GET', '/api/figures/first-landing')).json().summary.resolvedElsewhere).toBe(1);
    const res = await inject('PUT', '/api/settings/group-departments', { group: 'Payroll Specialists', department: 'Payroll' });
    expect(res.json()).toEqual({ ok: true });
    const fl = (await inject('GET', '/api/figures/first-landing')).json();
    expect(fl.byDepartment.find((d: { department: string }) => d.department === 'Payroll')).toMatchObject({ ticketsLanded: 1 });
    expect((await inject('GET', '/api/settings')).json().unmappedGroups.map((g: { group: string }) => g.group)).toEqual(['Zeta Queue']);
  });

  it('declares and removes a request type owner', async () => {
    await inject('PUT', '/api/settings/request-type-owners', { requestType: 'Bus route', department: 'Transportation' });
    let body = (await inject('GET', '/api/settings')).json();
    expect(body.requestTypeOwners).toEqual([{ requestType: 'Bus route', department: 'Transportation' }]);
    expect(body.requestTypes[1]).toEqual({ requestType: 'Bus route', tickets: 1, declaredOwner: 'Transportation' });
    await inject('PUT', '/api/settings/request-type-owners', { requestType: 'Bus route', department: null });
    body = (await inject('GET', '/api/settings')).json();
    expect(body.requestTypeOwners).toEqual([]);
  });

  it('saves cost assumptions within their limits', async () => {
    const ok = await inject('PUT', '/api/settings/cost', { triageMinutes: 20, touchMinutes: 5, defaultHourlyRate: 50, currency: 'USD' });
    expect(ok.statusCode).toBe(200);
    expect((await inject('GET', '/api/settings')).json().cost).toEqual({ triageMinutes: 20, touchMinutes: 5, defaultHourlyRate: 50, currency: 'USD' });
    const bad = await inject('PUT', '/api/settings/cost', { triageMinutes: 500, touchMinutes: 5, defaultHourlyRate: 50, currency: 'USD' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/triageMinutes must be <= 120/);
  });

  it('saves a calendar and refuses a day that ends before it starts', async () => {
    const calendar = { workingDays: [1, 2, 3, 4, 5], dayStart: '07:30', dayEnd: '16:00', holidays: ['2024-11-28', '2024-12-23..2025-01-03'] };
    expect((await inject('PUT', '/api/settings/calendar', calendar)).statusCode).toBe(200);
    expect((await inject('GET', '/api/settings')).json().calendar).toEqual(calendar);
    const bad = await inject('PUT', '/api/settings/calendar', { ...calendar, dayStart: '17:00' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('the day must start before it ends (17:00 is not before 16:00)');
  });

  it('maps many groups at once, all or nothing, and gives the map back as CSV', async () => {
    // A refused row (an empty group name) leaves the map as it was.
    const refused = await inject('PUT', '/api/settings/group-departments/bulk', { mappings: [{ group: 'Zeta Queue', department: 'Transportation' }, { group: '', department: 'Payroll' }] });
    expect(refused.statusCode).toBe(400);
    const before = (await inject('GET', '/api/settings')).json().groupDepartments;
    expect(before.some((m: { group: string }) => m.group === 'Zeta Queue')).toBe(false);
    const res = await inject('PUT', '/api/settings/group-departments/bulk', { mappings: [{ group: 'Zeta Queue', department: 'Transportation' }, { group: '=Formula', department: 'Payroll' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, mapped: 2 });
    const csv = await inject('GET', '/api/settings/group-departments.csv');
    expect(csv.statusCode).toBe(200);
    expect(String(csv.headers['content-type'])).toMatch(/^text\/csv/);
    // A name that a spreadsheet would run as a formula is written behind an apostrophe (the report CSV's csvCell).
    // Payroll Specialists was mapped by the test above.
    expect(csv.body.split('\r\n')).toEqual(['group,department', "'=Formula,Payroll", 'Desk,Technology', 'Payroll Specialists,Payroll', 'Payroll Team,Payroll', 'Zeta Queue,Transportation', '']);
  });
});

describe('a group map CSV read on the settings page', () => {
  it('reads the export back, and names the row that lacks a group', async () => {
    const { parseGroupMapCsv } = await import('#dashboard/app/src/lib/admin-queries.ts');
    expect(parseGroupMapCsv('group,department\r\n"\'=Formula",Payroll\r\nZeta Queue,\r\n')).toEqual({
      mappings: [{ group: '=Formula', department: 'Payroll' }, { group: 'Zeta Queue', department: null }],
    });
    expect(parseGroupMapCsv('group,department\nDesk,Technology\n,Payroll\n')).toEqual({
      error: "row 3: give a group and a department (an empty department removes the group's mapping)",
    });
  });
});
