/**
 * The board report's HTML on a small synthetic district (3,000 tickets, July 2024 to June
 * 2025), with every request type renamed to begin with markup, as ticket text can, and
 * one comment written after everything else, so "data through" is a time set here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { readSettings } from '#core/settings.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { buildReport } from './report.ts';
import { buildDecisionSections, decisionSectionsToMarkdown, type DecisionSections } from './decision-sections.ts';
import { loadBoardContext, type BoardContext } from './board-context.ts';
import { boardReportHtml, GENERIC_TITLE } from './board-html.ts';

const MARKUP = '<img src=x onerror=alert(1)> ';
let db: Database;
let html: string;
let decisions: DecisionSections;
let context: BoardContext;

beforeAll(async () => {
  db = await Database.open(':memory:');
  await writeDistrictToDatabase(db, { tickets: 3000, seed: 11, start: '2024-07-01', months: 12 });
  // Every request type, so whichever rows the tables show carry it; declared owners follow.
  await db.run('UPDATE tickets SET request_type = $1 || request_type', [MARKUP]);
  await db.run('INSERT INTO request_type_owners SELECT $1 || request_type, department FROM request_type_owners', [MARKUP]);
  await db.run('DELETE FROM request_type_owners WHERE NOT starts_with(request_type, $1)', [MARKUP]);
  // 2026-01-15 18:30 UTC is 12:30 in Chicago (CST).
  await db.run(
    `INSERT INTO ticket_events (source, ticket_id, seq, occurred_at, kind, actor, import_id, detail)
     SELECT source, ticket_id, 1000, TIMESTAMPTZ '2026-01-15 18:30:00+00', 'comment', 'staff-1', import_id, 'late note' FROM tickets ORDER BY ticket_id LIMIT 1`,
  );
  const settings = await readSettings(db);
  const filters = { from: '2024-07-01', to: '2025-06-30' };
  const report = await buildReport(db, filters, settings);
  decisions = await buildDecisionSections(db, filters, settings);
  context = await loadBoardContext(db, filters, settings);
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

  it('gives the period and the data-through time: the last event, 2026-01-15 18:30 UTC, in Chicago', () => {
    expect(html).toContain('Period: <span class="period">2024-07-01 to 2025-06-30</span> · Data through <span class="data-through">2026-01-15 12:30</span> (America/Chicago)');
  });

  it('draws the trend with one column per month, July 2024 to June 2025', () => {
    const trend = section('detail').split('</figure>')[0];
    expect(trend.match(/<g class="col">/g)).toHaveLength(12);
  });

  it('escapes the markup in the request types', () => {
    expect(section('detail')).toContain('<td>&lt;img src=x onerror=alert(1)&gt; ');
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
