/**
 * The CIO's journey on the demo district, signed in with the leader role: start the server on
 * an empty database (which loads the demo), open the overview and read the figures the API computed, open the
 * assumptions, narrow by a filter (kept in the URL; back/forward work), follow an
 * ownership gap to its tickets and a ticket to its path, and open the report. Then Ctrl-C.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot, watchErrors } from './helpers/browser.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
let browser: BrowserContext;
const CIO = { email: 'cio@district.test', password: 'a long enough pass phrase 2026' };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const made = await server.fetch('/api/auth/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...CIO, role: 'leader', departments: [] }) });
  expect(made.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const num = new Intl.NumberFormat('en-US');
const pct = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const api = async <T>(path: string): Promise<T> => (await server.fetch(path)).json() as Promise<T>;

describe('the CIO', () => {
  it('reads the overview, follows a gap to its tickets, and opens the report', async () => {
    const { summary } = await api<{ summary: { tickets: number; misroute_share: number; redirected_tickets: number } }>('/api/figures/summary');
    expect(summary.tickets).toBe(20_000);

    const page = await browser.newPage();
    // Generous waits: these journeys run beside other heavy suites on two cores.
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    await server.signIn(page, '/', CIO);
    await page.getByTestId('tickets').waitFor();
    expect(await page.getByTestId('tickets').textContent()).toBe('20,000');
    expect(await page.getByTestId('misroute-share').locator('.value').textContent()).toBe(pct.format(summary.misroute_share));
    expect(await page.getByTestId('redirected').locator('.value').textContent()).toBe(num.format(summary.redirected_tickets));
    // The Sankey has one link per first landing -> owner pair, each reachable by keyboard.
    const { flows } = await api<{ flows: unknown[] }>('/api/figures/flows');
    expect(await page.locator('figure.sankey svg a').count()).toBe(flows.length);
    // What to fix first: the three actions that save most, as the API ranks them, with their yearly effect.
    const fixFirst = await api<{ actions: { action: string; yearly_cost: number }[] }>('/api/fix-first');
    expect(fixFirst.actions.length).toBeGreaterThanOrEqual(3);
    const items = page.getByTestId('fix-first').locator('li');
    await items.first().waitFor();
    expect(await items.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const text = await items.nth(i).textContent();
      expect(text).toContain(fixFirst.actions[i].action);
      expect(text).toContain(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(fixFirst.actions[i].yearly_cost));
    }
    await page.getByTestId('assumptions').locator('summary').click();
    expect(await page.getByTestId('assumptions').textContent()).toContain('15 minutes of triage');
    await screenshot(page, 'cio-overview');

    // A filter goes into the URL, changes the figures, and back undoes it.
    const options = await api<{ locations: string[] }>('/api/filter-options');
    const school = options.locations[0];
    await page.locator('select[name="location"]').selectOption(school);
    await page.waitForURL((u) => u.searchParams.get('location') === school);
    const filtered = await api<{ summary: { tickets: number } }>(`/api/figures/summary?location=${encodeURIComponent(school)}`);
    await page.getByTestId('tickets').filter({ hasText: num.format(filtered.summary.tickets) }).waitFor();
    await page.goBack();
    await page.getByTestId('tickets').filter({ hasText: '20,000' }).waitFor();
    expect(new URL(page.url()).searchParams.get('location')).toBeNull();

    // A period preset sets both dates: the last 30 days of data.
    const span = await api<{ lastDay: string }>('/api/filter-options');
    const from = new Date(Date.parse(`${span.lastDay}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('select[name="period"]').selectOption('last-30-days');
    await page.waitForURL((u) => u.searchParams.get('from') === from && u.searchParams.get('to') === span.lastDay);
    const recent = await api<{ summary: { tickets: number } }>(`/api/figures/summary?from=${from}&to=${span.lastDay}`);
    await page.getByTestId('tickets').filter({ hasText: num.format(recent.summary.tickets) }).waitFor();
    await page.goBack();
    await page.getByTestId('tickets').filter({ hasText: '20,000' }).waitFor();

    // The costliest ownership gap leads to its tickets.
    const { gaps } = await api<{ gaps: { request_type: string; tickets: number; gap: boolean }[] }>('/api/figures/ownership-gaps');
    const top = gaps.find((g) => g.gap)!;
    const link = page.getByTestId('top-gaps').locator('tbody tr').first().locator('a');
    expect(await link.textContent()).toBe(top.request_type);
    await link.click();
    await page.waitForURL(/\/tickets\?/);
    await page.getByTestId('ticket-count').waitFor();
    expect(await page.getByTestId('ticket-count').textContent()).toContain(`${num.format(top.tickets)} tickets`);
    await screenshot(page, 'cio-gap-tickets');

    // A ticket opens with its path and events.
    await page.getByTestId('tickets-table').locator('tbody tr').first().locator('a').first().click();
    await page.getByRole('heading', { name: /^Ticket / }).waitFor();
    expect(await page.locator('ol[aria-label="Department path"] li').count()).toBeGreaterThan(0);
    await screenshot(page, 'cio-ticket');

    // The report keeps the filters and states the assumptions on its first page.
    await page.goto(`${server.url}/report?from=2024-09-01&to=2024-12-20`);
    await page.getByTestId('report').waitFor();
    expect(await page.getByTestId('report-range').textContent()).toBe('Sep 1, 2024 to Dec 20, 2024');
    expect(await page.getByTestId('report-assumptions').textContent()).toContain('15 minutes of triage per handoff');
    const report = await api<{ report: { summary: { tickets: number } } }>('/api/report?from=2024-09-01&to=2024-12-20');
    expect(await page.getByTestId('report-tickets').textContent()).toBe(num.format(report.report.summary.tickets));
    await screenshot(page, 'cio-report');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    await screenshot(page, 'cio-report-print');
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    // No raw API message reached the screen on the way.
    expect(await page.locator('body').innerText()).not.toMatch(/may not (GET|PUT|POST|DELETE)|SB_ERR_/);
  });

  it('shows an API error as a readable message', async () => {
    const page = await browser.newPage();
    // Generous waits: these journeys run beside other heavy suites on two cores.
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    // The browser context is still signed in from the journey above.
    await page.goto(`${server.url}/?from=2024-12-01&to=2024-01-01`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('from (2024-12-01) is after to (2024-01-01)');
    await screenshot(page, 'overview-error');
    // The browser logs the failed request itself (400); nothing else may go wrong.
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
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
