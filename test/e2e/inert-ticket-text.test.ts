/**
 * Ticket text is shown as text, never run as HTML: an export whose subjects hold a
 * `<script>` and an `<img onerror>` is uploaded through the upload page, and the tickets
 * page and the ticket detail show both subjects literally, with no dialog fired, no
 * injected element in the page and no script having run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchErrors } from './helpers/browser.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
let browser: BrowserContext;

const SCRIPT_SUBJECT = `<script>window.__injected = 'script'; alert('script')</script>`;
const IMG_SUBJECT = `<img src="x" onerror="window.__injected = 'img'; alert('img')">`;
const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;
const exportCsv = [
  'Case ID,Opened,Assignment Group,School,Short Description',
  `H-1,2024-08-19T13:00:00Z,Service Desk,Central Office,${csvCell(SCRIPT_SUBJECT)}`,
  `H-2,2024-08-20T09:00:00Z,Service Desk,Central Office,${csvCell(IMG_SUBJECT)}`,
].join('\n') + '\n';

beforeAll(async () => {
  server = await startServer({ args: ['--no-demo'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop({ killAfterMs: 20_000 });
});

/** What a successful injection would leave behind in the page. */
async function injected(page: Page): Promise<{ flag: unknown; images: number; scripts: number }> {
  return page.evaluate(() => ({
    flag: (window as unknown as { __injected?: unknown }).__injected ?? null,
    images: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.scripts].filter((s) => (s.textContent ?? '').includes('__injected')).length,
  }));
}

describe('hostile ticket text', () => {
  it('renders inert on the tickets page and the ticket detail', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'switchboard-hostile-')), 'hostile-subjects.csv');
    writeFileSync(file, exportCsv);
    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const errors = watchErrors(page);
    await server.signIn(page, '/upload');

    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByTestId('preview').or(page.getByRole('alert')).first().waitFor();
    if (await page.getByRole('alert').count()) throw new Error(`upload failed: ${await page.getByRole('alert').textContent()}`);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-summary').waitFor();
    expect(await page.getByTestId('import-summary').textContent()).toContain('2 tickets');

    await page.goto(`${server.url}/tickets`);
    const table = page.getByTestId('tickets-table');
    await table.waitFor();
    await table.getByText(SCRIPT_SUBJECT, { exact: true }).waitFor();
    await table.getByText(IMG_SUBJECT, { exact: true }).waitFor();
    expect(await injected(page)).toEqual({ flag: null, images: 0, scripts: 0 });
    await screenshot(page, 'hostile-subjects-tickets');

    await table.getByRole('link', { name: 'H-2' }).click();
    await page.getByRole('heading', { name: 'Ticket H-2' }).waitFor();
    await page.getByText(IMG_SUBJECT, { exact: true }).waitFor();
    expect(await injected(page)).toEqual({ flag: null, images: 0, scripts: 0 });
    await page.goto(`${server.url}/tickets/generic/H-1`);
    await page.getByRole('heading', { name: 'Ticket H-1' }).waitFor();
    await page.getByText(SCRIPT_SUBJECT, { exact: true }).waitFor();
    expect(await injected(page)).toEqual({ flag: null, images: 0, scripts: 0 });
    await screenshot(page, 'hostile-subject-detail');

    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });
});
