/**
 * The uploader's journey: an admin makes an account for IT's uploader on a district that
 * already holds one export (three tickets, its groups mapped). The uploader signs in, sees
 * the overview's figures and the freshness line, uploads a second export with a group no
 * one has mapped, follows the freshness line to Settings, maps it, and sees the figure
 * change. No request fails on the way and no API message reaches the screen.
 *
 *   seed.csv   A-1 Service Desk -> Payroll Team, A-2 Service Desk, A-3 Payroll Team
 *   night.csv  B-1 Night Desk, B-2 Night Desk -> Payroll Team
 *
 * Service Desk is Technology and Payroll Team is Payroll, so Technology owns 1 ticket
 * until Night Desk is mapped to it, and then 2 (A-2, B-1).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchErrors } from './helpers/browser.ts';
import { E2E_ADMIN, startServer, type RunningServer } from './helpers/server.ts';
import { eventLogCsv, pathEvents, writeTemp } from '../helpers/event-log.ts';

let server: RunningServer;
let browser: BrowserContext;
const UPLOADER = { email: 'it.uploads@district.test', password: 'uploads every monday 9am' };
const ROOT = join(import.meta.dirname, '..', '..');

function cli(args: string[], env: Record<string, string> = {}): void {
  const run = spawnSync(process.execPath, ['bin/switchboard.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`switchboard ${args[0]} failed: ${run.stderr}`);
}

beforeAll(async () => {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'switchboard-e2e-')), 'e2e.duckdb');
  cli(['users', 'add', '--email', E2E_ADMIN.email, '--role', 'admin', '--db', dbPath], { SWITCHBOARD_PASSWORD: E2E_ADMIN.password });
  const seed = writeTemp(
    'seed.csv',
    eventLogCsv([
      ...pathEvents('A-1', ['Service Desk', 'Payroll Team'], '2024-08-19T13:00:00Z'),
      ...pathEvents('A-2', ['Service Desk'], '2024-08-20T14:00:00Z'),
      ...pathEvents('A-3', ['Payroll Team'], '2024-08-21T15:00:00Z'),
    ]),
  );
  cli(['ingest', seed, '--db', dbPath]);
  server = await startServer({ dbPath, args: ['--no-demo'] });
  browser = await launchBrowser();
  const mapped = await server.fetch('/api/settings/group-departments/bulk', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mappings: [{ group: 'Service Desk', department: 'Technology' }, { group: 'Payroll Team', department: 'Payroll' }] }),
  });
  expect(mapped.status).toBe(200);
  const made = await server.fetch('/api/auth/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...UPLOADER, role: 'uploader' }),
  });
  expect(made.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every answer of 400 or more the page received (a console error too, in Chromium). */
function watchFailedResponses(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return failed;
}

/** The "Owns" cell of a department's row in the overview's department table, or null without a row. */
async function owns(page: Page, department: string): Promise<string | null> {
  const row = page.getByTestId('department-table').locator('tbody tr', { has: page.locator('td:first-child', { hasText: new RegExp(`^${department}$`) }) });
  return (await row.count()) ? row.locator('td').nth(1).textContent() : null;
}

describe('the uploader', () => {
  it('sees the figures, uploads an export, maps its new group and sees the figure change', async () => {
    const page = await browser.newPage();
    // Generous waits: these journeys run beside other heavy suites on two cores.
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    const failed = watchFailedResponses(page);
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Email').fill(UPLOADER.email);
    await page.getByLabel('Password').fill(UPLOADER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The overview's figures, which an uploader was refused before.
    await page.getByTestId('tickets').waitFor();
    expect(await page.getByTestId('tickets').textContent()).toBe('3');
    expect(await owns(page, 'Technology')).toBe('1');
    expect(await owns(page, 'Payroll')).toBe('2');
    const freshness = page.getByTestId('freshness');
    await freshness.getByText('seed.csv').waitFor();
    expect(await freshness.textContent()).toContain('Data covers Aug 19, 2024 to Aug 21, 2024.');
    expect(await freshness.textContent()).toContain('Every group is mapped to a department.');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: 'Upload' }).count()).toBe(1);
    await screenshot(page, 'uploader-overview');

    // A second export, with a group nobody has mapped.
    const night = writeTemp(
      'night.csv',
      eventLogCsv([...pathEvents('B-1', ['Night Desk'], '2024-08-22T02:00:00Z'), ...pathEvents('B-2', ['Night Desk', 'Payroll Team'], '2024-08-22T03:00:00Z')]),
    );
    await nav.getByRole('link', { name: 'Upload' }).click();
    await page.locator('input[type="file"]').setInputFiles(night);
    await page.getByTestId('preview').or(page.getByRole('alert')).first().waitFor();
    if (await page.getByRole('alert').count()) throw new Error(`upload failed: ${await page.getByRole('alert').textContent()}`);
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-summary').waitFor();
    expect(await page.getByTestId('import-summary').textContent()).toContain('2 tickets');

    // The freshness line names the new file and the group without a department, with the way to fix it.
    await page.getByRole('link', { name: 'See the figures' }).click();
    await page.getByTestId('tickets').waitFor();
    expect(await page.getByTestId('tickets').textContent()).toBe('5');
    await freshness.getByText('night.csv').waitFor();
    // B-1 and B-2 were created on Aug 21 in the district's zone (02:00 and 03:00 UTC on Aug 22).
    expect(await freshness.textContent()).toContain('Data covers Aug 19, 2024 to Aug 21, 2024.');
    expect(await page.getByTestId('fix-unmapped').textContent()).toBe('1 group has no department: map it');
    expect(await owns(page, 'Night Desk')).toBe('1');
    await page.getByTestId('fix-unmapped').click();

    // Settings: the uploader maps the group; cost and calendar stay the admin's, disabled with the reason.
    const input = page.locator('[id="g-Night Desk"]');
    await page.getByTestId('unmapped-groups').or(page.getByRole('alert')).first().waitFor();
    await screenshot(page, 'uploader-settings');
    if (await page.getByRole('alert').count()) throw new Error(`settings failed: ${await page.getByRole('alert').textContent()}`);
    await input.waitFor();
    expect(await page.getByTestId('admin-reason').textContent()).toContain('Only an administrator can change this');
    expect(await page.getByTestId('cost-form').locator('button[type="submit"]').isDisabled()).toBe(true);
    await input.fill('Technology');
    await page.getByTestId('unmapped-groups').locator('tr', { hasText: 'Night Desk' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Night Desk now counts as Technology.').waitFor();
    await screenshot(page, 'uploader-settings-mapped');

    // The figure changed: Technology owns B-1 too, and Night Desk is no department of its own.
    await nav.getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('department-table').waitFor();
    expect(await owns(page, 'Technology')).toBe('2');
    expect(await owns(page, 'Night Desk')).toBeNull();
    expect(await freshness.textContent()).toContain('Every group is mapped to a department.');
    expect(await page.locator('main').textContent()).not.toMatch(/may not (GET|PUT|POST)|SB_ERR_/);
    await screenshot(page, 'uploader-overview-after-mapping');

    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  });
});
