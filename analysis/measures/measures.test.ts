/**
 * The measure catalogue: its entries are consistent, the SQL it generates (inline
 * snapshots), and the reopened measure over ten hand-made tickets
 * (test/helpers/reopen-district.ts) through the summary, departments, trends and the
 * report's JSON, CSV and Markdown, with numbers counted by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { DEFAULT_SETTINGS } from '#core/settings.ts';
import { seedReopenDistrict } from '#test/helpers/reopen-district.ts';
import { departmentFigures } from '../departments/departments.ts';
import { buildReport, reportToCsv, reportToMarkdown } from '../report/report.ts';
import { routingSummary } from '../routing-summary/routing-summary.ts';
import { ticketFacts } from '../ticket-facts/ticket-facts.ts';
import { trends } from '../trends/trends.ts';
import { countMeasureNames, MEASURES, measuresAt, type Measure } from './catalogue.ts';
import { departmentQuery, selectList } from './select-lists.ts';

describe('the catalogue', () => {
  it('names every measure once, in snake_case, each with SQL or a share of two counts at its grains', () => {
    const names = MEASURES.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of MEASURES as readonly Measure[]) {
      expect(m.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(Boolean(m.sql) !== Boolean(m.share), m.name).toBe(true);
      if (m.share) {
        for (const part of [m.share.part, m.share.whole]) {
          const counted = (MEASURES as readonly Measure[]).find((c) => c.name === part);
          expect(counted?.kind, `${m.name} divides ${part}`).toBe('count');
          expect(m.grains.every((g) => counted!.grains.includes(g)), `${part} is shown wherever ${m.name} is`).toBe(true);
        }
      }
    }
    // One trend response for both intervals.
    expect(measuresAt('week').map((m) => m.name)).toEqual(measuresAt('month').map((m) => m.name));
  });

  it('withholds every count, reopened_tickets included', () => {
    expect(countMeasureNames()).toEqual([
      'tickets', 'tickets_owned', 'inbound_misrouted', 'tickets_landed', 'outbound_rerouted', 'rerouted_tickets', 'misrouted_tickets', 'redirected_tickets',
      'ping_pong_tickets', 'return_tickets', 'reopened_tickets', 'touches_outside_owner', 'resolved_elsewhere', 'tickets_with_declared_owner', 'resolver_differs_from_declared',
    ]);
  });

  it('generates the trend select list', () => {
    expect(selectList('week')).toMatchInlineSnapshot(`
      "count(*)::INTEGER AS "tickets",
        count(*) FILTER (WHERE rerouted)::INTEGER AS "rerouted_tickets",
        count(*) FILTER (WHERE misrouted)::INTEGER AS "misrouted_tickets",
        count(*) FILTER (WHERE redirected)::INTEGER AS "redirected_tickets",
        count(*) FILTER (WHERE ping_pong)::INTEGER AS "ping_pong_tickets",
        count(*) FILTER (WHERE returned)::INTEGER AS "return_tickets",
        count(*) FILTER (WHERE reopened)::INTEGER AS "reopened_tickets",
        median(hours_to_owner)::DOUBLE AS "median_hours_to_owner",
        coalesce(sum((coordination_cost)::DECIMAL(38, 9))::DOUBLE, 0) AS "coordination_cost""
    `);
  });

  it('generates the department query, one grouping per department basis', () => {
    expect(departmentQuery()).toMatchInlineSnapshot(`
      "owned AS (
        SELECT owner AS department,
          count(*)::INTEGER AS "tickets_owned",
          count(*) FILTER (WHERE misrouted)::INTEGER AS "inbound_misrouted",
          count(*) FILTER (WHERE reopened)::INTEGER AS "reopened_tickets",
          median(hours_to_owner)::DOUBLE AS "median_hours_to_owner",
          median(business_hours_to_owner)::DOUBLE AS "median_business_hours_to_owner"
        FROM facts GROUP BY owner
      ),
      landed AS (
        SELECT first_landing AS department,
          count(*)::INTEGER AS "tickets_landed",
          count(*) FILTER (WHERE misrouted)::INTEGER AS "outbound_rerouted",
          count(*) FILTER (WHERE first_landing <> resolver)::INTEGER AS "resolved_elsewhere"
        FROM facts GROUP BY first_landing
      ),
      spent AS (
        SELECT c.department,
          sum((c.minutes)::DECIMAL(38, 9))::DOUBLE / 60 AS "coordination_hours",
          sum((c.cost)::DECIMAL(38, 9))::DOUBLE AS "coordination_cost"
        FROM (SELECT unnest(charges) AS c FROM facts) GROUP BY c.department
      )
      SELECT department,
        coalesce(o."tickets_owned", 0) AS "tickets_owned",
        coalesce(o."inbound_misrouted", 0) AS "inbound_misrouted",
        coalesce(l."tickets_landed", 0) AS "tickets_landed",
        coalesce(l."outbound_rerouted", 0) AS "outbound_rerouted",
        coalesce(o."reopened_tickets", 0) AS "reopened_tickets",
        o."median_hours_to_owner" AS "median_hours_to_owner",
        o."median_business_hours_to_owner" AS "median_business_hours_to_owner",
        coalesce(s."coordination_hours", 0) AS "coordination_hours",
        coalesce(s."coordination_cost", 0) AS "coordination_cost",
        coalesce(l."resolved_elsewhere", 0) AS "resolved_elsewhere"
      FROM owned o FULL JOIN landed l USING (department) FULL JOIN spent s USING (department)
      ORDER BY coordination_cost DESC, tickets_owned DESC, department"
    `);
  });
});

describe('reopened tickets over ten hand-made tickets', () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open(':memory:');
    await seedReopenDistrict(db);
  });
  afterAll(() => db.close());
  const settings = DEFAULT_SETTINGS;

  it('marks a ticket reopened for a status change to an open status after a resolution', async () => {
    const facts = await ticketFacts(db, {}, settings);
    expect(facts.filter((f) => f.reopened).map((f) => f.ticket_id)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'B4']);
  });

  it('counts them in the summary, by owning department and by period', async () => {
    expect(await routingSummary(db, {}, settings)).toMatchObject({ tickets: 10, reopened_tickets: 6, misrouted_tickets: 10 });
    const departments = await departmentFigures(db, {}, settings);
    // By coordination cost, at the default $42/h: Technology receives A1-A5 (5 x 15 min
    // triage) and holds B1-B5 for 11 touches (two each, B5's "Pending" too) of 6 min:
    // $98.70; Payroll 5 x 15 min + 10 touches: $94.50.
    expect(departments.map((d) => [d.department, d.tickets_owned, d.reopened_tickets])).toEqual([
      ['Technology', 5, 5],
      ['Payroll', 5, 1],
    ]);
    expect(departments.map((d) => Number(d.coordination_cost.toFixed(2)))).toEqual([98.7, 94.5]);
    const { week, month } = await trends(db, {}, settings);
    expect(week.map((w) => [w.period, w.tickets, w.reopened_tickets])).toEqual([['2024-09-02', 9, 6], ['2024-09-09', 1, 0]]);
    expect(month.map((m) => [m.period, m.tickets, m.reopened_tickets])).toEqual([['2024-09-01', 10, 6]]);
  });

  it("shows them in the report's JSON, CSV and Markdown", async () => {
    const r = await buildReport(db, {}, settings);
    expect(r.summary.reopened_tickets).toBe(6);
    expect(r.trends.week.map((w) => w.reopened_tickets)).toEqual([6, 0]);
    const departments = reportToCsv(r, 'departments').split('\n');
    const column = departments[0].split(',').indexOf('reopened_tickets');
    expect(departments.slice(1).map((row) => [row.split(',')[0], row.split(',')[column]])).toEqual([['Technology', '5'], ['Payroll', '1']]);
    const month = reportToCsv(r, 'trends_month').split('\n');
    expect(month[1].split(',')[month[0].split(',').indexOf('reopened_tickets')]).toBe('6');
    const md = reportToMarkdown(r);
    expect(md).toContain('- Reopened after resolution: 6\n');
    expect(md).toContain('| Month | Tickets | Rerouted (at least one hop) |');
    // Every ticket rerouted and misrouted, none redirected, ping-ponged or returned; each
    // reached its owner after 1 h; cost $98.70 + $94.50.
    expect(md.split('\n').find((l) => l.startsWith('| 2024-09-01 |'))).toBe('| 2024-09-01 | 10 | 10 | 10 | 100.0 % | 0 | 0 | 0 | 6 | 1.0 h | 193.20 USD |');
  });
});
