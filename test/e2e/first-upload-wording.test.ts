/**
 * What a person reads on a new install, from the empty database to a first import, its
 * re-upload and one of its tickets: the sentences that were wrong in the browser.
 *
 *   - Report on an empty database: "No tickets yet: upload an export.", not empty tables.
 *   - Settings with no groups at all: "No assignment groups yet", not "every group is mapped".
 *   - A ServiceNow-looking list read as "Any event log" with the columns confirmed on the
 *     page: "generic: the columns you confirmed", not "a mapping file was given".
 *   - The same file again: "identical to import 1", not "0 rows read".
 *   - The ticket page: "in business hours (reached …)" and "Service Desk (Technology)",
 *     with the spaces Svelte used to drop.
 *
 * The file: INC1 lands with the Service Desk at 13:00 UTC and reaches Payroll at 15:00;
 * INC2 stays with the Service Desk.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, watchErrors } from './helpers/browser.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
let browser: BrowserContext;
let page: Page;
let errors: string[];

const FILE = [
  'number,opened_at,sys_updated_on,assignment_group,location,short_description',
  'INC1,2024-08-19T13:00:00Z,2024-08-19T13:00:00Z,Service Desk,Lincoln Elementary,Stipend missing',
  'INC1,2024-08-19T13:00:00Z,2024-08-19T15:00:00Z,Payroll,Lincoln Elementary,Stipend missing',
  'INC2,2024-08-20T14:00:00Z,2024-08-20T14:00:00Z,Service Desk,Central Office,Laptop will not boot',
].join('\n') + '\n';
let file = '';

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'switchboard-wording-')), 'incidents.csv');
  writeFileSync(file, FILE);
  server = await startServer({ args: ['--no-demo'] });
  browser = await launchBrowser();
  page = await browser.newPage();
  // Generous waits: these journeys run beside other heavy suites on two cores.
  page.setDefaultTimeout(90_000);
  errors = watchErrors(page);
  await server.signIn(page);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Uploads the file, reads it as the generic event log with the event time confirmed, and imports it. */
async function importAsConfirmedColumns(): Promise<string> {
  await page.goto(`${server.url}/upload`);
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByTestId('preview').waitFor();
  expect(await page.getByTestId('detected').textContent()).toContain('ServiceNow');
  await page.getByLabel('Read it as').selectOption('generic');
  await page.locator('#map-event_at').selectOption('sys_updated_on');
  await page.getByRole('button', { name: 'Import' }).click();
  const summary = page.getByTestId('import-summary');
  await summary.waitFor();
  return (await summary.textContent()) ?? '';
}

describe('the wording a person meets on a new install', () => {
  it("says 'No tickets yet' on the report of an empty database, with no tables", async () => {
    await page.goto(`${server.url}/report`);
    const empty = page.getByTestId('report').getByTestId('empty-state');
    await empty.waitFor();
    expect(await empty.locator('strong').textContent()).toBe('No tickets yet: upload an export.');
    expect(await page.getByTestId('report').locator('table').count()).toBe(0);
  });

  it("says there are no groups yet on Settings, not that every group is mapped", async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByTestId('no-groups').waitFor();
    expect(await page.getByTestId('no-groups').textContent()).toBe('No assignment groups yet: they are listed here once an export is imported.');
    expect(await page.getByText('Every assignment group is mapped to a department.').count()).toBe(0);
  });

  it('names the columns the person confirmed as the reason, not a mapping file', async () => {
    const text = await importAsConfirmedColumns();
    expect(text).toContain('3 rows read; 2 tickets (2 new) and');
    expect(await page.getByTestId('connector-reason').textContent()).toBe('How it was read: generic: the columns you confirmed.');
  });

  it('tells a re-upload of the same file which import it is identical to', async () => {
    await importAsConfirmedColumns();
    expect(await page.getByTestId('import-summary').locator('h2').textContent()).toBe('Already imported: incidents.csv');
    expect(await page.getByTestId('identical').textContent()).toBe('incidents.csv is identical to import 1: importing it again changes nothing.');
    expect(await page.getByTestId('import-summary').getByText('0 rows read').count()).toBe(0);
  });

  it('keeps the spaces before the parentheses on the ticket page', async () => {
    const mapped = await server.fetch('/api/settings/group-departments', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ group: 'Service Desk', department: 'Technology' }),
    });
    expect(mapped.status).toBe(200);
    await page.goto(`${server.url}/tickets/generic/INC1`);
    await page.getByTestId('time-to-owner').waitFor();
    const reached = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2024-08-19T15:00:00Z'));
    expect(await page.getByTestId('time-to-owner').textContent()).toBe(`2 h on the clock, 2 h in business hours (reached ${reached})`);
    const firstEvent = page.locator('.timeline li').first();
    expect(((await firstEvent.textContent()) ?? '').replace(/\s+/g, ' ').trim()).toMatch(/assignment to Service Desk \(Technology\)$/);
    expect(errors).toEqual([]);
  });
});
