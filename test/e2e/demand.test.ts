/**
 * The Demand page on the demo district: a leader opens it from the navigation, reads next
 * term's volume per department and, beside each forecast, how far off it was in past
 * terms (the numbers the API computed), and switches the chart to misrouted tickets.
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

interface Measure {
  measure: string;
  status: string;
  wape: number | null;
}
interface Demand {
  district: { measures: Measure[] };
  departments: { department: string; measures: Measure[] }[];
}

describe('the Demand page', () => {
  it('shows next term per department with its past error in words', async () => {
    const demand = (await (await server.fetch('/api/demand')).json()) as Demand;
    const page = await browser.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await server.signIn(page);
    await page.getByRole('link', { name: 'Demand', exact: true }).click();
    await page.getByTestId('demand-table').waitFor();
    // One row for the district and one per owning department.
    expect(await page.getByTestId('demand-table').locator('tbody tr').count()).toBe(demand.departments.length + 1);
    const district = demand.district.measures.find((m) => m.measure === 'tickets_owned')!;
    expect(district.status).toBe('forecast');
    const first = page.getByTestId('demand-department').first();
    expect(await first.getByTestId('forecast-error').textContent()).toContain(`off by ${Math.round((district.wape as number) * 100)} %`);
    // A chart for every series with a forecast, none for those too short or too sparse.
    const drawn = [district, ...demand.departments.map((d) => d.measures.find((m) => m.measure === 'tickets_owned')!)].filter((m) => m.status === 'forecast').length;
    expect(await page.getByTestId('forecast-chart').count()).toBe(drawn);
    await screenshot(page, 'demand');

    await page.getByLabel('Misrouted (first landed in another department)').check();
    const misrouted = [demand.district, ...demand.departments].map((b) => b.measures.find((m) => m.measure === 'inbound_misrouted')!).filter((m) => m.status === 'forecast').length;
    await page.getByTestId('forecast-chart').nth(misrouted - 1).waitFor();
    expect(await page.getByTestId('forecast-chart').count()).toBe(misrouted);
    expect(errors).toEqual([]);
  });
});
