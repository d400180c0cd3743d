import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { DEFAULT_SETTINGS } from '#core/settings.ts';
import { GROUP_DEPARTMENTS } from '#fixtures/synthetic-district/catalog.ts';
import { generateDistrict } from '#fixtures/synthetic-district/generate.ts';
import { routingPeopleTruth } from '#fixtures/synthetic-district/routing-people-truth.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { concentration } from './concentration.ts';
import { buildRoutingPeopleSql } from './routing-people-sql.ts';
import { seedHandMadeRouting } from './hand-made-district.ts';
import { routingPeople } from './routing-people.ts';

describe('concentration', () => {
  it('gives the top shares and the Gini of a list a person can check', () => {
    // 10 handoffs: 6, 3, 1. Pairs |6-3| + |6-1| + |3-1| = 10, counted both ways 20;
    // 2 n^2 mean = 2 x 9 x 10/3 = 60; Gini 20 / 60 = 1/3.
    expect(concentration([3, 0, 6, 1])).toEqual({ top1_share: 0.6, top3_share: 1, top5_share: 1, gini: 1 / 3 });
    expect(concentration([5, 5, 5, 5])).toEqual({ top1_share: 0.25, top3_share: 0.75, top5_share: 1, gini: 0 });
    expect(concentration([])).toEqual({ top1_share: 0, top3_share: 0, top5_share: 0, gini: 0 });
  });
});

describe('the SQL', () => {
  it('binds the zone and the threshold, and reads the facts it is given', () => {
    const q = buildRoutingPeopleSql({ cte: 'facts AS (SELECT 1)', params: { x: 1 } }, 'cache.ticket_moves', 'America/Chicago');
    expect(q.params).toEqual({ x: 1, rp_tz: 'America/Chicago', rp_min_routed: 5 });
    expect(q.sql.startsWith('WITH facts AS (SELECT 1),\nmoved AS MATERIALIZED (')).toBe(true);
    expect(q.sql).toContain('FROM cache.ticket_moves m JOIN facts f');
    expect(q.sql).toContain('timezone($rp_tz, occurred_at)');
    expect(q.sql).toContain('r.routed_tickets >= $rp_min_routed');
  });
});

// The nine hand-made tickets of ./hand-made-district.ts: every number below is worked out there.
describe('routingPeople on a hand-made district', () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open(':memory:');
    await seedHandMadeRouting(db);
  });
  afterAll(() => db.close());

  it('counts each person’s handoffs, triage touches and departments reached, and the concentration', async () => {
    const r = await routingPeople(db, DEFAULT_SETTINGS, {});
    expect({ top1: r.top1_share, top3: r.top3_share, top5: r.top5_share, gini: r.gini }).toEqual({ top1: 0.5, top3: 1, top5: 1, gini: 0.25 });
    expect(r.people.map(({ absence, ...p }) => p)).toEqual([
      { person: 'ana', department: 'Technology', handoffs: 4, triage_touches: 1, departments_reached: 1, dependent_request_types: ['Payroll / Stipend'] },
      { person: 'ben', department: 'Technology', handoffs: 3, triage_touches: 0, departments_reached: 2, dependent_request_types: [] },
      { person: 'dee', department: 'Payroll', handoffs: 1, triage_touches: 1, departments_reached: 1, dependent_request_types: [] },
    ]);
  });

  it('cuts the concentration by school year and by local month', async () => {
    const r = await routingPeople(db, DEFAULT_SETTINGS, {});
    expect(r.by_school_year).toEqual([{ period: '2024-25', people: 3, top1_share: 0.5, top3_share: 1, top5_share: 1, gini: 0.25 }]);
    // August: ana's 4 alone. September: ben 3, dee 1: top 1 3/4; Gini 2 x 2 / (2 x 4 x 2) = 0.25.
    expect(r.by_month).toEqual([
      { period: '2024-08', people: 1, top1_share: 1, top3_share: 1, top5_share: 1, gini: 0 },
      { period: '2024-09', people: 2, top1_share: 0.75, top3_share: 1, top5_share: 1, gini: 0.25 },
    ]);
  });

  it('names the request type that depends on one person, with its hours a year', async () => {
    const r = await routingPeople(db, DEFAULT_SETTINGS, {});
    // ana: 4 handoffs x 15 min + 1 touch x 6 min = 66 min on it; the tickets span
    // 2024-08-05 to 2024-09-16 in Chicago, 43 days.
    expect(r.dependent_request_types).toEqual([
      { request_type: 'Payroll / Stipend', person: 'ana', department: 'Technology', routed_tickets: 6, through_person: 4, through_share: 4 / 6, hours_per_year: (66 / 60) * (365 / 43) },
    ]);
  });

  it('compares the weeks the person is away with the weeks she is there, with the counts', async () => {
    const r = await routingPeople(db, DEFAULT_SETTINGS, {});
    // ana acts in the weeks of Aug 5, 12, 19, 26 and Sep 16; others act in the weeks of
    // Sep 2 and Sep 9, inside her span, without her: 2 weeks away. Payroll / Stipend
    // tickets: T1-T4 in her weeks (1 h to owner each), T5 and T6 in the week of Sep 2 (5 h, 3 h).
    expect(r.people[0].absence).toEqual({
      present: { weeks: 5, tickets: 4, median_hours_to_owner: 1, mean_handoffs: 1 },
      absent: { weeks: 2, tickets: 2, median_hours_to_owner: 4, mean_handoffs: 1 },
    });
    expect(r.people[1].absence).toBeNull();
  });
});

describe('routingPeople on the generated district', () => {
  const options = { tickets: 3000, seed: 11 };
  let db: Database;
  beforeAll(async () => {
    db = await Database.open(':memory:');
    await writeDistrictToDatabase(db, options);
  });
  afterAll(() => db.close());

  it('equals the ground truth read from the generated events', async () => {
    const truth = routingPeopleTruth(generateDistrict(options), GROUP_DEPARTMENTS);
    const r = await routingPeople(db, DEFAULT_SETTINGS, {});
    expect(r.people.map(({ absence, ...p }) => p)).toEqual(truth.people);
    for (const key of ['top1_share', 'top3_share', 'top5_share', 'gini'] as const) expect(r[key]).toBeCloseTo(truth[key], 12);
    const rounded = (ps: Array<{ period: string; people: number; top1_share: number; top3_share: number; top5_share: number; gini: number }>) =>
      ps.map((p) => ({ ...p, top1_share: p.top1_share.toFixed(12), top3_share: p.top3_share.toFixed(12), top5_share: p.top5_share.toFixed(12), gini: p.gini.toFixed(12) }));
    expect(rounded(r.by_school_year)).toEqual(rounded(truth.by_school_year));
    expect(rounded(r.by_month)).toEqual(rounded(truth.by_month));
    const byKey = <T extends { request_type: string; person: string }>(xs: T[]) => [...xs].sort((a, b) => (a.request_type + a.person < b.request_type + b.person ? -1 : 1));
    expect(byKey(r.dependent_request_types).map(({ request_type, person, routed_tickets, through_person }) => ({ request_type, person, routed_tickets, through_person }))).toEqual(
      byKey(truth.dependent),
    );
    const absence = r.people
      .filter((p) => p.absence !== null)
      .map((p) => ({
        person: p.person,
        present_weeks: p.absence!.present.weeks,
        absent_weeks: p.absence!.absent.weeks,
        present_tickets: p.absence!.present.tickets,
        absent_tickets: p.absence!.absent.tickets,
        present_mean_handoffs: p.absence!.present.mean_handoffs,
        absent_mean_handoffs: p.absence!.absent.mean_handoffs,
      }))
      .sort((a, b) => (a.person < b.person ? -1 : 1));
    expect(absence.map((a) => ({ ...a, present_mean_handoffs: a.present_mean_handoffs?.toFixed(12), absent_mean_handoffs: a.absent_mean_handoffs?.toFixed(12) }))).toEqual(
      truth.absence.map((a) => ({ ...a, present_mean_handoffs: a.present_mean_handoffs?.toFixed(12), absent_mean_handoffs: a.absent_mean_handoffs?.toFixed(12) })),
    );
  });

  it('shows the few who carry the routing: the front-desk lead first, three people over half of all handoffs', async () => {
    const r = await routingPeople(db, DEFAULT_SETTINGS, {});
    expect(r.people.slice(0, 2).map((p) => p.person)).toEqual(['agent-0009', 'agent-0010']);
    expect(r.top3_share).toBeGreaterThan(0.5);
    expect(r.people[0].absence!.absent.weeks).toBe(3);
  });
});
