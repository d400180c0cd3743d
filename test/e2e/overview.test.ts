/**
 * The newcomer's journey: start the server on an empty database, which loads the demo
 * district, open the overview in Chromium and read the headline figure; then Ctrl-C.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot, watchErrors } from './helpers/browser.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
let browser: BrowserContext;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('overview page', () => {
  it('shows the share computed from the demo data', async () => {
    const api = (await (await server.fetch('/api/figures/first-landing')).json()) as {
      summary: { tickets: number; resolvedElsewhere: number; resolvedElsewhereShare: number };
    };
    expect(api.summary.tickets).toBe(20_000);

    const page = await browser.newPage();
    const errors = watchErrors(page);
    await server.signIn(page);
    const share = page.getByTestId('resolved-elsewhere-share');
    await share.waitFor();
    const expected = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(api.summary.resolvedElsewhereShare);
    expect(await share.locator('.value').textContent()).toBe(expected);
    expect(await page.getByTestId('tickets').textContent()).toBe('20,000');
    expect(await page.getByTestId('resolved-elsewhere').textContent()).toBe(new Intl.NumberFormat('en-US').format(api.summary.resolvedElsewhere));
    // The chart's text equivalent lists Technology, the district's front door, first.
    expect(await page.locator('table tbody tr').first().locator('td').first().textContent()).toBe('Technology');
    await screenshot(page, 'overview');
    expect(errors).toEqual([]);
  });

  it('stops cleanly on Ctrl-C and keeps the data', async () => {
    expect(await server.stop()).toBe(0);
    expect(server.output()).toMatch(/closing the server and the database/);
    const again = await startServer({ dbPath: server.dbPath });
    try {
      expect(again.output()).not.toMatch(/loading the demo district/);
      const res = await (await fetch(`${again.url}/api/health`)).json();
      expect(res).toEqual({ ok: true, tickets: 20_000 });
    } finally {
      await again.stop();
    }
  });
});
