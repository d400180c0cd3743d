/**
 * Every page, for every role, read by axe-core (the `axe-core` package injected into the
 * page, as a browser extension would) at a laptop width (1366 px) and a phone width
 * (390 px): no violation of any impact, no sideways scroll at 390 px, and no request that
 * fails. Pages are those the role's navigation offers, plus a department page and a
 * ticket page for the admin; the sign-in page is read before anyone signs in.
 *
 * Each role has its own browser (its own cookies): a signed-in context is sent away from
 * /signin, so one shared context would leave the next role without a sign-in form.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, watchErrors } from './helpers/browser.ts';
import { E2E_ADMIN, startServer, type RunningServer } from './helpers/server.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = [1366, 390] as const;

let server: RunningServer;
const PASSWORD = 'a long enough pass phrase 2026';
const PEOPLE = {
  leader: { email: 'cio@district.test', role: 'leader', departments: [] as string[] },
  department_head: { email: 'payroll.head@district.test', role: 'department_head', departments: ['Payroll'] },
  uploader: { email: 'it.uploads@district.test', role: 'uploader', departments: [] as string[] },
};

beforeAll(async () => {
  server = await startServer();
  for (const p of Object.values(PEOPLE)) {
    const made = await server.fetch('/api/auth/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: p.email, password: PASSWORD, role: p.role, departments: p.departments }),
    });
    expect(made.status).toBe(201);
  }
}, 240_000);
afterAll(async () => {
  await server?.stop();
});

interface Finding {
  page: string;
  width: number;
  rule: string;
  impact: string | null;
  nodes: string[];
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname !== '/signin');
}

/** The paths the main navigation offers this person. */
async function pagesOffered(page: Page): Promise<string[]> {
  const hrefs = await page
    .getByRole('navigation', { name: 'Main' })
    .locator('a')
    .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  return [...new Set(hrefs)];
}

/** Waits for the page's figures: no request in flight and no "Loading" status left on screen. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('main [data-loading], main .loading'), undefined, { timeout: 60_000 });
}

async function audit(page: Page, path: string, width: number): Promise<Finding[]> {
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${server.url}${path}`);
  await settled(page);
  await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  const findings: Finding[] = violations.map((v) => ({ page: path, width, rule: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  if (width <= 390) {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    if (wide > width) findings.push({ page: path, width, rule: 'sideways-scroll', impact: 'serious', nodes: [`page is ${wide} px wide`] });
  }
  return findings;
}

/** Signs a fresh browser in as this person and audits every page at both widths. */
async function auditRole(email: string, password: string, extra: (page: Page) => Promise<string[]>): Promise<{ paths: string[]; findings: Finding[]; failed: string[] }> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(90_000);
    const failed = watchErrors(page);
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    await signIn(page, email, password);
    const landing = new URL(page.url()).pathname;
    const paths = [...new Set([landing, ...(await pagesOffered(page)), ...(await extra(page))])];
    const findings: Finding[] = [];
    for (const width of WIDTHS) for (const path of paths) findings.push(...(await audit(page, path, width)));
    return { paths, findings, failed };
  } finally {
    await browser.close();
  }
}

const none = async () => [];

describe('accessibility, by role and width', () => {
  it('the sign-in page meets no axe violation and no sideways scroll', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const failed = watchErrors(page);
      const findings: Finding[] = [];
      for (const width of WIDTHS) findings.push(...(await audit(page, '/signin', width)));
      expect({ findings, failed }).toEqual({ findings: [], failed: [] });
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('an admin meets none on any page', async () => {
    const listed = await server.fetch('/api/tickets?limit=1');
    expect(listed.status).toBe(200);
    const { tickets } = (await listed.json()) as { tickets: { source: string; ticketId: string }[] };
    expect(tickets).toHaveLength(1);
    const ticket = `/tickets/${encodeURIComponent(tickets[0]!.source)}/${encodeURIComponent(tickets[0]!.ticketId)}`;
    const { paths, findings, failed } = await auditRole(E2E_ADMIN.email, E2E_ADMIN.password, async () => ['/departments/Payroll', ticket]);
    expect(paths).toHaveLength(17);
    expect({ findings, failed }).toEqual({ findings: [], failed: [] });
  }, 600_000);

  it('a department head meets none on her pages', async () => {
    const { paths, findings, failed } = await auditRole(PEOPLE.department_head.email, PASSWORD, none);
    expect(paths[0]).toBe('/departments/Payroll');
    expect({ findings, failed }).toEqual({ findings: [], failed: [] });
  }, 400_000);

  it('an uploader meets none on his pages', async () => {
    const { findings, failed } = await auditRole(PEOPLE.uploader.email, PASSWORD, none);
    expect({ findings, failed }).toEqual({ findings: [], failed: [] });
  }, 400_000);

  it('a leader meets none on hers', async () => {
    const { findings, failed } = await auditRole(PEOPLE.leader.email, PASSWORD, none);
    expect({ findings, failed }).toEqual({ findings: [], failed: [] });
  }, 400_000);
});
