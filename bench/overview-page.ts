/**
 * The overview page's time to show its figures in the system Chromium: from navigation
 * start (the page's performance time origin) to the first animation frame in which the
 * headline figure is in the layout with its text. Measured inside the page, so the
 * browser's own start-up is not counted.
 *
 * Cold is the first load after the server starts, in a browser profile with an empty
 * cache; warm is the median of reloads after it. The page's height (scrollHeight once the
 * flow chart is drawn) is recorded too: a district with hundreds of unmapped groups must
 * not make the overview tens of thousands of pixels tall.
 *
 * Run alone, it measures the case of many groups: an event-log CSV of N tickets spread over
 * G unmapped assignment groups (each a department of its own, as in a real log with 693
 * groups), written by DuckDB, imported by the CLI, then the page measured:
 *   npx tsx bench/overview-page.ts --tickets 100000 --groups 1000 [--out bench/out/overview-groups.json]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DuckDBInstance } from '@duckdb/node-api';
import { addBenchAdmin, signIn } from './auth.ts';
import { startServer } from './server.ts';
import { median, round } from './stats.ts';

/** The headline figure, by the test ids the dashboard gives it (newest name first). */
export const HEADLINE_SELECTORS = [
  'section[aria-label="Headline figures"] .value',
  '[data-testid="headline-figure"]',
  '[data-testid="misroute-share"]',
  '[data-testid="resolved-elsewhere-share"]',
];

export interface OverviewTiming {
  selector: string | null;
  coldMs: number;
  warmMedianMs: number;
  warmLoads: number;
  load1: number;
  /** document.documentElement.scrollHeight after the cold load, once the flows are drawn (or 60 s). */
  heightPx?: number;
}

export async function measureOverview(root: string, dbPath: string, warmLoads: number): Promise<OverviewTiming> {
  const server = await startServer(root, dbPath);
  const profile = mkdtempSync(join(tmpdir(), 'switchboard-bench-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const session = await signIn(server.url);
    if (session.cookies.length) await browser.addCookies(session.cookies.map((c) => ({ ...c, url: server.url })));
    const page = await browser.newPage();
    const load1 = loadavg()[0];
    const shown = async (): Promise<{ ms: number; selector: string }> => {
      const handle = await page.waitForFunction(
        (selectors: string[]) => {
          for (const s of selectors) {
            const el = document.querySelector(s);
            if (el && el.getBoundingClientRect().height > 0 && (el.textContent ?? '').trim() !== '') {
              return { ms: performance.now(), selector: s };
            }
          }
          return false;
        },
        HEADLINE_SELECTORS,
        { polling: 'raf', timeout: 120_000 },
      );
      return (await handle.jsonValue()) as { ms: number; selector: string };
    };
    await page.goto(server.url, { waitUntil: 'commit' });
    const cold = await shown().catch(async (e: Error) => {
      const text = (await page.locator('body').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 160);
      throw new Error(`${e.message.split('\n')[0]} (the page was at ${page.url()}, showing: ${text})`);
    });
    await page.waitForSelector('figure.sankey svg', { timeout: 60_000 }).catch(() => undefined);
    const heightPx = await page.evaluate(() => document.documentElement.scrollHeight);
    const warm: number[] = [];
    for (let i = 0; i < warmLoads; i++) {
      await page.reload({ waitUntil: 'commit' });
      warm.push((await shown()).ms);
    }
    return { selector: cold.selector, coldMs: round(cold.ms, 0), warmMedianMs: round(median(warm), 0), warmLoads, load1: round(load1), heightPx };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * A generic event log of `tickets` tickets over `groups` assignment groups (G0001...), none
 * of them mapped: one to three assignment events a ticket, a third of them moved once or
 * twice, over one school year. Deterministic (hash of the ticket number), written by DuckDB.
 */
export async function writeManyGroupsLog(file: string, tickets: number, groups: number): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    const g = (expr: string) => `'G' || lpad(CAST(1 + (${expr}) % ${groups} AS VARCHAR), 4, '0')`;
    await c.run(`COPY (
      -- Ids numbered in the order tickets arrive, as helpdesks number them, over 300 days.
      WITH t AS (SELECT i, hash(i) AS h, TIMESTAMPTZ '2024-08-19 13:00:00+00' + to_seconds((i * (300 * 86400) // ${tickets} + hash(i * 7) % 60)::BIGINT) AS created FROM range(${tickets}) r(i)),
      e AS (SELECT i, h, created, s FROM t, range(1 + CAST(h % 3 AS INTEGER)) r(s))
      SELECT 'M' || lpad(i::VARCHAR, 7, '0') AS ticket_id, strftime(created, '%Y-%m-%dT%H:%M:%SZ') AS created_at, 'Request ' || i AS subject,
             'Type ' || (h % 40) AS category, 'School ' || (h % 60) AS location, 'staff-' || (h % 4000) AS requester,
             NULL AS resolution_code, NULL AS resolution_text, s + 1 AS event_seq,
             strftime(created + to_seconds(s * 3600), '%Y-%m-%dT%H:%M:%SZ') AS event_at, 'assignment' AS event_kind,
             -- Skewed so a few groups are large, as in a real log: the square of a uniform draw.
             ${g(`CAST(floor(pow((hash(i * 31 + s) % 1000000) / 1000000.0, 2) * ${groups}) AS BIGINT)`)} AS group_after,
             'agent-' || (h % 500) AS actor, 'false' AS automated
      FROM e ORDER BY i, s
    ) TO '${file.replaceAll("'", "''")}' (HEADER, DELIMITER ',')`);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

export interface ManyGroupsResult extends OverviewTiming {
  tickets: number;
  groups: number;
  ingestSeconds: number;
  targets: { firstFiguresMs: number; heightPx: number };
}

/** Writes the many-groups log, imports it with the CLI into a fresh database, and measures the overview on it. */
export async function measureManyGroups(root: string, tickets: number, groups: number, warmLoads: number, log: (line: string) => void = console.error): Promise<ManyGroupsResult> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-groups-'));
  try {
    const csv = join(dir, 'events.csv');
    const db = join(dir, 'bench.duckdb');
    let t = performance.now();
    await writeManyGroupsLog(csv, tickets, groups);
    log(`wrote ${tickets} tickets over ${groups} groups in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    const ingest = spawnSync(process.execPath, ['bin/switchboard.js', 'ingest', csv, '--db', db], { cwd: root, encoding: 'utf8', timeout: 1_800_000 });
    if (ingest.status !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
    const ingestSeconds = (performance.now() - t) / 1000;
    log(`ingested in ${ingestSeconds.toFixed(1)} s`);
    addBenchAdmin(root, db);
    const timing = await measureOverview(root, db, warmLoads);
    return { tickets, groups, ingestSeconds: round(ingestSeconds, 1), ...timing, targets: { firstFiguresMs: 1500, heightPx: 4000 } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const tickets = Number(arg('tickets', '100000'));
  const groups = Number(arg('groups', '1000'));
  const out = arg('out', join('bench', 'out', `overview-${groups}-groups.json`));
  const root = join(import.meta.dirname, '..');
  const result = await measureManyGroups(root, tickets, groups, 3);
  mkdirSync(join(root, 'bench', 'out'), { recursive: true });
  writeFileSync(join(root, out), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result));
}
