import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { ticketFactsDerived } from '#analysis/ticket-facts/ticket-facts.ts';
import { importFile } from '#ingest/import-file.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';
import { ResponseCache } from '#dashboard/server/plugins/app/response-cache.ts';
import { addUser, createSession, endSession } from '#dashboard/server/plugins/app/auth/accounts.ts';

const { app, as, db } = useApp(async (db) => {
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')");
  const rows = [...pathEvents('T1', ['Desk', 'Payroll Team']), ...pathEvents('T2', ['Payroll Team'])];
  await importFile(db, writeTemp('cache.csv', eventLogCsv(rows)), { derived: ticketFactsDerived });
});

describe('the response cache', () => {
  it('answers a repeated read from memory, and computes again once anything is written', async () => {
    const first = await app().inject({ method: 'GET', url: '/api/figures/summary' });
    expect(first.headers['x-switchboard-cache']).toBeUndefined();
    const again = await app().inject({ method: 'GET', url: '/api/figures/summary' });
    expect(again.headers['x-switchboard-cache']).toBe('hit');
    expect(again.body).toBe(first.body);
    expect(again.json().summary.tickets).toBe(2);

    // Another filter is another answer.
    const filtered = await app().inject({ method: 'GET', url: '/api/figures/summary?department=Payroll' });
    expect(filtered.headers['x-switchboard-cache']).toBeUndefined();

    // An import lands: the next read computes, and sees the new ticket.
    await importFile(db(), writeTemp('cache-2.csv', eventLogCsv(pathEvents('T3', ['Desk']))), { derived: ticketFactsDerived });
    const after = await app().inject({ method: 'GET', url: '/api/figures/summary' });
    expect(after.headers['x-switchboard-cache']).toBeUndefined();
    expect(after.json().summary.tickets).toBe(3);

    // A settings change through the API, too.
    const mapped = await app().inject({ method: 'PUT', url: '/api/settings/group-departments', payload: { group: 'Desk', department: 'Payroll' } });
    expect(mapped.statusCode).toBe(200);
    const remapped = await app().inject({ method: 'GET', url: '/api/figures/summary' });
    expect(remapped.headers['x-switchboard-cache']).toBeUndefined();
    expect(remapped.json().summary.tickets).toBe(3);
  });

  it('keeps answers apart by the caller’s access', async () => {
    await app().inject({ method: 'GET', url: '/api/tickets?limit=10' });
    const head = await as('department_head', ['Payroll']).inject({ method: 'GET', url: '/api/tickets?limit=10' });
    expect(head.headers['x-switchboard-cache']).toBeUndefined();
    const headAgain = await as('department_head', ['Payroll']).inject({ method: 'GET', url: '/api/tickets?limit=10' });
    expect(headAgain.headers['x-switchboard-cache']).toBe('hit');
    expect(headAgain.body).toBe(head.body);
  });

  it('lets simultaneous identical requests wait for one computation', async () => {
    await db().run("INSERT INTO group_departments VALUES ('Unused Queue', 'Payroll')");
    const answers = await Promise.all(Array.from({ length: 10 }, () => app().inject({ method: 'GET', url: '/api/figures/departments' })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(200));
    expect(answers.filter((a) => a.headers['x-switchboard-cache'] !== 'hit')).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
  });

  it('keeps its answers when someone signs in or out (sessions are read by no figure)', async () => {
    const user = await addUser(db(), { email: 'signing-in@district.test', role: 'leader', departments: [] });
    await app().inject({ method: 'GET', url: '/api/figures/ownership-gaps' });
    const session = await createSession(db(), user.userId);
    await endSession(db(), session.token);
    const again = await app().inject({ method: 'GET', url: '/api/figures/ownership-gaps' });
    expect(again.headers['x-switchboard-cache']).toBe('hit');
  });

  it('never keeps a refused or failed answer', async () => {
    const bad = await app().inject({ method: 'GET', url: '/api/figures/summary?from=2024-13-45' });
    expect(bad.statusCode).toBe(400);
    const badAgain = await app().inject({ method: 'GET', url: '/api/figures/summary?from=2024-13-45' });
    expect(badAgain.headers['x-switchboard-cache']).toBeUndefined();
  });
});

describe('ResponseCache', () => {
  it('drops the least recently used entries beyond its size', () => {
    const cache = new ResponseCache(40);
    const entry = (n: number) => ({ payload: 'x'.repeat(n), contentType: 'text/plain' });
    cache.set('a', entry(10));
    cache.set('b', entry(10));
    cache.set('c', entry(10));
    cache.get('a'); // a is now the most recently used
    cache.set('d', entry(10));
    cache.set('e', entry(10)); // 50 bytes: b, the least recently used, goes
    expect(['a', 'b', 'c', 'd', 'e'].filter((k) => cache.get(k))).toEqual(['a', 'c', 'd', 'e']);
    cache.set('big', entry(11)); // over a quarter of the cache: not kept
    expect(cache.get('big')).toBeUndefined();
  });
});

describe('the report and settings through the cache', () => {
  it('answer a repeated read from memory, and a settings change shows at once', async () => {
    await app().inject({ method: 'GET', url: '/api/report' });
    const report = await app().inject({ method: 'GET', url: '/api/report' });
    expect(report.headers['x-switchboard-cache']).toBe('hit');
    const csv = await app().inject({ method: 'GET', url: '/api/report/departments.csv' });
    expect((await app().inject({ method: 'GET', url: '/api/report/departments.csv' })).body).toBe(csv.body);

    await app().inject({ method: 'GET', url: '/api/settings' });
    expect((await app().inject({ method: 'GET', url: '/api/settings' })).headers['x-switchboard-cache']).toBe('hit');
    const saved = await app().inject({ method: 'PUT', url: '/api/settings/cost', payload: { triageMinutes: 21, touchMinutes: 6, defaultHourlyRate: 42, currency: 'USD' } });
    expect(saved.statusCode).toBe(200);
    const after = await app().inject({ method: 'GET', url: '/api/settings' });
    expect(after.headers['x-switchboard-cache']).toBeUndefined();
    expect(after.json().cost.triageMinutes).toBe(21);
    expect((await app().inject({ method: 'GET', url: '/api/report' })).json().assumptions.cost.triageMinutes).toBe(21);
  });
});
