/**
 * The Tickets page as a person uses it, on a five-ticket district made by hand:
 *
 *   S1   Desk                   2024-09-02  Printer jam in room 12
 *   S10  Desk -> HR Benefits    2024-09-03  Toner low on the printer
 *   S11  Payroll Team           2024-09-04  Stipend question
 *   S2   Desk -> Payroll Team   2024-09-05  Laptop screen cracked
 *   S3   Desk                   2024-09-06  Printer offline in library
 *
 * She searches a subject word (three tickets hold "printer"), sorts by ticket with the
 * mouse and again with the keyboard, downloads the list as CSV, saves the view, opens the
 * full list, and reopens the view from the saved views to find the same rows in the same
 * order. No console error and no failed request along the way.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchErrors } from './helpers/browser.ts';
import { E2E_ADMIN, startServer, type RunningServer } from './helpers/server.ts';
import { eventLogCsv, pathEvents, type EventLogRow } from '../helpers/event-log.ts';

let server: RunningServer;
let browser: BrowserContext;

const attrs = (rows: EventLogRow[], a: EventLogRow) => rows.map((r) => ({ ...r, ...a }));
const at = (day: string) => `2024-09-${day}T14:00:00Z`;
const DISTRICT = eventLogCsv([
  ...attrs(pathEvents('S1', ['Desk'], at('02')), { subject: 'Printer jam in room 12' }),
  ...attrs(pathEvents('S10', ['Desk', 'HR Benefits'], at('03')), { subject: 'Toner low on the printer' }),
  ...attrs(pathEvents('S11', ['Payroll Team'], at('04')), { subject: 'Stipend question' }),
  ...attrs(pathEvents('S2', ['Desk', 'Payroll Team'], at('05')), { subject: 'Laptop screen cracked' }),
  ...attrs(pathEvents('S3', ['Desk'], at('06')), { subject: 'Printer offline in library' }),
]);

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-tickets-'));
  const csv = join(dir, 'district.csv');
  const dbPath = join(dir, 'tickets.duckdb');
  writeFileSync(csv, DISTRICT);
  const root = join(import.meta.dirname, '..', '..');
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, ['bin/switchboard.js', ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`switchboard ${args[0]} failed: ${r.stderr}`);
  };
  run(['ingest', csv, '--db', dbPath]);
  run(['users', 'add', '--email', E2E_ADMIN.email, '--role', 'admin', '--db', dbPath], { SWITCHBOARD_PASSWORD: E2E_ADMIN.password });
  server = await startServer({ dbPath, args: ['--no-demo'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop({ killAfterMs: 20_000 });
});

/** The ticket ids of the table, top to bottom, once the page shows `count`. */
async function rows(page: Page, count: string): Promise<string[]> {
  await page.getByTestId('ticket-count').filter({ hasText: count }).waitFor();
  return page.getByTestId('tickets-table').locator('tbody tr td:first-child a').allTextContents();
}

describe('the Tickets page', () => {
  it('searches, sorts, downloads and reopens a saved view with the same rows', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    const errors = watchErrors(page);
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await server.signIn(page, '/tickets');
    expect(await rows(page, '5 tickets')).toEqual(['S3', 'S2', 'S11', 'S10', 'S1']);

    await page.getByLabel('Search tickets').fill('printer');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    expect(await rows(page, '3 tickets matching “printer”')).toEqual(['S3', 'S10', 'S1']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('printer');

    const ticketHeader = page.getByRole('columnheader', { name: 'Ticket' });
    expect(await ticketHeader.getAttribute('aria-sort')).toBe('none');
    expect(await page.getByRole('columnheader', { name: /Created/ }).getAttribute('aria-sort')).toBe('descending');
    await ticketHeader.getByRole('button').click();
    await page.waitForURL(/sort=ticket&dir=asc/);
    expect(await rows(page, 'by ticket, ascending')).toEqual(['S1', 'S10', 'S3']);
    expect(await page.getByRole('columnheader', { name: /Ticket/ }).getAttribute('aria-sort')).toBe('ascending');
    // The header buttons answer the keyboard: Enter flips the order.
    await page.getByRole('columnheader', { name: /Ticket/ }).getByRole('button').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=ticket&dir=desc/);
    expect(await rows(page, 'by ticket, descending')).toEqual(['S3', 'S10', 'S1']);

    // The CSV link holds the whole list under the same search and sort.
    const href = await page.getByRole('link', { name: 'Download all 3 as CSV' }).getAttribute('href');
    expect(href).toBe('/api/tickets/csv?q=printer&sort=ticket&dir=desc');
    const csv = await page.evaluate(async (u) => (await fetch(u)).text(), href!);
    expect(csv.split('\r\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['S3', 'S10', 'S1']);

    await page.getByLabel('Save this list as').fill('Printers by ticket');
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved "Printers by ticket".' }).waitFor();
    const saved = page.getByTestId('saved-views').getByRole('link', { name: 'Printers by ticket' });
    expect(await saved.getAttribute('href')).toBe('/tickets?q=printer&sort=ticket&dir=desc');
    await screenshot(page, 'tickets-saved-view');

    // The same name in other letters is refused with a sentence.
    await page.getByLabel('Save this list as').fill('PRINTERS BY TICKET');
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('alert').filter({ hasText: 'You already have a view named "Printers by ticket". Choose another name, or delete that view first.' }).waitFor();
    // That refusal is the one failed request the journey expects.
    const refused = errors.filter((e) => e.startsWith('409 ') && e.endsWith('/api/saved-views'));
    expect(refused.length).toBe(1);
    errors.splice(0, errors.length, ...errors.filter((e) => !refused.includes(e) && !e.includes('409')));

    await page.getByRole('link', { name: 'Clear search' }).click();
    expect(await rows(page, '5 tickets;')).toEqual(['S3', 'S2', 'S11', 'S10', 'S1']);
    await page.getByTestId('saved-views').getByRole('link', { name: 'Printers by ticket' }).click();
    expect(await rows(page, '3 tickets matching “printer”')).toEqual(['S3', 'S10', 'S1']);
    expect(await page.getByRole('columnheader', { name: /Ticket/ }).getAttribute('aria-sort')).toBe('descending');

    await page.getByRole('button', { name: 'Delete the view Printers by ticket' }).click();
    await page.getByRole('status').filter({ hasText: 'Deleted "Printers by ticket".' }).waitFor();
    await page.getByText('No saved views yet.').waitFor();
    expect(errors).toEqual([]);
  });
});
