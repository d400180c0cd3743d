/**
 * A department head's journey: an admin gives the Payroll director an account; she signs
 * in and lands on her own department's page, reads her inbound misroute share with the
 * district figure beside it (the same numbers the API computes), opens the district
 * overview where other departments' small flows read "<5" with the sentence that explains
 * them, sees other departments' names as plain text, and finds the owner control disabled
 * with its reason. No request fails on the way. Asking for another department's ticket
 * says why it is not shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchErrors } from './helpers/browser.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
let browser: BrowserContext;
const HEAD = { email: 'payroll.director@district.test', password: 'payroll figures 2024!' };
const pct = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const LEGEND = 'Fewer than 5 tickets: hidden to protect privacy. Some other small counts are hidden too, so that hidden ones cannot be worked out from totals.';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const made = await server.fetch('/api/auth/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...HEAD, role: 'department_head', departments: ['Payroll'] }),
  });
  expect(made.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every answer of 400 or more the page received. */
function watchFailedResponses(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return failed;
}

let page: Page;

describe('the Payroll director', () => {
  it('signs in, lands on her department, and sees its share beside the district figure', async () => {
    const { departments } = (await (await server.fetch('/api/figures/departments')).json()) as {
      departments: { department: string; tickets_owned: number; inbound_misroute_share: number; outbound_reroute_share: number }[];
    };
    const payroll = departments.find((d) => d.department === 'Payroll')!;
    const { summary } = (await (await server.fetch('/api/figures/summary')).json()) as { summary: { misroute_share: number } };

    page = await browser.newPage();
    // Generous waits: these journeys run beside other heavy suites on two cores.
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    const failed = watchFailedResponses(page);
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Email').fill(HEAD.email);
    await page.getByLabel('Password').fill(HEAD.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Her first page is her department's, not the district overview.
    const inbound = page.getByTestId('inbound-share');
    await inbound.waitFor();
    expect(new URL(page.url()).pathname).toBe('/departments/Payroll');
    expect(await inbound.locator('.value').textContent()).toBe(pct.format(payroll.inbound_misroute_share));
    expect(await inbound.locator('.label').textContent()).toContain(`of the ${new Intl.NumberFormat('en-US').format(payroll.tickets_owned)} requests Payroll owns`);
    expect(await inbound.locator('.district').textContent()).toBe(`District: ${pct.format(summary.misroute_share)} misrouted`);
    expect(await page.getByTestId('outbound-share').locator('.value').textContent()).toBe(pct.format(payroll.outbound_reroute_share));
    // The freshness line is on her pages too: the demo district is recorded as an import without a file.
    expect(await page.getByTestId('freshness').textContent()).toMatch(/^\s*Last import .+ \(demo\)\. Data covers Jul 1, 2024 to Jun 30, 2025\. /);
    // Upload is not hers: the navigation does not offer it.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upload' }).count()).toBe(0);
    await screenshot(page, 'department-head-payroll');

    await page.setViewportSize({ width: 800, height: 1000 });
    await screenshot(page, 'department-head-payroll-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('reads "<5" and "withheld" on the district overview, with the sentence that explains them', async () => {
    const errors = watchErrors(page);
    const failed = watchFailedResponses(page);
    // Other departments' small flows come as "<5": the count column shows the marker, the
    // share column "withheld", never a number or NaN, and no tickets are linked from them.
    const flows = (await page.evaluate(async () => (await (await fetch('/api/figures/flows')).json()).flows)) as { tickets: number | '<5' }[];
    // The demo district has rare routes between other departments (82 of 152 pairs at the time of writing).
    expect(flows.length).toBeLessThanOrEqual(200);
    const withheld = flows.filter((f) => f.tickets === '<5').length;
    expect(withheld).toBeGreaterThan(0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('tickets').waitFor();
    expect(new URL(page.url()).search).toBe('?scope=district');
    expect(await page.getByTestId('withheld-note').textContent()).toContain(LEGEND);
    const flowTable = page.getByTestId('flow-table');
    await flowTable.locator('tbody tr').first().waitFor({ state: 'attached' });
    expect(await flowTable.locator('tbody tr').count()).toBe(flows.length);
    expect(await flowTable.locator('td', { hasText: /^<5$/ }).count()).toBe(withheld);
    expect(await flowTable.locator('td', { hasText: /^withheld$/ }).count()).toBe(withheld);
    expect(await flowTable.locator('td a', { hasText: /^<5$/ }).count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('NaN');

    // Other departments are plain text in the department table; her own is a link.
    const table = page.getByTestId('department-table');
    expect(await table.getByRole('link', { name: 'Payroll', exact: true }).count()).toBe(1);
    expect(await table.getByRole('link', { name: 'Technology', exact: true }).count()).toBe(0);
    expect(await table.getByTestId('department-text').filter({ hasText: /^Technology$/ }).count()).toBe(1);
    await screenshot(page, 'department-head-district');
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('finds the owner control disabled with its reason, and Settings read-only', async () => {
    const errors = watchErrors(page);
    const failed = watchFailedResponses(page);
    await page.goto(`${server.url}/gaps`);
    try {
      await page.getByTestId('gaps').or(page.getByTestId('empty-state')).first().waitFor({ timeout: 30_000 });
    } catch (e) {
      await screenshot(page, 'department-head-gaps-debug');
      throw new Error(`${(e as Error).message}\n${await page.locator('body').textContent()}\n${errors.join('\n')}\n${failed.join('\n')}`);
    }
    expect(await page.getByTestId('owner-reason').textContent()).toBe('Only an administrator or an uploader can change the department map and declared owners; ask one of them.');
    const selects = page.getByTestId('gaps').locator('select');
    expect(await selects.count()).toBeGreaterThan(0);
    expect(await selects.evaluateAll((all) => all.every((s) => (s as HTMLSelectElement).disabled))).toBe(true);

    await page.goto(`${server.url}/settings`);
    await page.getByTestId('cost-form').waitFor();
    expect(await page.getByTestId('map-reason').count()).toBe(1);
    expect(await page.getByTestId('cost-form').locator('button[type="submit"]').isDisabled()).toBe(true);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("says another department's ticket is not hers to see", async () => {
    // A ticket that stayed in Technology from first landing to close never touched Payroll.
    const list = (await (await server.fetch('/api/tickets?firstLanding=Technology&owner=Technology&limit=100')).json()) as { tickets: { source: string; ticketId: string; hops: number }[] };
    const foreign = list.tickets.find((t) => t.hops === 0)!;
    expect(foreign).toBeDefined();
    const failed = watchFailedResponses(page);
    await page.goto(`${server.url}/tickets/${encodeURIComponent(foreign.source)}/${encodeURIComponent(foreign.ticketId)}`);
    await page.getByTestId('foreign-ticket').waitFor();
    expect(await page.getByTestId('foreign-ticket').textContent()).toContain("This ticket belongs to another department's work, so it is not shown to you.");
    expect(await page.locator('main').textContent()).not.toContain('no such ticket');
    // The server answers as if the ticket did not exist: that one 404 is the only refusal.
    expect(failed).toEqual([`404 GET /api/tickets/${foreign.source}/${foreign.ticketId}`]);
  });
});
