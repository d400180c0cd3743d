/**
 * A department head's journey: an admin gives the Payroll director an account; she signs
 * in (landing on the overview's district totals), opens her department's page and reads her inbound misroute share, with the district
 * figure beside it, the same numbers the API computes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot, watchErrors } from './helpers/browser.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
let browser: BrowserContext;
const HEAD = { email: 'payroll.director@district.test', password: 'payroll figures 2024!' };
const pct = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

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

describe('the Payroll director', () => {
  it('signs in and sees her department share beside the district figure', async () => {
    const { departments } = (await (await server.fetch('/api/figures/departments')).json()) as {
      departments: { department: string; tickets_owned: number; inbound_misroute_share: number; outbound_reroute_share: number }[];
    };
    const payroll = departments.find((d) => d.department === 'Payroll')!;
    const { summary } = (await (await server.fetch('/api/figures/summary')).json()) as { summary: { misroute_share: number } };

    const page = await browser.newPage();
    // Generous waits: these journeys run beside other heavy suites on two cores.
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Email').fill(HEAD.email);
    await page.getByLabel('Password').fill(HEAD.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('tickets').waitFor();

    // Other departments' small flows come as "<5": the overview shows the marker (tickets and
    // share), never a number or NaN, and links no tickets from it.
    const flows = (await page.evaluate(async () => (await (await fetch('/api/figures/flows')).json()).flows)) as { tickets: number | '<5' }[];
    const withheld = flows.filter((f) => f.tickets === '<5').length;
    // The demo district has rare routes between other departments (82 of 152 pairs at the time of writing).
    expect(withheld).toBeGreaterThan(0);
    const flowTable = page.getByTestId('flow-table');
    await flowTable.locator('tbody tr').first().waitFor({ state: 'attached' });
    expect(await flowTable.locator('tbody tr').count()).toBe(flows.length);
    expect(await flowTable.locator('td', { hasText: /^<5$/ }).count()).toBe(2 * withheld);
    expect(await flowTable.locator('td a', { hasText: /^<5$/ }).count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('NaN');
    await page.goto(`${server.url}/departments/Payroll`);

    const inbound = page.getByTestId('inbound-share');
    await inbound.waitFor();
    expect(await inbound.locator('.value').textContent()).toBe(pct.format(payroll.inbound_misroute_share));
    expect(await inbound.locator('.label').textContent()).toContain(`of the ${new Intl.NumberFormat('en-US').format(payroll.tickets_owned)} requests Payroll owns`);
    expect(await inbound.locator('.district').textContent()).toBe(`District: ${pct.format(summary.misroute_share)} misrouted`);
    expect(await page.getByTestId('outbound-share').locator('.value').textContent()).toBe(pct.format(payroll.outbound_reroute_share));
    // Upload is not hers: the navigation does not offer it.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upload' }).count()).toBe(0);
    await screenshot(page, 'department-head-payroll');

    await page.setViewportSize({ width: 800, height: 1000 });
    await screenshot(page, 'department-head-payroll-tablet');
    expect(errors).toEqual([]);
  });
});
