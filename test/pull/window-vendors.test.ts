/**
 * Freshservice, Jira, Incident IQ and Web Help Desk readers against their fakes, through
 * the real runner and cursor store, with an importer that records each page's files and
 * commits the cursor in a transaction, so the pages are checked as files (every ticket
 * once, each ticket's full history: Jira's changelog beyond what the search embeds); the
 * same vendors run end to end through their file connectors in <vendor>.test.ts. Checked
 * here for each: several pages
 * through a 429 and a 500, a run that reads only what changed, a 401 that writes nothing,
 * and a crash before page 3 commits, after which the next run reads exactly the rest.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { freshserviceReader } from '#sync/freshservice.ts';
import { incidentIqReader } from '#sync/incident-iq.ts';
import { jiraReader } from '#sync/jira.ts';
import { whdReader } from '#sync/solarwinds-whd.ts';
import type { PullReader } from '#sync/reader.ts';
import { runPull, type PageImporter } from '#sync/run-pull.ts';
import { readFileSync } from 'node:fs';
import { recordingSleeper, tempDb, withDb } from './helpers.ts';
import {
  FS_ENV, IIQ_ENV, JIRA_ENV, WHD_ENV, startFakeFreshservice, startFakeIncidentIq, startFakeJira, startFakeWhd, type FakeTicket,
} from './fake-window-vendors.ts';
import type { VendorFake } from './contract.ts';

interface Spec {
  vendor: string;
  start: (n: number) => Promise<VendorFake & { tickets: FakeTicket[] }>;
  reader: (pageSize: number) => PullReader<unknown>;
  credentials: Record<string, string>;
  listPath: string;
  historyPath: string;
  authHint: RegExp;
  /** Ticket numbers and, per ticket, the groups its history names, from a page's files. */
  read(files: unknown[]): { n: number; groups: string[] }[];
}

const num = (s: unknown) => Number(String(s).replace(/^\D+/, '').replace(/^0+-?/, '').split('-').pop());

const SPECS: Spec[] = [
  {
    vendor: 'freshservice', start: startFakeFreshservice, reader: (s) => freshserviceReader({ pageSize: s }) as PullReader<unknown>,
    credentials: { api_key: FS_ENV.SWITCHBOARD_FRESHSERVICE_API_KEY }, listPath: '/api/v2/tickets', historyPath: '/api/v2/tickets/1/activities',
    authHint: /View tickets privilege/,
    read: (files) => {
      const [{ tickets }, lines] = files as [{ tickets: { id: number }[] }, { ticket_id: number; activities: { sub_contents: string[] }[] }[]];
      return tickets.map((t, i) => ({
        n: t.id,
        groups: lines[i].activities.flatMap((a) => a.sub_contents.filter((l) => l.startsWith('set Group as ')).map((l) => l.slice(13))),
      }));
    },
  },
  {
    vendor: 'jira', start: startFakeJira, reader: (s) => jiraReader({ pageSize: s }) as PullReader<unknown>,
    credentials: { email: JIRA_ENV.SWITCHBOARD_JIRA_EMAIL, token: JIRA_ENV.SWITCHBOARD_JIRA_TOKEN }, listPath: '/rest/api/3/search/jql',
    historyPath: '/rest/api/3/issue/HELP-3/changelog', authHint: /Browse projects permission/,
    read: (files) => {
      const [{ issues }] = files as [{ issues: { key: string; changelog: { total: number; histories: { items: { field: string; toString: string }[] }[] } }[] }];
      return issues.map((i) => {
        expect(i.changelog.histories).toHaveLength(i.changelog.total);
        return { n: num(i.key), groups: ['Service Desk', ...i.changelog.histories.flatMap((h) => h.items.filter((x) => x.field === 'Team').map((x) => x.toString))] };
      });
    },
  },
  {
    vendor: 'incident-iq', start: startFakeIncidentIq, reader: (s) => incidentIqReader({ pageSize: s }) as PullReader<unknown>,
    credentials: { token: IIQ_ENV.SWITCHBOARD_INCIDENT_IQ_TOKEN, site_id: IIQ_ENV.SWITCHBOARD_INCIDENT_IQ_SITE_ID }, listPath: '/api/v1.0/tickets',
    historyPath: '/api/v1.0/tickets/00000000-0000-4000-8000-000000000001/activities', authHint: /SiteId/,
    read: (files) => {
      const [tickets, activities] = files as [{ Items: { TicketId: string; TicketNumber: number }[] }, { Items: { TicketId: string; NewValue?: string }[] }];
      return tickets.Items.map((t) => ({
        n: t.TicketNumber,
        groups: ['Service Desk', ...activities.Items.filter((a) => a.TicketId === t.TicketId && a.NewValue).map((a) => a.NewValue!)],
      }));
    },
  },
  {
    vendor: 'solarwinds-whd', start: startFakeWhd, reader: (s) => whdReader({ pageSize: s }) as PullReader<unknown>,
    credentials: { api_key: WHD_ENV.SWITCHBOARD_SOLARWINDS_WHD_API_KEY }, listPath: '/helpdesk/WebObjects/Helpdesk.woa/ra/Tickets',
    historyPath: '/helpdesk/WebObjects/Helpdesk.woa/ra/Tickets', authHint: /API key is wrong or revoked/,
    read: (files) => {
      const [tickets] = files as [{ id: number; notes: { mobileNoteText: string }[] }[]];
      return tickets.map((t) => ({ n: t.id, groups: ['Service Desk', ...t.notes.map((x) => x.mobileNoteText.replace(/^.* to /, ''))] }));
    },
  },
];

const expectedGroups = (t: FakeTicket) => ['Service Desk', ...t.moves.map((m) => m.to)];

/** Records each page's files; commits the cursor like the real importer; can crash on a page. */
function recorder(crashOnPage?: number) {
  const pages: unknown[][] = [];
  let calls = 0;
  const importer: PageImporter = async (db, filePaths, page) => {
    calls++;
    if (calls === crashOnPage) throw new Error('the process died before this page committed');
    // JSON (one line), or JSON lines (a document a line) read as a list.
    const files = filePaths.map((p) => {
      const lines = readFileSync(p, 'utf8').trimEnd().split('\n');
      return lines.length > 1 ? lines.map((l) => JSON.parse(l) as unknown) : (JSON.parse(lines[0]) as unknown);
    });
    await db.transaction(page.withinTransaction);
    pages.push(files);
    return { status: 'succeeded', ticketsImported: 0, eventsImported: 0 };
  };
  return { importer, pages };
}

for (const spec of SPECS) {
  describe(`${spec.vendor} pull reader`, () => {
    const closers: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of closers.splice(0)) await c();
    });
    const fake = async (n: number) => {
      const f = await spec.start(n);
      closers.push(f.close);
      return f;
    };
    const pull = (db: string, url: string, importer: PageImporter, sleeper = recordingSleeper()) =>
      withDb(db, (h) => runPull(h, spec.reader(4), {
        baseUrl: url, since: new Date('2026-01-01T00:00:00Z'), credentials: spec.credentials, importer,
        http: { sleep: sleeper.sleep, random: () => 0.5 },
      }));
    const seen = (pages: unknown[][]) => pages.flatMap((files) => spec.read(files));

    it('pages through a 429 and a 500, every ticket once with its whole history', async () => {
      const v = await fake(10);
      v.fault(spec.listPath, 2, { status: 429, headers: { 'retry-after': '1' }, body: { message: 'rate limited' } });
      v.fault(spec.historyPath, spec.historyPath === spec.listPath ? 3 : 1, { status: 500, body: { message: 'internal error' } });
      const sleeper = recordingSleeper();
      const rec = recorder();
      const summary = await pull(tempDb(), v.url, rec.importer, sleeper);
      expect(summary.counters).toMatchObject({ pages: 3, tickets: 10, retries: 1, rateLimitWaits: 1 });
      expect(sleeper.waits).toContain(1000);
      const got = seen(rec.pages);
      expect(got.map((t) => t.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // oldest update first
      for (const t of got) expect(t.groups).toEqual(expectedGroups(v.tickets[t.n - 1]));
    });

    it('reads only what changed on the next run', async () => {
      const v = await fake(10);
      const db = tempDb();
      await pull(db, v.url, recorder().importer);
      const again = recorder();
      expect((await pull(db, v.url, again.importer)).counters).toMatchObject({ tickets: 0 });
      v.change();
      const changed = recorder();
      expect((await pull(db, v.url, changed.importer)).counters).toMatchObject({ tickets: 2 });
      expect(seen(changed.pages)).toEqual([
        { n: 2, groups: ['Service Desk', 'Human Resources'] },
        { n: 7, groups: ['Service Desk', 'Facilities'] },
      ]);
    });

    it('stops on a bad credential with what it lacks and writes nothing', async () => {
      const v = await fake(3);
      v.setAuth(() => false);
      const db = tempDb();
      const err = await pull(db, v.url, recorder().importer).catch((e) => e);
      expect(err.code).toBe('SB_ERR_PULL_AUTH');
      expect(err.message).toMatch(spec.authHint);
      for (const secret of Object.values(spec.credentials)) expect(err.message).not.toContain(secret);
      await withDb(db, async (h) => {
        const [c] = await h.all<{ n: number }>('SELECT ((SELECT count(*) FROM sync_runs) + (SELECT count(*) FROM sync_state))::INTEGER AS n');
        expect(c.n).toBe(0);
      });
    });

    it('after a crash before page 3 commits, the next run reads exactly the rest', async () => {
      const v = await fake(14);
      const db = tempDb();
      const crashed = recorder(3);
      await expect(pull(db, v.url, crashed.importer)).rejects.toThrow(/died/);
      const rest = recorder();
      const summary = await pull(db, v.url, rest.importer);
      expect(summary.resumed).toBe(true);
      expect(summary.counters.pages).toBe(2);
      const all = [...seen(crashed.pages), ...seen(rest.pages)].map((t) => t.n).sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: 14 }, (_, k) => k + 1));
      await withDb(db, async (h) => {
        const runs = await h.all<{ status: string }>('SELECT status FROM sync_runs ORDER BY run_id');
        expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
      });
    });
  });
}
