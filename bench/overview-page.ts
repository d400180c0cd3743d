/**
 * The overview page's time to show its figures in the system Chromium: from navigation
 * start (the page's performance time origin) to the first animation frame in which the
 * headline figure is in the layout with its text. Measured inside the page, so the
 * browser's own start-up is not counted.
 *
 * Cold is the first load after the server starts, in a browser profile with an empty
 * cache; warm is the median of reloads after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { signIn } from './auth.ts';
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
    const warm: number[] = [];
    for (let i = 0; i < warmLoads; i++) {
      await page.reload({ waitUntil: 'commit' });
      warm.push((await shown()).ms);
    }
    return { selector: cold.selector, coldMs: round(cold.ms, 0), warmMedianMs: round(median(warm), 0), warmLoads, load1: round(load1) };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}
