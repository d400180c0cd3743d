/**
 * Prints a self-contained HTML document to PDF bytes with the system Chromium, driven by
 * playwright-core (never a downloaded browser). The page gets the HTML through setContent
 * and has no network: the document must carry its own CSS and SVG. Every print is bounded
 * in time and closes its browser, also when it fails, so a stuck Chromium never outlives
 * the request or the delivery that asked for it.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
export const PRINT_TIMEOUT_MS = 30_000;

/** Letter with these margins: the footer with the page numbers sits in the bottom one. */
export const PAGE = { width: '8.5in', height: '11in', margin: { top: '0.6in', right: '0.6in', bottom: '0.7in', left: '0.6in' } } as const;

export class ChromiumMissingError extends Error {
  readonly code = 'SB_ERR_CHROMIUM_MISSING';
}

export interface PrintOptions {
  /** The Chromium executable; default $SWITCHBOARD_CHROMIUM, else /usr/bin/chromium. */
  executablePath?: string;
  timeoutMs?: number;
  /** Small grey text left of the page number in each page's footer (escaped here). */
  footerLabel?: string;
}

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SWITCHBOARD_CHROMIUM || DEFAULT_CHROMIUM;
}

/** Whether a Chromium executable is there to print with. */
export function chromiumAvailable(path: string = chromiumPath()): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const escapeHtml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Chromium fills the spans with the classes pageNumber and totalPages in each footer. */
export function footerTemplate(label = ''): string {
  return `<div style="width:100%;font:8px system-ui,sans-serif;color:#666;padding:0 0.6in;display:flex;justify-content:space-between">` +
    `<span>${escapeHtml(label)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

/** The launch flags that keep the system Chromium off the network (see test/e2e/helpers/browser.ts). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function printPdf(html: string, options: PrintOptions = {}): Promise<Buffer> {
  const executablePath = options.executablePath ?? chromiumPath();
  if (!chromiumAvailable(executablePath)) {
    throw new ChromiumMissingError(
      `no Chromium at ${executablePath}: install it (Debian/Ubuntu: apt-get install -y chromium) or set SWITCHBOARD_CHROMIUM to its path`,
    );
  }
  const timeoutMs = options.timeoutMs ?? PRINT_TIMEOUT_MS;
  // Loaded on demand: only a print needs it, and a server without it still starts.
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'switchboard-print-'));
  let timer: NodeJS.Timeout | undefined;
  const launching = chromium.launchPersistentContext(profile, { executablePath, headless: true, timeout: timeoutMs, args: CHROMIUM_ARGS, offline: true, javaScriptEnabled: false });
  const work = async () => {
    const context = await launching;
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(timeoutMs);
    // No scripts, no network: a request from the document (there should be none) is refused.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return page.pdf({
      format: 'Letter',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footerTemplate(options.footerLabel),
      margin: PAGE.margin,
    });
  };
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => (timedOut = true, reject(new Error(`printing the PDF took longer than ${Math.round(timeoutMs / 1000)} s`))), timeoutMs);
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
    // A launch still under way when time ran out is closed once it settles (its own timeout bounds it).
    const closed = launching.then((c) => c.close(), () => undefined).catch(() => undefined)
      .finally(() => rmSync(profile, { recursive: true, force: true }));
    if (!timedOut) await closed;
  }
}
