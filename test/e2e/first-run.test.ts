/**
 * A fresh install's first visit: nobody has an account, so any page leads to /setup; the
 * person who creates the first admin account is signed in as that admin and lands on the
 * overview; from then on /setup is refused, in the browser and at the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot, watchErrors } from './helpers/browser.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
let browser: BrowserContext;
const FIRST_ADMIN = { email: 'it.director@district.test', name: 'IT Director', password: 'first admin of the district' };

beforeAll(async () => {
  server = await startServer({ firstAdmin: false, args: ['--no-demo'] });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop({ killAfterMs: 20_000 });
});

describe('the first visit to a fresh install', () => {
  it('leads to setup, signs the first admin in, then refuses setup', async () => {
    const before = (await (await fetch(`${server.url}/api/auth/session`)).json()) as { setupNeeded: boolean; user: unknown };
    expect(before).toMatchObject({ setupNeeded: true, user: null });

    const page = await browser.newPage();
    page.setDefaultTimeout(60_000);
    const errors = watchErrors(page);
    await page.goto(`${server.url}/departments`);
    await page.waitForURL((u) => u.pathname === '/setup');
    await page.getByRole('heading', { name: 'Create the first admin account' }).waitFor();
    await screenshot(page, 'first-run-setup');

    await page.getByLabel('Email').fill(FIRST_ADMIN.email);
    await page.getByLabel('Name').fill(FIRST_ADMIN.name);
    await page.getByLabel('Password (12 characters or more)').fill(FIRST_ADMIN.password);
    await page.getByLabel('Password again').fill(FIRST_ADMIN.password);
    await page.getByRole('button', { name: 'Create the admin account' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByText('No tickets yet: upload an export.').waitFor();

    // Signed in as that admin: the session says so, and admin pages answer.
    const session = await page.evaluate(async () => (await fetch('/api/auth/session')).json());
    expect(session).toMatchObject({ setupNeeded: false, user: { email: FIRST_ADMIN.email, role: 'admin' } });
    expect(await page.evaluate(async () => (await fetch('/api/auth/users')).status)).toBe(200);

    // Setup is over: the page sends the admin home, and the API refuses a second first admin.
    await page.goto(`${server.url}/setup`);
    await page.waitForURL((u) => u.pathname === '/');
    const again = await fetch(`${server.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'intruder@elsewhere.test', password: 'another admin password', displayName: 'Intruder' }),
    });
    expect(again.status).toBe(409);
    // A visitor who is not signed in is sent to sign in, not to setup.
    await browser.clearCookies();
    await page.goto(`${server.url}/setup`);
    await page.waitForURL((u) => u.pathname === '/signin');
    expect(errors).toEqual([]);
  });
});
