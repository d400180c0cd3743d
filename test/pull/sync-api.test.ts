/**
 * The settings page's sync endpoints over app.inject, pulling from the fake Zendesk:
 * administrators only, credentials from the server's environment (a request never carries
 * them), a finished pull listed with its counts, one pull per instance at a time, and a
 * refused token reported with its hint while nothing is written.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { startFakeZendesk, ZD_ENV } from './fake-zendesk.ts';
import type { VendorFake } from './contract.ts';

const { app, as, db } = useApp(async () => undefined);
const saved: Record<string, string | undefined> = {};
let fake: VendorFake;
beforeAll(() => {
  for (const [k, v] of Object.entries(ZD_ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});
afterEach(async () => fake?.close());

describe('/api/sync', () => {
  it('is for administrators only', async () => {
    fake = await startFakeZendesk(1);
    const res = await as('leader').inject({ method: 'POST', url: '/api/sync', payload: { vendor: 'zendesk', url: fake.url, since: '2026-01-01' } });
    expect(res.statusCode).toBe(403);
    expect((await as('leader').inject('/api/sync')).statusCode).toBe(403);
    expect(fake.requests).toHaveLength(0);
  });

  it('runs a pull and lists it', async () => {
    fake = await startFakeZendesk(6);
    const res = await app().inject({ method: 'POST', url: '/api/sync', payload: { vendor: 'zendesk', url: fake.url, since: '2026-01-01', wait: true } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().counters).toMatchObject({ pages: 1, tickets: 6 });
    const status = (await app().inject('/api/sync')).json();
    expect(status.running).toEqual([]);
    expect(status.runs[0]).toMatchObject({ source: 'zendesk', baseUrl: fake.url, status: 'succeeded', pages: 1, tickets: 6 });
    const [{ n }] = await db().all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM tickets WHERE source = 'zendesk'");
    expect(n).toBe(6);
  });

  it('refuses a second pull of the same instance while one runs', async () => {
    fake = await startFakeZendesk(2);
    const held = fake.hold('/api/v2/incremental/tickets/cursor.json', 1);
    const first = await app().inject({ method: 'POST', url: '/api/sync', payload: { vendor: 'zendesk', url: fake.url, since: '2026-01-01' } });
    expect(first.statusCode).toBe(202);
    await held;
    const second = await app().inject({ method: 'POST', url: '/api/sync', payload: { vendor: 'zendesk', url: fake.url } });
    expect(second.statusCode).toBe(409);
    expect((await app().inject('/api/sync')).json().running).toEqual([{ vendor: 'zendesk', baseUrl: fake.url }]);
    fake.release();
    // Observe the first pull finishing (bounded), so the next test starts from a quiet server.
    for (let i = 0; i < 250 && (await app().inject('/api/sync')).json().running.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await app().inject('/api/sync')).json().runs[0]).toMatchObject({ status: 'succeeded', tickets: 2 });
  });

  it('reports a refused token with what it lacks, and writes nothing', async () => {
    fake = await startFakeZendesk(2);
    fake.setAuth(() => false);
    const url = `${fake.url}/`;
    const before = await db().all('SELECT count(*)::INTEGER AS n FROM sync_runs');
    const res = await app().inject({ method: 'POST', url: '/api/sync', payload: { vendor: 'zendesk', url, since: '2026-01-01', wait: true } });
    expect(res.statusCode).toBe(424);
    expect(res.json()).toMatchObject({ code: 'SB_ERR_PULL_AUTH' });
    expect(res.json().message).toContain('global read scope');
    expect(res.body).not.toContain(ZD_ENV.SWITCHBOARD_ZENDESK_TOKEN);
    expect(await db().all('SELECT count(*)::INTEGER AS n FROM sync_runs')).toEqual(before);
    const status = (await app().inject('/api/sync')).json();
    expect(status.errors).toEqual([expect.objectContaining({ vendor: 'zendesk', baseUrl: fake.url, code: 'SB_ERR_PULL_AUTH' })]);
  });

  it('says which variables to set when the server has no credentials', async () => {
    fake = await startFakeZendesk(1);
    const res = await app().inject({ method: 'POST', url: '/api/sync', payload: { vendor: 'servicenow', url: fake.url, since: '2026-01-01' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('SWITCHBOARD_SERVICENOW_USER');
  });
});
