/**
 * The ServiceNow pull against a fake Table API: several pages with a 429 and a 500 on the
 * way, the paths the file connector gives, a second run that reads only what changed, a
 * bad password that writes nothing, and the CLI killed between pages and run again, which
 * must leave exactly what one clean pull leaves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pageImporter } from '#sync/import-page.ts';
import { runPull } from '#sync/run-pull.ts';
import { serviceNowReader } from '#sync/servicenow.ts';
import { ServiceNowData, SN_ENV, startFakeServiceNow } from './fake-servicenow.ts';
import { contents, recordingSleeper, runCli, tempDb, withDb } from './helpers.ts';

const credentials = { user: SN_ENV.SWITCHBOARD_SERVICENOW_USER, password: SN_ENV.SWITCHBOARD_SERVICENOW_PASSWORD };
const INC = '/api/now/table/incident';
const AUDIT = '/api/now/table/sys_audit';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function fake(n: number) {
  const f = await startFakeServiceNow(new ServiceNowData(n));
  closers.push(f.close);
  return f;
}

function pull(path: string, url: string, sleeper = recordingSleeper()) {
  return withDb(path, (db) =>
    runPull(db, serviceNowReader({ pageSize: 4 }), {
      baseUrl: url, since: new Date('2026-01-01T00:00:00Z'), credentials,
      importer: pageImporter({ timeZone: 'UTC' }), http: { sleep: sleeper.sleep, random: () => 0.5 },
    }),
  );
}

describe('servicenow pull', () => {
  it('pages through incidents and their audit, through a 429 and a 500, into the canonical tables', async () => {
    const sn = await fake(10);
    sn.fault(INC, 2, { status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'Too many requests' } } });
    sn.fault(AUDIT, 2, { status: 500, body: { error: { message: 'Internal error' } } });
    const sleeper = recordingSleeper();
    const db = tempDb();
    const summary = await pull(db, sn.url, sleeper);

    // 10 incidents at 4 a page: 3 pages, each with an audit and a group query; one 429 and one 500 retried.
    expect(summary.counters).toMatchObject({ pages: 3, tickets: 10, retries: 1, rateLimitWaits: 1, requests: 3 * 3 + 2 });
    expect(sleeper.waits[0]).toBe(1000);
    await withDb(db, async (h) => {
      const c = await contents(h);
      expect(c.tickets).toHaveLength(10);
      // Every third incident went Service Desk -> Payroll: 10 landings and 3 moves.
      const moves = await h.all<{ ticket_id: string; path: string }>(
        `SELECT ticket_id, string_agg(group_after, ' > ' ORDER BY seq) AS path FROM ticket_events
         WHERE kind = 'assignment' GROUP BY ticket_id HAVING count(*) > 1 ORDER BY ticket_id`,
      );
      expect(moves).toEqual(['INC0000003', 'INC0000006', 'INC0000009'].map((t) => ({ ticket_id: t, path: 'Service Desk > Payroll' })));
      const [run] = await h.all<{ status: string; pages: number; tickets: number }>('SELECT status, pages::INTEGER AS pages, tickets::INTEGER AS tickets FROM sync_runs');
      expect(run).toEqual({ status: 'succeeded', pages: 3, tickets: 10 });
    });
  });

  it('reads only what changed on the next run', async () => {
    const sn = await fake(10);
    const db = tempDb();
    await pull(db, sn.url);
    const before = sn.requests.length;
    const again = await pull(db, sn.url);
    // Nothing changed: one incident query, and the incidents at the high-water mark are skipped.
    expect(again.counters).toMatchObject({ pages: 1, tickets: 0 });
    expect(sn.requests.slice(before).map((r) => r.path)).toEqual([INC]);

    sn.data.move(sn.data.byNumber(2), 'Human Resources', 60 * 24);
    sn.data.move(sn.data.byNumber(7), 'Facilities', 60 * 25);
    const changed = await pull(db, sn.url);
    expect(changed.counters).toMatchObject({ pages: 1, tickets: 2 });
    await withDb(db, async (h) => {
      const paths = await h.all<{ path: string }>(
        `SELECT string_agg(group_after, ' > ' ORDER BY seq) AS path FROM ticket_events WHERE kind = 'assignment' AND ticket_id IN ('INC0000002', 'INC0000007') GROUP BY ticket_id ORDER BY ticket_id`,
      );
      expect(paths.map((p) => p.path)).toEqual(['Service Desk > Human Resources', 'Service Desk > Facilities']);
      const [{ n }] = await h.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM ticket_events');
      // 10 landings + 3 first moves + 2 new moves, no duplicates from the re-read audits.
      expect(n).toBe(15);
    });
  });

  it('stops on a bad password with the role it needs and writes nothing', async () => {
    const sn = await fake(3);
    sn.setAuth('Basic bm9ib2R5Om5vcGU=');
    const db = tempDb();
    await withDb(db, async () => undefined);
    const err = await pull(db, sn.url).catch((e) => e);
    expect(err.code).toBe('SB_ERR_PULL_AUTH');
    expect(err.message).toMatch(/401 Unauthorized: .*itil role/);
    expect(err.message).not.toContain('pa55word');
    expect(sn.requests).toHaveLength(1);
    await withDb(db, async (h) => {
      const [c] = await h.all<{ n: number }>(
        'SELECT ((SELECT count(*) FROM tickets) + (SELECT count(*) FROM imports) + (SELECT count(*) FROM sync_runs) + (SELECT count(*) FROM sync_state))::INTEGER AS n',
      );
      expect(c.n).toBe(0);
    });
  });

  it('killed after page 2 is committed, then run again, ends exactly like one clean pull', async () => {
    const args = (url: string, db: string) => ['pull', 'servicenow', '--url', url, '--since', '2026-01-01', '--db', db, '--page-size', '4', '--time-zone', 'UTC'];
    const clean = await fake(14);
    const cleanDb = tempDb('clean.duckdb');
    await withDb(cleanDb, async () => undefined);
    const ok = runCli(args(clean.url, cleanDb), SN_ENV);
    expect((await ok.exit).code).toBe(0);
    expect(ok.output()).toContain('page 4 committed: 2 tickets');

    const sn = await fake(14);
    const db = tempDb('killed.duckdb');
    await withDb(db, async () => undefined);
    const held = sn.hold(INC, 3); // the third incident page waits until the test lets go
    const first = runCli(args(sn.url, db), SN_ENV);
    await first.waitFor('page 2 committed');
    await held;
    first.child.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');
    sn.release();
    await withDb(db, async (h) => {
      const [{ n }] = await h.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM tickets');
      expect(n).toBe(8);
    });

    const second = runCli(args(sn.url, db), SN_ENV);
    expect((await second.exit).code).toBe(0);
    expect(second.output()).toContain('resuming from the saved cursor');
    expect(second.output()).toContain('page 2 committed: 2 tickets');
    expect(second.output()).not.toContain('page 3 committed');
    const imports = (p: string) => withDb(p, (h) => h.all("SELECT count(*)::INTEGER AS n FROM imports WHERE status = 'succeeded'"));
    expect(await imports(db)).toEqual(await imports(cleanDb));
    const a = await withDb(cleanDb, contents);
    const b = await withDb(db, contents);
    expect(b.tickets).toHaveLength(14);
    expect(b).toEqual(a);
    await withDb(db, async (h) => {
      const runs = await h.all<{ status: string }>('SELECT status FROM sync_runs ORDER BY run_id');
      expect(runs.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
    });
  });
});
