/**
 * IT's journey on a new install: the overview says to upload an export; IT uploads a
 * vendor-style CSV, confirms the detected columns, imports it with progress, downloads
 * nothing yet sees the rejected row counted, and finds its tickets in the figures.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot, watchErrors } from './helpers/browser.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
let browser: BrowserContext;

beforeAll(async () => {
  server = await startServer({ args: ['--no-demo'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// Three cases from a helpdesk that names its columns its own way; C-4 has no readable date.
// C-1 goes from the Service Desk to Payroll; C-2 and C-3 stay with the Service Desk.
const exportCsv = [
  'Case ID,Opened,Assignment Group,School,Short Description',
  'C-1,2024-08-19T13:00:00Z,Service Desk,Lincoln Elementary,Stipend missing from paycheck',
  'C-1,2024-08-19T15:00:00Z,Payroll,Lincoln Elementary,Stipend missing from paycheck',
  'C-2,2024-08-20T09:00:00Z,Service Desk,Central Office,Laptop will not boot',
  'C-3,2024-08-21T10:30:00Z,Service Desk,Central Office,Projector bulb',
  'C-4,yesterday,Service Desk,Central Office,Badge printer',
].join('\n') + '\n';

describe('IT uploads an export', () => {
  it('confirms the mapping, imports, and sees the rows in the figures', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'switchboard-upload-')), 'helpdesk-cases.csv');
    writeFileSync(file, exportCsv);
    const page = await browser.newPage();
    // Generous waits: these journeys run beside other heavy suites on two cores.
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await server.signIn(page);
    await page.getByText('No tickets yet: upload an export.').waitFor();
    await screenshot(page, 'it-empty-overview');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upload' }).click();
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByTestId('preview').or(page.getByRole('alert')).first().waitFor();
    if (await page.getByRole('alert').count()) throw new Error(`upload failed: ${await page.getByRole('alert').textContent()}`);
    expect(await page.getByTestId('detected').textContent()).toContain('Any event log or ticket list (CSV or JSON), columns detected');
    // The columns were matched by name, for IT to confirm.
    expect(await page.locator('#map-ticket_id').inputValue()).toBe('Case ID');
    expect(await page.locator('#map-created_at').inputValue()).toBe('Opened');
    expect(await page.locator('#map-location').inputValue()).toBe('School');
    await screenshot(page, 'it-upload-preview');
    // Nothing is written before the import is confirmed.
    expect(((await (await server.fetch('/api/health')).json()) as { tickets: number }).tickets).toBe(0);

    await page.getByRole('button', { name: 'Import' }).click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('3 tickets');
    expect(text).toContain('1 rows rejected');
    expect(await summary.getByRole('link', { name: /rejected rows/ }).getAttribute('href')).toMatch(/^\/api\/imports\/\d+\/rejects\.csv$/);
    await page.getByTestId('imports').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('imports').locator('tbody tr').first().textContent()).toContain('helpdesk-cases.csv');
    await screenshot(page, 'it-upload-summary');

    await page.getByRole('link', { name: 'See the figures' }).click();
    await page.getByTestId('tickets').waitFor();
    expect(await page.getByTestId('tickets').textContent()).toBe('3');
    // Groups nobody has mapped yet count as departments of their own, and the page says so.
    await page.getByText('assignment groups are not mapped to a department').waitFor();
    await screenshot(page, 'it-overview-after-upload');
    expect(errors).toEqual([]);
  });

  it('answers the question the detection asks before importing a file it cannot read alone', async () => {
    // Two instant columns named like the creation: which one is the person's to say.
    const file = join(mkdtempSync(join(tmpdir(), 'switchboard-upload-')), 'two-openings.csv');
    writeFileSync(file, 'id,created_at,opened_at,group\n1,2025-08-19T09:00:00Z,2025-08-18T09:00:00Z,Service Desk\n2,2025-08-20T09:00:00Z,2025-08-21T09:00:00Z,Payroll\n');
    const page = await browser.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    // Signed in already: the browser keeps the session of the journey above.
    await page.goto(`${server.url}/upload`);
    const before = ((await (await server.fetch('/api/health')).json()) as { tickets: number }).tickets;
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByTestId('preview').waitFor();
    const questions = page.getByTestId('questions');
    expect(await questions.textContent()).toContain("creation time: 'created_at'");
    expect(await questions.textContent()).toContain("'opened_at'");
    // The page prefills the detection's first choice; the person picks the other.
    expect(await page.locator('#map-created_at').inputValue()).toBe('created_at');
    await page.locator('#map-created_at').selectOption('opened_at');
    await page.getByRole('button', { name: 'Import' }).click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('2 tickets');
    // The answer reached the import, which keeps it for the next file with these columns.
    await summary.getByText('Notes').click();
    await summary.getByText('the answers are saved for files with these columns').waitFor();
    expect(((await (await server.fetch('/api/health')).json()) as { tickets: number }).tickets).toBe(before + 2);
    expect(errors).toEqual([]);
  });
});
