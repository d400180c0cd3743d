/**
 * Every page, for every role, read by axe-core (the `axe-core` package injected into the
 * page, as a browser extension would) at a laptop width (1366 px) and a phone width
 * (390 px): no violation of any impact, no sideways scroll at 390 px, and no request that
 * fails. Pages are those the role's navigation offers, plus a department page and a
 * ticket page for the admin; the sign-in page is read before anyone signs in, and the
 * new-password page that a temporary password from an admin leads to.
 *
 * The keyboard: the overview's charts are one tab stop each, moved through with the arrow keys;
 * the hidden file input of "Choose a file" rings its button; the upload preview's sample table,
 * wider than a phone, is a named region that takes focus.
 *
 * Each role has its own browser (its own cookies): a signed-in context is sent away from
 * /signin, so one shared context would leave the next role without a sign-in form.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, watchErrors } from './helpers/browser.ts';
import { E2E_ADMIN, startServer, type RunningServer } from './helpers/server.ts';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const WIDTHS = [1366, 390] as const;

let server: RunningServer;
const PASSWORD = 'a long enough pass phrase 2026';
const PEOPLE = {
  leader: { email: 'cio@district.test', role: 'leader', departments: [] as string[] },
  department_head: {
    email: 'payroll.head@district.test',
    role: 'department_head',
    departments: ['Payroll'],
  },
  uploader: { email: 'it.uploads@district.test', role: 'uploader', departments: [] as string[] },
};

beforeAll(async () => {
  server = await startServer();
  for (const p of Object.values(PEOPLE)) {
    const made = await server.fetch('/api/auth/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: p.email,
        password: PASSWORD,
        role: p.role,
        departments: p.departments,
      }),
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
  await page.waitForFunction(
    () => !document.querySelector('main [data-loading], main .loading'),
    undefined,
    { timeout: 60_000 },
  );
}

async function axeFindings(page: Page, path: string, width: number): Promise<Finding[]> {
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            c: Document,
            o: object,
          ) => Promise<{
            violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as { id: string; impact: string | null; nodes: { target: string[] }[] }[];
  const findings: Finding[] = violations.map((v) => ({
    page: path,
    width,
    rule: v.id,
    impact: v.impact,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > width)
    findings.push({
      page: path,
      width,
      rule: 'sideways-scroll',
      impact: 'serious',
      nodes: [`page is ${wide} px wide`],
    });
  return findings;
}

/**
 * Loads the page once at the laptop width and reads it, then narrows the window to the phone
 * width and reads it again (one load per page keeps the run short; the pages lay themselves
 * out again on resize, as they do when a tablet turns).
 */
async function audit(page: Page, path: string): Promise<Finding[]> {
  await page.setViewportSize({ width: WIDTHS[0], height: 900 });
  await page.goto(`${server.url}${path}`);
  await settled(page);
  await page.addScriptTag({ content: axeSource });
  const findings = await axeFindings(page, path, WIDTHS[0]);
  await page.setViewportSize({ width: WIDTHS[1], height: 900 });
  // Two frames: the resize observers run, then the page paints at the new width.
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  findings.push(...(await axeFindings(page, path, WIDTHS[1])));
  return findings;
}

/** Signs a fresh browser in as this person and audits every page at both widths. */
async function auditRole(
  email: string,
  password: string,
  extra: (page: Page) => Promise<string[]>,
): Promise<{ paths: string[]; findings: Finding[]; failed: string[] }> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(90_000);
    const failed = watchErrors(page);
    page.on('response', (r) => {
      if (r.status() >= 400)
        failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    await signIn(page, email, password);
    const landing = new URL(page.url()).pathname;
    const paths = [...new Set([landing, ...(await pagesOffered(page)), ...(await extra(page))])];
    const findings: Finding[] = [];
    for (const path of paths) findings.push(...(await audit(page, path)));
    return { paths, findings, failed };
  } finally {
    await browser.close();
  }
}

const none = async () => [];

describe('accessibility, by role and width', () => {
  it('the sign-in page, and the new-password page a temporary password leads to, meet none', async () => {
    const invited = await server.fetch('/api/admin/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'new.principal@district.test', role: 'leader' }),
    });
    expect(invited.status).toBe(201);
    const { temporaryPassword } = (await invited.json()) as { temporaryPassword: string };
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const failed = watchErrors(page);
      const findings = await audit(page, '/signin');
      await signIn(page, 'new.principal@district.test', temporaryPassword);
      expect(new URL(page.url()).pathname).toBe('/password');
      findings.push(...(await audit(page, '/password')));
      expect({ findings, failed }).toEqual({ findings: [], failed: [] });
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('an admin meets none on any page', async () => {
    const listed = await server.fetch('/api/tickets?limit=1');
    expect(listed.status).toBe(200);
    const { tickets } = (await listed.json()) as {
      tickets: { source: string; ticketId: string }[];
    };
    expect(tickets).toHaveLength(1);
    const ticket = `/tickets/${encodeURIComponent(tickets[0]!.source)}/${encodeURIComponent(tickets[0]!.ticketId)}`;
    const { paths, findings, failed } = await auditRole(
      E2E_ADMIN.email,
      E2E_ADMIN.password,
      async () => ['/departments/Payroll', ticket],
    );
    expect(paths).toHaveLength(17);
    expect({ findings, failed }).toEqual({ findings: [], failed: [] });
  }, 600_000);

  it('a department head meets none on her pages', async () => {
    const { paths, findings, failed } = await auditRole(
      PEOPLE.department_head.email,
      PASSWORD,
      none,
    );
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

  it("the overview's charts are one tab stop each, and upload shows its focus and scrolls by keyboard", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(90_000);
      const failed = watchErrors(page);
      await server.signIn(page);
      await page.setViewportSize({ width: 1366, height: 900 });
      await settled(page);
      // Tab from the top of the page to the first ownership-gap link. The 45 stops: skip link,
      // brand, 15 navigation links and Sign out (18); the filter bar's 13 controls (31); the
      // misrouted and redirected links (33); "How hours and cost are counted" (34); three
      // "see them" links and the What-if link under What to fix first (38); By week, By month
      // (40); the trend chart (41) and its table's summary (42); the routing chart (43) and
      // its table's summary (44); the first gap link (45). Each chart was one stop per week or band.
      const stops: string[] = [];
      for (let i = 0; i < 300; i++) {
        await page.keyboard.press('Tab');
        const at = await page.evaluate(() => {
          const el = document.activeElement!;
          return {
            inGaps: !!el.closest('[data-testid="top-gaps"]'),
            name: el.getAttribute('href') ?? el.textContent?.trim().slice(0, 30) ?? el.tagName,
          };
        });
        stops.push(at.name);
        if (at.inGaps) break;
      }
      expect(stops.length).toBe(45);

      // Inside the trend chart the arrow keys, Home and End move between the weeks.
      const trend = page
        .locator('figure')
        .filter({ has: page.getByRole('group', { name: /^Tickets per week/ }) });
      const weeks = await trend
        .locator('a[href]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(weeks.length).toBeGreaterThan(2);
      expect(await trend.locator('a[tabindex="0"]').count()).toBe(1);
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute('href'));
      await trend.locator('a[tabindex="0"]').focus();
      expect(await focused()).toBe(weeks[0]);
      await page.keyboard.press('ArrowRight');
      expect(await focused()).toBe(weeks[1]);
      await page.keyboard.press('End');
      expect(await focused()).toBe(weeks.at(-1));
      await page.keyboard.press('Home');
      expect(await focused()).toBe(weeks[0]);

      // "Choose a file" is a label around a hidden input: focusing the input rings the label.
      await page.goto(`${server.url}/upload`);
      await settled(page);
      const choose = page.locator('label', { hasText: 'Choose a file' });
      const ring = () =>
        choose.evaluate(
          (el) => `${getComputedStyle(el).outlineStyle} ${getComputedStyle(el).outlineWidth}`,
        );
      expect(await ring()).toMatch(/^none /);
      for (
        let i = 0;
        i < 40 &&
        !(await page.evaluate(
          () => (document.activeElement as HTMLInputElement | null)?.type === 'file',
        ));
        i++
      )
        await page.keyboard.press('Tab');
      expect(await ring()).toBe('solid 3px');

      // The preview of a ten-column export, read at both widths: its sample table scrolls
      // sideways at 390 px and is then a named region in the tab order.
      const file = join(mkdtempSync(join(tmpdir(), 'switchboard-a11y-')), 'wide-export.csv');
      writeFileSync(
        file,
        'Case ID,Opened,Queue,School,Subject,Requester email,Priority,Category,Channel,Resolution notes\nC-1,2024-08-19T13:00:00Z,Service Desk,Lincoln Elementary,Stipend missing from paycheck,teacher.one@district.test,High,Payroll,Email,Forwarded to payroll for the August run\n',
      );
      await page.locator('input[type="file"]').setInputFiles(file);
      await page.getByTestId('preview').waitFor();
      await page.addScriptTag({ content: axeSource });
      const findings = await axeFindings(page, '/upload (preview)', 1366);
      await page.setViewportSize({ width: 390, height: 900 });
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
      findings.push(...(await axeFindings(page, '/upload (preview)', 390)));
      expect({ findings, failed }).toEqual({ findings: [], failed: [] });
      const sample = page.getByRole('region', { name: 'First rows of the file' });
      expect(await sample.getAttribute('tabindex')).toBe('0');
      await sample.focus();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(
        () => document.querySelector('[aria-label="First rows of the file"]')!.scrollLeft > 0,
      );
    } finally {
      await browser.close();
    }
  }, 180_000);
});
