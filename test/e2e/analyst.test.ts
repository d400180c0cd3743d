/**
 * The analyst's and the CIO's data journeys on the demo district: brush weeks on Explore and
 * see the departments the API gives for those days; find every dataset on Export; see on
 * Deliveries that no mail server is set.
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
  it('brushes weeks and sees the departments the server gives for those days', async () => {
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
    await screenshot(page, 'analyst-explore');
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
});
