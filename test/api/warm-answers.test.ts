import { afterAll, describe, expect, it, vi } from 'vitest';
import { useApp } from '../helpers/app.ts';
import { importFile } from '#ingest/import-file.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';
import { Database } from '#core/db/database.ts';
import { buildApp } from '#dashboard/server/app.ts';
import { OVERVIEW_URLS } from '#dashboard/server/plugins/app/warm-answers.ts';
import { loadOverviewHeadline, loadOverviewSections } from '#dashboard/app/src/lib/overview-queries.ts';

async function seed(db: Database): Promise<void> {
  await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')");
  await importFile(db, writeTemp('warm.csv', eventLogCsv([...pathEvents('T1', ['Desk', 'Payroll Team']), ...pathEvents('T2', ['Payroll Team'])])));
}

const { app, anonymous } = useApp(seed);

describe('warming the overview', () => {
  it('covers every request the overview page makes without filters', async () => {
    const asked: string[] = [];
    const fetcher = (async (path: string) => {
      asked.push(path);
      const res = await app().inject({ method: 'GET', url: path });
      return new Response(res.body, { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type']) } });
    }) as typeof fetch;
    const headline = await loadOverviewHeadline(fetcher, new URLSearchParams());
    await loadOverviewSections(fetcher, new URLSearchParams());
    expect(headline.summary.summary.tickets).toBe(2);
    expect(asked.length).toBe(6);
    expect(asked.filter((url) => !(OVERVIEW_URLS as readonly string[]).includes(url))).toEqual([]);
  });

  it("puts the overview's answers in the cache, equal to what a leader computes", async () => {
    await anonymous().warmAnswers();
    for (const url of OVERVIEW_URLS) {
      const cached = await app().inject({ method: 'GET', url });
      expect([url, cached.statusCode, cached.headers['x-switchboard-cache']]).toEqual([url, 200, 'hit']);
    }
    const cachedSummary = (await app().inject({ method: 'GET', url: '/api/figures/summary' })).json();
    expect(cachedSummary.summary).toMatchObject({ tickets: 2, misrouted_tickets: 1 });
  });

  it('gives nothing to a request that only claims to be the warm-up', async () => {
    const res = await anonymous().inject({ method: 'GET', url: '/api/figures/summary', headers: { 'x-switchboard-warm': 'a'.repeat(64) } });
    expect(res.statusCode).toBe(401);
  });
});

describe('the served app', () => {
  let db: Database;
  let served: Awaited<ReturnType<typeof buildApp>>;
  afterAll(async () => served?.close());

  it('warms by itself at start, and again after the database changes', async () => {
    db = await Database.open(':memory:');
    await seed(db);
    served = await buildApp({ db, closeDatabase: true, warmAnswers: true });
    await served.ready();
    const cachedAt = () => served.responseCache.size;
    await vi.waitFor(() => expect(cachedAt()).toBe(OVERVIEW_URLS.length), { timeout: 10_000, interval: 100 });
    await importFile(db, writeTemp('warm-2.csv', eventLogCsv(pathEvents('T3', ['Desk']))));
    // The new generation's answers join the old ones (which are never served again).
    await vi.waitFor(() => expect(cachedAt()).toBe(2 * OVERVIEW_URLS.length), { timeout: 10_000, interval: 100 });
  });
});
