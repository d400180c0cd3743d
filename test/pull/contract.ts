/**
 * What every pull reader must do against its vendor's fake, as one suite:
 * - several pages through a 429 (Retry-After 1 s, recorded by the test sleeper) and a 500
 *   that succeeds on retry, with the group paths the file connector gives;
 * - a second run that reads only what changed, after which the database equals a clean
 *   pull of the vendor's current data;
 * - a bad credential (401) that stops with the vendor's hint and writes nothing;
 * - the CLI killed (SIGKILL) once page 2 is committed and run again, which leaves exactly
 *   what one clean pull leaves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pageImporter } from '#sync/import-page.ts';
import type { PullReader } from '#sync/reader.ts';
import { runPull } from '#sync/run-pull.ts';
import type { Fake } from './fake-server.ts';
import { contents, recordingSleeper, runCli, tempDb, withDb } from './helpers.ts';
import type { Database } from '#core/db/database.ts';

export interface VendorFake extends Fake {
  /** Moves two tickets to other groups (each gets a new history entry and update time). */
  change(): void;
}

export interface PullSpec {
  vendor: string;
  start(tickets: number): Promise<VendorFake>;
  reader(pageSize: number): PullReader<unknown>;
  credentials: Record<string, string>;
  env: Record<string, string>;
  /** The paged list endpoint: faults and the kill gate apply to it. */
  listPath: string;
  /** An endpoint read once per page or ticket (history, activities...), for the 500. */
  historyPath: string;
  authHint: RegExp;
  /** Requests per page besides the list request (history, groups...), for n tickets on the page. */
  pagePaths?: string[];
  /** Group path of ticket i (1-based) before any change, as the connector should give it. */
  pathOf(i: number): string;
  /** The ticket id as stored, for ticket i. */
  idOf(i: number): string;
  /** The tickets `change()` moves, and their paths afterwards. */
  changed: { i: number; path: string }[];
  cliArgs?: string[];
  /**
   * The vendor keeps no history (Web Help Desk): a ticket read again after it moved gains
   * the move the pull saw, which a clean pull of today's data cannot know, so the
   * incremental database is not compared with a clean one there.
   */
  noHistory?: boolean;
}

async function paths(db: Database): Promise<Record<string, string>> {
  const rows = await db.all<{ ticket_id: string; path: string }>(
    `SELECT ticket_id, string_agg(group_after, ' > ' ORDER BY seq) AS path FROM ticket_events WHERE kind = 'assignment' GROUP BY ticket_id`,
  );
  return Object.fromEntries(rows.map((r) => [r.ticket_id, r.path]));
}

export function describePullContract(spec: PullSpec): void {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });
  const fake = async (n: number) => {
    const f = await spec.start(n);
    closers.push(f.close);
    return f;
  };
  const pull = (path: string, url: string, sleeper = recordingSleeper()) =>
    withDb(path, (db) =>
      runPull(db, spec.reader(4), {
        baseUrl: url, since: new Date('2026-01-01T00:00:00Z'), credentials: spec.credentials,
        importer: pageImporter({ timeZone: 'UTC' }), http: { sleep: sleeper.sleep, random: () => 0.5 },
      }),
    );

  describe(`${spec.vendor} pull`, () => {
    it('pages through a 429 and a 500 into the canonical tables', async () => {
      const v = await fake(10);
      v.fault(spec.listPath, 2, { status: 429, headers: { 'retry-after': '1' }, body: { error: 'too many requests' } });
      v.fault(spec.historyPath, 1, { status: 500, body: { error: 'internal error' } });
      const sleeper = recordingSleeper();
      const db = tempDb();
      const summary = await pull(db, v.url, sleeper);
      expect(summary.counters).toMatchObject({ pages: 3, tickets: 10, retries: 1, rateLimitWaits: 1 });
      expect(sleeper.waits).toContain(1000);
      // Three pages and the retried 429 (and the retried 500 where the history comes with the list).
      expect(v.count(spec.listPath)).toBe(spec.historyPath === spec.listPath ? 5 : 4);
      await withDb(db, async (h) => {
        const expected = Object.fromEntries(Array.from({ length: 10 }, (_, k) => [spec.idOf(k + 1), spec.pathOf(k + 1)]));
        expect(await paths(h)).toEqual(expected);
        const [run] = await h.all('SELECT status, pages::INTEGER AS pages, tickets::INTEGER AS tickets FROM sync_runs');
        expect(run).toEqual({ status: 'succeeded', pages: 3, tickets: 10 });
      });
    });

    it('reads only what changed on the next run, and then equals a clean pull', async () => {
      const v = await fake(10);
      const db = tempDb();
      await pull(db, v.url);
      const unchanged = await pull(db, v.url);
      expect(unchanged.counters).toMatchObject({ tickets: 0 });
      v.change();
      const before = v.requests.length;
      const changed = await pull(db, v.url);
      expect(changed.counters).toMatchObject({ tickets: spec.changed.length });
      expect(v.requests.length - before).toBeLessThanOrEqual(changed.counters.requests);
      const clean = tempDb('clean.duckdb');
      await pull(clean, v.url);
      const [a, b] = [await withDb(clean, contents), await withDb(db, contents)];
      expect(b.tickets).toEqual(a.tickets);
      if (!spec.noHistory) expect(b.events).toEqual(a.events);
      await withDb(db, async (h) => {
        const p = await paths(h);
        for (const c of spec.changed) expect(p[spec.idOf(c.i)]).toBe(c.path);
      });
    });

    it('stops on a bad credential with what it lacks and writes nothing', async () => {
      const v = await fake(3);
      v.setAuth(() => false);
      const db = tempDb();
      const err = await pull(db, v.url).catch((e) => e);
      expect(err.code).toBe('SB_ERR_PULL_AUTH');
      expect(err.message).toMatch(spec.authHint);
      for (const secret of Object.values(spec.credentials)) expect(err.message).not.toContain(secret);
      expect(v.requests).toHaveLength(1);
      await withDb(db, async (h) => {
        const [c] = await h.all<{ n: number }>(
          'SELECT ((SELECT count(*) FROM tickets) + (SELECT count(*) FROM imports) + (SELECT count(*) FROM sync_runs) + (SELECT count(*) FROM sync_state))::INTEGER AS n',
        );
        expect(c.n).toBe(0);
      });
    });

    it('killed after page 2 is committed, then run again, ends exactly like one clean pull', async () => {
      const args = (url: string, db: string) => ['pull', spec.vendor, '--url', url, '--since', '2026-01-01', '--db', db, '--page-size', '4', ...(spec.cliArgs ?? [])];
      const clean = await fake(14);
      const cleanDb = tempDb('clean.duckdb');
      await withDb(cleanDb, async () => undefined);
      const ok = runCli(args(clean.url, cleanDb), spec.env);
      expect((await ok.exit).code, ok.output()).toBe(0);

      const v = await fake(14);
      const db = tempDb('killed.duckdb');
      await withDb(db, async () => undefined);
      const held = v.hold(spec.listPath, 3);
      const first = runCli(args(v.url, db), spec.env);
      await first.waitFor('page 2 committed');
      await held;
      first.child.kill('SIGKILL');
      expect((await first.exit).signal).toBe('SIGKILL');
      v.release();
      await withDb(db, async (h) => {
        const [{ n }] = await h.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM tickets');
        expect(n).toBe(8);
      });
      const second = runCli(args(v.url, db), spec.env);
      expect((await second.exit).code, second.output()).toBe(0);
      expect(second.output()).toContain('resuming from the saved cursor');
      // Only the two pages left (4 and 2 tickets) are read again, and imported once each.
      expect(second.output()).toContain('page 2 committed: 2 tickets');
      expect(second.output()).not.toContain('page 3 committed');
      const imports = (p: string) => withDb(p, (h) => h.all("SELECT count(*)::INTEGER AS n FROM imports WHERE status = 'succeeded'"));
      expect(await imports(db)).toEqual(await imports(cleanDb));
      const [a, b] = [await withDb(cleanDb, contents), await withDb(db, contents)];
      expect(b.tickets).toHaveLength(14);
      expect(b).toEqual(a);
      await withDb(db, async (h) => {
        const runs = await h.all<{ status: string }>('SELECT status FROM sync_runs ORDER BY run_id');
        expect(runs.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
      });
    });
  });
}
