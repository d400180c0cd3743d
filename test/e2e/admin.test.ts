/**
 * An admin's journey on /admin while the server runs (the demo district): she invites the
 * Payroll director as a department head, choosing Payroll from the department list, and is
 * shown a temporary password once; renames a department; sets the district's time zone;
 * and finds each change in the audit log, newest first, after a Settings change made before. No request fails and the console
 * stays clean on the way. The director then signs in with the temporary password in her own
 * browser, is asked to choose her own password, and lands on Payroll's page. Then
 * `switchboard users`, finding the database locked by the server, changes the director's
 * role through the server's API.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, watchErrors } from './helpers/browser.ts';
import { E2E_ADMIN, startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
let browser: BrowserContext;
const HEAD = 'payroll.director@district.test';
let temporaryPassword = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Administration', () => {
  it('invites a department head, renames a department, sets the time zone, and shows each in the audit log', async () => {
    const { departments } = (await (await server.fetch('/api/admin/departments')).json()) as { departments: { department: string; tickets: number }[] };
    const payroll = departments.find((d) => d.department === 'Payroll')!;
    expect(payroll.tickets).toBeGreaterThan(0);
    const from = departments.find((d) => d.department !== 'Payroll')!.department;
    const to = `${from} Services`;
    // A Settings change (the triage minutes) belongs in the same log.
    const cost = await server.fetch('/api/settings/cost', {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ triageMinutes: 20, touchMinutes: 6, defaultHourlyRate: 42, currency: 'USD' }),
    });
    expect(cost.status).toBe(200);

    const page: Page = await browser.newPage();
    page.setDefaultTimeout(90_000);
    const errors = watchErrors(page);
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    await server.signIn(page, '/admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).waitFor();
    await page.getByTestId('users').getByText(E2E_ADMIN.email).waitFor();

    // Invite: the Payroll director, Payroll chosen from the list.
    const invite = page.getByTestId('invite');
    await invite.getByLabel('Email').fill(HEAD);
    await invite.getByLabel('Role').selectOption('department_head');
    await invite.getByRole('checkbox', { name: 'Payroll', exact: true }).check();
    await invite.getByRole('button', { name: 'Invite' }).click();
    await page.getByTestId('temporary-password').waitFor();
    expect(await page.getByTestId('admin-message').textContent()).toBe(`Invited ${HEAD} as department head of Payroll.`);
    const password = (await page.getByTestId('temporary-password').locator('code').textContent())!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    temporaryPassword = password;
    await page.getByTestId('users').getByText(HEAD).waitFor();
    const headRow = page.getByTestId('users').getByRole('row').filter({ hasText: HEAD });
    expect(await headRow.locator('td').nth(2).textContent()).toBe('active; has not yet chosen a password');

    // Rename a department.
    const row = page.getByTestId('departments').getByRole('row').filter({ has: page.getByRole('rowheader', { name: from, exact: true }) });
    await row.getByLabel(`New name for ${from}`).fill(to);
    await row.getByRole('button', { name: 'Apply' }).click();
    await page.getByTestId('admin-message').filter({ hasText: `${from} renamed to ${to}.` }).waitFor();
    await page.getByTestId('departments').getByRole('rowheader', { name: to, exact: true }).waitFor();
    expect(await page.getByTestId('departments').getByRole('rowheader', { name: from, exact: true }).count()).toBe(0);

    // The district's time zone.
    const district = page.getByTestId('district');
    await district.getByLabel('Time zone').fill('America/New_York');
    await district.getByRole('button', { name: 'Save district settings' }).click();
    await page.getByTestId('admin-message').filter({ hasText: 'District settings saved' }).waitFor();

    // The audit log, newest first.
    const audit = page.getByTestId('audit');
    await audit.getByText('district.update').waitFor();
    const rows = await audit.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)));
    expect(rows.slice(0, 4)).toEqual([
      [E2E_ADMIN.email, 'district.update', 'district', 'timeZone: America/Chicago -> America/New_York'],
      [E2E_ADMIN.email, 'department.rename', from, expect.stringMatching(new RegExp(`^renamed to ${to} \\(\\d+ groups, \\d+ request types, 0 department heads\\)$`))],
      [E2E_ADMIN.email, 'user.invite', HEAD, 'invited as department_head of Payroll'],
      [E2E_ADMIN.email, 'settings.cost', 'cost', 'triageMinutes: 15 -> 20'],
    ]);
    await screenshot(page, 'admin');
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('has the invited director choose her own password at first sign-in, then shows her Payroll', async () => {
    const own = await launchBrowser();
    try {
      const page = await own.newPage();
      page.setDefaultTimeout(90_000);
      const errors = watchErrors(page);
      const failed: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
      });
      await page.goto(`${server.url}/signin`);
      await page.getByLabel('Email').fill(HEAD);
      await page.getByLabel('Password').fill(temporaryPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();

      // Sent to the new-password form, with nothing else on offer.
      const required = page.getByTestId('password-required');
      await required.waitFor();
      expect(new URL(page.url()).pathname).toBe('/password');
      expect(await required.textContent()).toContain(`You signed in as ${HEAD} with a temporary password from an administrator.`);
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').count()).toBe(0);
      // Any other page leads back to the form.
      await page.goto(`${server.url}/departments/Payroll`);
      await required.waitFor();
      expect(new URL(page.url()).pathname).toBe('/password');

      // The temporary password again is refused by the server, in words.
      const form = page.locator('form');
      await form.getByLabel('Temporary password').fill(temporaryPassword);
      await form.getByLabel('New password (12 characters or more)').fill(temporaryPassword);
      await form.getByLabel('New password again').fill(temporaryPassword);
      await form.getByRole('button', { name: 'Save my password' }).click();
      expect(await page.getByTestId('password-error').textContent()).toBe('the new password must differ from the one you were given');

      await form.getByLabel('New password (12 characters or more)').fill('heron over the mill pond');
      await form.getByLabel('New password again').fill('heron over the mill pond');
      await form.getByRole('button', { name: 'Save my password' }).click();
      // Her page: Payroll's, with the navigation back.
      await page.getByTestId('inbound-share').waitFor();
      expect(decodeURIComponent(new URL(page.url()).pathname)).toBe('/departments/Payroll');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Departments' }).waitFor();
      await screenshot(page, 'admin-first-password');
      expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
      // The one refusal above is the only failed request: the form's page asked for nothing it may not have.
      expect(failed).toEqual(['400 POST /api/auth/password']);
    } finally {
      await own.close();
    }
    const [latest] = ((await (await server.fetch('/api/admin/audit')).json()) as { entries: { actor: string; action: string; detail: string }[] }).entries;
    expect(latest).toMatchObject({ actor: HEAD, action: 'user.choose-password', detail: 'chose their own password in place of the temporary one' });
  });

  it('lets switchboard users work through the running server when it holds the database', async () => {
    expect(existsSync(`${server.dbPath}.server`)).toBe(true);
    const cli = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, ['bin/switchboard.js', 'users', ...args, '--db', server.dbPath], {
        cwd: join(import.meta.dirname, '..', '..'),
        env: { ...process.env, SWITCHBOARD_ADMIN_EMAIL: E2E_ADMIN.email, SWITCHBOARD_ADMIN_PASSWORD: E2E_ADMIN.password, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const typo = cli(['set-role', '--email', HEAD, '--role', 'department_head', '--departments', 'Payrol']);
    expect([typo.status, typo.stderr.trim()]).toEqual([1, 'switchboard users: No department named Payrol. Did you mean Payroll?']);
    const changed = cli(['set-role', '--email', HEAD, '--role', 'leader']);
    expect([changed.status, changed.stdout.trim()]).toEqual([0, `${HEAD} is now leader; their sessions ended`]);
    const list = cli(['list']);
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n').filter(Boolean)).toEqual([`${E2E_ADMIN.email}\tadmin\t\tactive`, `${HEAD}\tleader\t\tactive`]);
    const [latest] = ((await (await server.fetch('/api/admin/audit')).json()) as { entries: { actor: string; action: string; detail: string }[] }).entries;
    expect(latest).toMatchObject({ actor: E2E_ADMIN.email, action: 'user.change', detail: 'department_head of Payroll -> leader' });
  });
});
