import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { readSettings } from '#core/settings.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { routingPeople } from '../routing-people/routing-people.ts';
import { fixFirst } from '../fix-first/fix-first.ts';
import { buildDecisionSections, decisionSectionsToMarkdown } from './decision-sections.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
  await writeDistrictToDatabase(db, { tickets: 3000, seed: 11 });
});
afterAll(() => db.close());

describe("the report's decision sections", () => {
  it('carry the same figures as their own analyses, and open the Markdown with them', async () => {
    const settings = await readSettings(db);
    const s = await buildDecisionSections(db, {}, settings);
    const direct = await fixFirst(db, settings, {});
    expect(s.fix_first.map((a) => [a.kind, a.target, a.evidence_tickets])).toEqual(direct.map((a) => [a.kind, a.target, a.evidence_tickets]));
    s.fix_first.forEach((a, i) => expect(a.yearly_cost).toBeCloseTo(direct[i].yearly_cost, 2));
    const people = await routingPeople(db, settings, {});
    expect([s.routing_people.top1_share, s.routing_people.top3_share, s.routing_people.top5_share, s.routing_people.gini])
      .toEqual([people.top1_share, people.top3_share, people.top5_share, people.gini]);
    expect(s.routing_people.people.map((p) => p.person)).toEqual(people.people.map((p) => p.person));
    const md = decisionSectionsToMarkdown(s, 'USD');
    const top = s.fix_first[0];
    expect(md.split('\n')[2]).toBe(
      `1. ${top.action}: about ${Math.round(top.yearly_hours).toLocaleString('en-US')} hours and ${Math.round(top.yearly_cost).toLocaleString('en-US')} USD a year (${top.evidence_tickets} tickets; assumes ${Math.round(top.assumption.share * 100)} % of them prevented, ${Math.round(top.assumption.low * 100)} % to ${Math.round(top.assumption.high * 100)} %).`,
    );
    expect(md).toContain(`## Who routes\n\n${s.routing_people.sentence}`);
  });
});
