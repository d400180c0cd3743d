/**
 * The analyst's and the CIO's data journeys on the demo district: brush weeks on Explore and
 * see the departments the API gives for those days, then choose a department and see the
 * departments, flows and ownership gaps the API gives for both; find every dataset on Export; see on
 * Deliveries that no mail server is set; declare an owner for the costliest gap and see it
 * recorded as a dated decision with misroutes before and after.
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

const num = new Intl.NumberFormat('en-US');

describe('the analyst', () => {
  it('brushes weeks and sees the departments and flows the server gives for those days', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await server.signIn(page, '/explore');
    const overlay = page.locator('[data-testid="brush-weeks"] g.brush rect.overlay');
    await overlay.waitFor();
    const box = (await overlay.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    const period = page.getByTestId('explore-period');
    await period.filter({ hasText: 'weeks,' }).waitFor();
    const [, from, to] = /(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec((await period.textContent())!)!;
    const res = await server.fetch(`/api/figures/departments?from=${from}&to=${to}`);
    const departments = ((await res.json()) as { departments: { department: string; tickets_owned: number | string; tickets_landed: number | string }[] }).departments
      .filter((d) => Number(d.tickets_owned) + Number(d.tickets_landed) > 0);
    const rows = page.getByTestId('explore-departments').locator('tbody tr');
    expect(await rows.count()).toBe(departments.length);
    for (const d of departments) {
      const row = rows.filter({ has: page.locator('th', { hasText: d.department }) }).first();
      expect(await row.locator('td').first().textContent(), d.department).toBe(num.format(Number(d.tickets_owned)));
    }
    // The misrouted flows of those days, as the server counts them, largest first.
    const flowsRes = await server.fetch(`/api/figures/flows?from=${from}&to=${to}`);
    const flows = ((await flowsRes.json()) as { flows: { from: string; to: string; tickets: number }[] }).flows.filter((f) => f.from !== f.to).slice(0, 15);
    const flowRows = page.getByTestId('explore-flows').locator('tbody tr');
    expect(await flowRows.count()).toBe(flows.length);
    for (const [i, f] of flows.entries()) {
      expect(await flowRows.nth(i).locator('td').allTextContents(), `${f.from} -> ${f.to}`).toEqual([f.from, f.to, num.format(f.tickets)]);
    }
    await screenshot(page, 'analyst-explore');
    expect(errors).toEqual([]);
  });

  it('brushes weeks, chooses a department, and sees the departments, flows and gaps the server gives for both', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await page.goto(`${server.url}/explore`); // signed in by the test before
    const overlay = page.locator('[data-testid="brush-weeks"] g.brush rect.overlay');
    await overlay.waitFor();
    const box = (await overlay.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    const period = page.getByTestId('explore-period');
    await period.filter({ hasText: 'weeks,' }).waitFor();
    const payroll = page.getByTestId('explore-departments').getByRole('button', { name: 'Payroll', exact: true });
    expect(await payroll.getAttribute('aria-pressed')).toBe('false');
    await payroll.press('Enter'); // a real button: the keyboard chooses it
    await period.filter({ hasText: 'Tickets that touched Payroll' }).waitFor();
    expect(await payroll.getAttribute('aria-pressed')).toBe('true');
    const [, from, to] = /(\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec((await period.textContent())!)!;
    const query = `from=${from}&to=${to}&department=Payroll`;

    const departments = ((await (await server.fetch(`/api/figures/departments?${query}`)).json()) as { departments: { department: string; tickets_owned: number; tickets_landed: number }[] }).departments
      .filter((d) => d.tickets_owned + d.tickets_landed > 0);
    const rows = page.getByTestId('explore-departments').locator('tbody tr');
    expect(await rows.count()).toBe(departments.length);
    for (const d of departments) {
      const row = rows.filter({ has: page.getByRole('button', { name: d.department, exact: true }) });
      expect(await row.locator('td').first().textContent(), d.department).toBe(num.format(d.tickets_owned));
    }
    const flows = ((await (await server.fetch(`/api/figures/flows?${query}`)).json()) as { flows: { from: string; to: string; tickets: number }[] }).flows.filter((f) => f.from !== f.to).slice(0, 15);
    const flowRows = page.getByTestId('explore-flows').locator('tbody tr');
    expect(await flowRows.count()).toBe(flows.length);
    for (const [i, f] of flows.entries()) expect(await flowRows.nth(i).locator('td').allTextContents()).toEqual([f.from, f.to, num.format(f.tickets)]);

    const pct = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
    const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
    const gaps = ((await (await server.fetch(`/api/figures/ownership-gaps?${query}`)).json()) as {
      gaps: { request_type: string | null; tickets: number; top_owner: string; top_owner_share: number; misroute_share: number; coordination_cost: number; gap: boolean }[];
    }).gaps.filter((g) => g.gap);
    expect(gaps.length).toBeGreaterThan(0);
    const gapRows = page.getByTestId('explore-gaps').locator('tbody tr');
    expect(await gapRows.count()).toBe(gaps.length);
    for (const [i, g] of gaps.entries()) {
      expect(await gapRows.nth(i).locator('td').allTextContents()).toEqual([
        g.request_type ?? '(no type)', num.format(g.tickets), `${g.top_owner} (${pct.format(g.top_owner_share)})`, pct.format(g.misroute_share), usd.format(g.coordination_cost),
      ]);
    }
    await screenshot(page, 'analyst-explore-department');

    await payroll.click(); // again: every department
    await period.filter({ hasNotText: 'touched' }).waitFor();
    expect(await payroll.getAttribute('aria-pressed')).toBe('false');
    expect(errors).toEqual([]);
  });

  it('finds every dataset in every format on Export, and a download that works', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(90_000);
    await page.goto(`${server.url}/export`);
    await page.getByTestId('export-table').waitFor();
    const link = page.getByRole('link', { name: 'tickets as csv' });
    expect(await link.getAttribute('href')).toBe('/api/export/tickets?format=csv');
    const csv = await server.fetch('/api/export/tickets?format=csv');
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\n')[0].startsWith('source,ticket_id,import_id,created_at')).toBe(true);
    expect(await page.getByRole('link', { name: 'ticket_facts as parquet' }).count()).toBe(1);
  });

  it('sees on Deliveries that no mail server is set', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(90_000);
    await page.goto(`${server.url}/deliveries`);
    await page.getByText('No mail server is set').waitFor();
    expect(await page.getByRole('button', { name: 'Add' }).isEnabled()).toBe(true);
  });

  it('declares an owner for the costliest gap and sees a decision, not a closed gap', async () => {
    const { gaps } = (await (await server.fetch('/api/figures/ownership-gaps')).json()) as { gaps: { request_type: string; gap: boolean; top_owner: string }[] };
    const gap = gaps.find((g) => g.gap)!;
    const page = await browser.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await page.goto(`${server.url}/gaps`);
    await page.getByTestId('gaps').waitFor();
    await page.getByLabel(`Declared owner of ${gap.request_type}`).selectOption(gap.top_owner);
    await page.getByRole('status').filter({ hasText: `${gap.request_type} is now owned by ${gap.top_owner}, recorded as a decision today` }).waitFor();

    const { decisions } = (await (await server.fetch('/api/fix-first/decisions')).json()) as {
      decisions: { request_type: string; department: string; status: string; before: { misrouted_tickets: number; tickets: number }; after: { misrouted_tickets: number; tickets: number } }[];
    };
    const d = decisions.find((x) => x.request_type === gap.request_type)!;
    expect(d).toMatchObject({ department: gap.top_owner, status: 'not_yet_working', after: { misrouted_tickets: 0, tickets: 0 } });
    expect(d.before.tickets).toBeGreaterThan(0);
    // The gap stays on the list, marked as decided and not yet working, with before and after.
    const row = page.getByTestId('gaps').locator('tr', { hasText: gap.request_type });
    const decision = row.getByTestId('decision');
    await decision.waitFor();
    const text = await decision.textContent();
    expect(text).toContain('decided, not yet working');
    expect(text).toContain(`misrouted ${num.format(d.before.misrouted_tickets)} of ${num.format(d.before.tickets)} before, 0 of 0 after`);
    await screenshot(page, 'cio-declared-owner');
    expect(errors).toEqual([]);
  });
});
