/**
 * The overview of a log with 1,000 unmapped groups (each a department of its own): the flow
 * chart stays short, grouping the smaller routes under "Other departments"; the routes
 * table pages 200 at a time and finds a department; so does the departments table, 15 rows
 * at a time, and the page stays under 4,000 px; Settings pages the unmapped groups 50 at a
 * time; the department filter is a search
 * input with suggestions rather than a select 1,000 options long.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { writeManyGroupsLog } from '../../bench/overview-page.ts';
import { launchBrowser, watchErrors } from './helpers/browser.ts';
import { E2E_ADMIN, startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
let browser: BrowserContext;
const root = join(import.meta.dirname, '..', '..');

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-groups-'));
  const csv = join(dir, 'events.csv');
  const dbPath = join(dir, 'groups.duckdb');
  await writeManyGroupsLog(csv, 3000, 1000);
  const ingest = spawnSync(process.execPath, ['bin/switchboard.js', 'ingest', csv, '--db', dbPath], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(ingest.status, ingest.stderr).toBe(0);
  const user = spawnSync(process.execPath, ['bin/switchboard.js', 'users', 'add', '--email', E2E_ADMIN.email, '--role', 'admin', '--db', dbPath], {
    cwd: root,
    env: { ...process.env, SWITCHBOARD_PASSWORD: E2E_ADMIN.password },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(user.status, user.stderr).toBe(0);
  server = await startServer({ dbPath, args: ['--no-demo'] });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const num = new Intl.NumberFormat('en-US');

describe('an overview with 1,000 groups', () => {
  it('draws a short flow chart, pages the routes table and searches the department filter', async () => {
    const { flows } = (await (await server.fetch('/api/figures/flows')).json()) as { flows: { from: string; to: string; tickets: number }[] };
    const departments = new Set(flows.map((f) => f.from));
    expect(departments.size).toBeGreaterThan(800);

    const page = await browser.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    await server.signIn(page);
    const sankey = page.locator('figure.sankey');
    await sankey.locator('svg').waitFor();
    // 12 largest routes' departments and "Other departments" per side: at most 13 nodes a side.
    expect(await sankey.locator('svg rect').count()).toBeLessThanOrEqual(26);
    expect((await sankey.boundingBox())!.height).toBeLessThan(800);
    expect(await sankey.locator('text', { hasText: /^Other departments \(/ }).count()).toBe(2);
    expect(await page.getByTestId('sankey-grouped').textContent()).toContain(`of ${num.format(flows.length)} routes are drawn on their own`);

    // The departments table pages 15 at a time and finds one by name.
    const { departments: rows } = (await (await server.fetch('/api/figures/departments')).json()) as { departments: { department: string }[] };
    const byDepartment = page.getByTestId('department-table');
    expect(await byDepartment.locator('tbody tr').count()).toBe(15);
    expect(await page.getByTestId('department-table-range').textContent()).toContain(`Departments 1 to 15 of ${num.format(rows.length)}`);
    await page.getByRole('navigation', { name: 'Pages of departments' }).getByRole('button', { name: 'Next 15' }).click();
    await page.getByTestId('department-table-range').filter({ hasText: 'Departments 16 to 30' }).waitFor();
    expect(await byDepartment.locator('tbody tr td:first-child').first().textContent()).toBe(rows[15].department);
    await page.locator('input[name="department-search"]').fill('G0001');
    await page.getByTestId('department-table-range').filter({ hasText: `Departments 1 to 1 of 1 matching` }).waitFor();
    // The whole overview, figures to departments, stays under 4,000 px with the routes table closed.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(4000);

    await page.getByText('Routes as a table').click();
    const table = page.getByTestId('flow-table');
    expect(await table.locator('tbody tr').count()).toBe(200);
    expect(await page.getByTestId('flow-table-range').textContent()).toContain(`Routes 1 to 200 of ${num.format(flows.length)}`);
    // G0001 is in no other group's name (G0010 is G001-0).
    const mine = flows.filter((f) => f.from.includes('G0001') || f.to.includes('G0001'));
    await page.locator('input[name="flow-search"]').fill('g0001');
    await page.getByTestId('flow-table-range').filter({ hasText: `of ${num.format(mine.length)} matching` }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(Math.min(mine.length, 200));

    const filter = page.locator('form.filters input[name="department"]');
    expect(await filter.getAttribute('list')).toBe('filter-department-options');
    expect(await page.locator('#filter-department-options option').count()).toBe((await (await server.fetch('/api/filter-options')).json()).departments.length);
    await filter.fill('G0001');
    await filter.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('department') === 'G0001');

    // Settings lists the unmapped groups 50 at a time, and finds one by name.
    const { unmappedGroups } = (await (await server.fetch('/api/settings')).json()) as { unmappedGroups: unknown[] };
    await page.goto(`${server.url}/settings`);
    const groups = page.getByTestId('unmapped-groups');
    await groups.waitFor();
    expect(await groups.locator('tbody tr').count()).toBe(50);
    expect(await page.getByTestId('unmapped-groups-range').textContent()).toContain(`Groups 1 to 50 of ${num.format(unmappedGroups.length)}`);
    await page.locator('input[name="group-search"]').fill('G0001');
    await page.getByTestId('unmapped-groups-range').filter({ hasText: 'Groups 1 to 1 of 1 matching' }).waitFor();
    expect(await groups.locator('tbody tr td:first-child').first().textContent()).toContain('G0001');
    expect(errors).toEqual([]);
  }, 180_000);
});
