/**
 * The board report's HTML on a small synthetic district (3,000 tickets, July 2024 to June
 * 2025), with one request type renamed to carry markup, as ticket text can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { readSettings } from '#core/settings.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { buildReport } from './report.ts';
import { buildDecisionSections, decisionSectionsToMarkdown, type DecisionSections } from './decision-sections.ts';
import { loadBoardContext, type BoardContext } from './board-context.ts';
import { boardReportHtml, GENERIC_TITLE } from './board-html.ts';

const MARKUP = '<img src=x onerror=alert(1)> Clock / bell';
let db: Database;
let html: string;
let decisions: DecisionSections;
let context: BoardContext;

beforeAll(async () => {
  db = await Database.open(':memory:');
  await writeDistrictToDatabase(db, { tickets: 3000, seed: 11 });
  // The costliest ownership gap of this district, so it is in the table's top rows.
  await db.run("UPDATE tickets SET request_type = $1 WHERE request_type = 'Facilities / Clock / bell'", [MARKUP]);
  const settings = await readSettings(db);
  const report = await buildReport(db, {}, settings);
  decisions = await buildDecisionSections(db, {}, settings);
  context = await loadBoardContext(db, {}, settings);
  html = boardReportHtml({ report, decisions, context });
});
afterAll(() => db.close());

const section = (id: string) => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</section>', html.indexOf(`id="${id}"`)));

describe('the board report HTML', () => {
  it('has the generic title, as no district name is set', () => {
    expect(html).toContain(`<h1>${GENERIC_TITLE}</h1>`);
  });

  it('puts the executive summary before the detail', () => {
    expect(html.indexOf('id="executive-summary"')).toBeLessThan(html.indexOf('id="detail"'));
  });

  it('lists the three actions that save most, each with its yearly cost as the Markdown report writes it', () => {
    const items = [...section('executive-summary').matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]);
    const markdownCosts = decisionSectionsToMarkdown(decisions, 'USD').split('\n').filter((l) => /^\d\. /.test(l)).map((l) => /and (\S+ USD) a year/.exec(l)![1]);
    expect(items.map((li) => /<span class="saving">(\S+ USD) a year<\/span>/.exec(li)![1])).toEqual(markdownCosts);
  });

  it('gives the period and the data-through time: the last event, 2025-07-13 16:06 UTC, in Chicago', () => {
    expect(html).toContain('Period: <span class="period">2024-07-01 to 2025-06-30</span> · Data through <span class="data-through">2025-07-13 11:06</span> (America/Chicago)');
  });

  it('draws the trend with one column per month, July 2024 to June 2025', () => {
    const trend = section('detail').split('</figure>')[0];
    expect(trend.match(/<g class="col">/g)).toHaveLength(12);
  });

  it('escapes the markup in a request type', () => {
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; Clock / bell');
    expect(html).not.toContain('<img');
  });

  it('holds no script and loads nothing from elsewhere', () => {
    expect(html.match(/<script|<[^>]*\s(src|href)=/gi)).toBeNull();
  });

  it('names the imports it came from', () => {
    expect(context.sources).toEqual([{ source: 'demo', file_name: null }]);
    expect(section('detail')).toContain('<ul class="sources"><li>demo</li></ul>');
  });
});
