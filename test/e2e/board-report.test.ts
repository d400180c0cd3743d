/**
 * The board report printed by the system Chromium, on a 3,000-ticket synthetic district:
 * a real PDF of a few pages, and no page left more than half empty. The fill is read from
 * the PDF itself: each page's content stream is inflated and its drawing operators walked
 * (a small interpreter of q/Q/cm, rectangles, lines and text positions) to find the lowest
 * mark above the footer. A screenshot of page 1, rendered with print media at the page's
 * printable size, is saved beside the other e2e screenshots for a person to look at.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { readSettings } from '#core/settings.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { buildReport } from '#analysis/report/report.ts';
import { buildDecisionSections } from '#analysis/report/decision-sections.ts';
import { loadBoardContext } from '#analysis/report/board-context.ts';
import { boardReportHtml } from '#analysis/report/board-html.ts';
import { PAGE, printPdf } from '#dashboard/server/pdf/print-pdf.ts';
import { launchBrowser, SCREENSHOT_DIR } from './helpers/browser.ts';

const PT_PER_IN = 72;
const inches = (s: string) => Number(s.replace('in', ''));

interface PdfPage { width: number; height: number; content: string }

/** The pages of a PDF as Chromium (Skia) writes it: objects in the clear, content streams deflated. */
function pdfPages(pdf: Buffer): PdfPage[] {
  const text = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: Buffer | null }>();
  for (const m of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2];
    const s = /stream\r?\n/.exec(body);
    const start = m.index! + m[0].indexOf(body) + (s ? s.index + s[0].length : 0);
    const end = s ? start + body.slice(s.index + s[0].length).lastIndexOf('endstream') : start;
    objects.set(Number(m[1]), { dict: s ? body.slice(0, s.index) : body, stream: s ? pdf.subarray(start, end) : null });
  }
  const root = [...objects.values()].find((o) => /\/Type\s*\/Pages\b/.test(o.dict) && !/\/Parent/.test(o.dict))!;
  const kids = [.../\/Kids\s*\[([^\]]*)\]/.exec(root.dict)![1].matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));
  return kids.map((id) => {
    const page = objects.get(id)!.dict;
    const box = (/\/MediaBox\s*\[([^\]]*)\]/.exec(page) ?? /\/MediaBox\s*\[([^\]]*)\]/.exec(root.dict))![1].trim().split(/\s+/).map(Number);
    const contents = /\/Contents\s*(\d+) 0 R/.exec(page)!;
    const stream = objects.get(Number(contents[1]))!;
    const raw = stream.stream!.subarray(0, Number(/\/Length\s+(\d+)/.exec(stream.dict)?.[1] ?? stream.stream!.length));
    const content = (/\/FlateDecode/.test(stream.dict) ? inflateSync(raw) : raw).toString('latin1');
    return { width: box[2] - box[0], height: box[3] - box[1], content };
  });
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number) => m[1] * x + m[3] * y + m[5];

/** The y (PDF points from the bottom) of every painted rectangle, line and text run of a page. */
function markedYs(content: string): number[] {
  const ys: number[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let tm: Matrix = [1, 0, 0, 1, 0, 0];
  let path: number[] = [];
  let nums: number[] = [];
  for (const token of content.split(/\s+|(?=\[)|(?<=\])/)) {
    if (/^-?[\d.]+$/.test(token)) { nums.push(Number(token)); continue; }
    const n = nums;
    nums = [];
    switch (token) {
      case 'q': stack.push(ctm); break;
      case 'Q': ctm = stack.pop()!; break;
      case 'cm': ctm = multiply(n.slice(-6) as Matrix, ctm); break;
      case 're': { const [x, y, , h] = n.slice(-4); path.push(apply(ctm, x, y), apply(ctm, x, y + h)); break; }
      case 'm': case 'l': { const [x, y] = n.slice(-2); path.push(apply(ctm, x, y)); break; }
      case 'f': case 'f*': case 'S': case 's': case 'B': case 'B*': case 'b': ys.push(...path); path = []; break;
      case 'n': path = []; break; // a clip, not a mark
      case 'BT': tm = [1, 0, 0, 1, 0, 0]; break;
      case 'Tm': tm = n.slice(-6) as Matrix; break;
      case 'Td': { const [tx, ty] = n.slice(-2); tm = multiply([1, 0, 0, 1, tx, ty], tm); break; }
      case 'Tj': case 'TJ': ys.push(apply(multiply(tm, ctm), 0, 0)); break;
    }
  }
  return ys;
}

let html: string;
let pdf: Buffer;
let printSeconds: number;

beforeAll(async () => {
  const db = await Database.open(':memory:');
  try {
    await writeDistrictToDatabase(db, { tickets: 3000, seed: 11 });
    const settings = await readSettings(db);
    const [report, decisions, context] = await Promise.all([buildReport(db, {}, settings), buildDecisionSections(db, {}, settings), loadBoardContext(db, {}, settings)]);
    html = boardReportHtml({ report, decisions, context });
  } finally {
    await db.close();
  }
  const started = performance.now();
  pdf = await printPdf(html, { footerLabel: 'Switchboard coordination report' });
  printSeconds = (performance.now() - started) / 1000;
  writeFileSync(join(SCREENSHOT_DIR, '..', 'board-report.pdf'), pdf);
}, 30_000);

describe('the board report as a PDF', () => {
  it('is a PDF of 2 to 8 Letter pages, printed in under 15 s', () => {
    const pages = pdfPages(pdf);
    console.log(`board report: ${pages.length} pages, ${pdf.length} bytes, printed in ${printSeconds.toFixed(1)} s`);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeLessThanOrEqual(8);
    expect(pages.map((p) => [p.width, p.height])).toEqual(pages.map(() => [612, 792]));
    expect(printSeconds).toBeLessThan(15);
  });

  it('fills more than half of every page, the last one too', () => {
    const pages = pdfPages(pdf);
    const top = 792 - inches(PAGE.margin.top) * PT_PER_IN;
    const bottom = inches(PAGE.margin.bottom) * PT_PER_IN;
    // The footer (page numbers) is drawn in the bottom margin: only marks above it count.
    const fill = pages.map((p) => (top - Math.min(...markedYs(p.content).filter((y) => y > bottom - 1))) / (top - bottom));
    console.log(`board report: page fill ${fill.map((f) => `${Math.round(f * 100)} %`).join(', ')}`);
    expect(fill.filter((f) => f <= 0.5)).toEqual([]);
  });

  it('renders page 1 for a person to look at (test-output/screenshots/board-report-page1.png)', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const px = (s: string) => inches(s) * 96;
      await page.setViewportSize({ width: Math.round(px(PAGE.width) - px(PAGE.margin.left) - px(PAGE.margin.right)), height: Math.round(px(PAGE.height) - px(PAGE.margin.top) - px(PAGE.margin.bottom)) });
      await page.emulateMedia({ media: 'print' });
      await page.setContent(html);
      expect(await page.locator('h2').first().textContent()).toBe('Executive summary');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'board-report-page1.png') });
    } finally {
      await browser.close();
    }
  });
});
