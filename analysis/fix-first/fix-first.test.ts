import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { DEFAULT_SETTINGS } from '#core/settings.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { ticketFacts } from '../ticket-facts/ticket-facts.ts';
import { ASSUMPTIONS, type ActionKind } from './assumptions.ts';
import { buildProjectionSql } from './fix-first-sql.ts';
import { checkChoices, fixFirst, whatIf } from './fix-first.ts';
import { seedHandMadeFixFirst } from './hand-made-district.ts';

describe('the projection SQL', () => {
  it('binds the choices as lists and reads the facts it is given', () => {
    const q = buildProjectionSql({ cte: 'facts AS (SELECT 1)', params: { x: 1 } }, [{ kind: 'declare_owner', target: 'Stipend', share: 0.6, low: 0.4, high: 0.8 }]);
    expect(q.params).toEqual({ x: 1, ff_kinds: ['declare_owner'], ff_targets: ['Stipend'], ff_shares: ['0.6'], ff_lows: ['0.4'], ff_highs: ['0.8'] });
    expect(q.sql.startsWith('WITH facts AS (SELECT 1),\nbounds AS (')).toBe(true);
    expect(q.sql).toContain('1 - product(1 - share) AS p');
  });
});

describe('checkChoices', () => {
  it('names an unknown kind, a share outside its range and a repeat', () => {
    expect(checkChoices([{ kind: 'declare_owner', target: 'A', share: 0.4 }, { kind: 'publish_answer', target: 'x', share: 0.5 }])).toEqual([]);
    expect(
      checkChoices([
        { kind: 'hire_more', target: 'A' },
        { kind: 'declare_owner', target: 'A', share: 0.9 },
        { kind: 'declare_owner', target: 'A' },
      ]),
    ).toEqual([
      "actions[0].kind 'hire_more' is not one of declare_owner, publish_answer, redirect_system, school_front_door",
      'actions[1].share 0.9 is outside 0.4 to 0.8, the range assumed for declare_owner',
      "actions[2] repeats declare_owner 'A'",
    ]);
  });
});

// Every number below is worked out in ./hand-made-district.ts: yearly = window x 5.
describe('fix first and what-if on a hand-made district', () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open(':memory:');
    await seedHandMadeFixFirst(db);
  });
  afterAll(() => db.close());

  it('ranks the four candidates by yearly cost, each with its evidence and assumption', async () => {
    const list = await fixFirst(db, DEFAULT_SETTINGS, {});
    const themeKey = list.find((a) => a.kind === 'publish_answer')?.target;
    expect(themeKey?.startsWith('w-2 copy|')).toBe(true);
    const days = 'from=2024-09-02&to=2024-11-13';
    expect(list.map((a) => ({ ...a, yearly_misroutes: round(a.yearly_misroutes), yearly_hours: round(a.yearly_hours), yearly_cost: round(a.yearly_cost), yearly_hours_low: round(a.yearly_hours_low), yearly_hours_high: round(a.yearly_hours_high), yearly_cost_low: round(a.yearly_cost_low), yearly_cost_high: round(a.yearly_cost_high) }))).toEqual([
      {
        action: 'Declare Payroll the owner of "Stipend" and route it there directly', kind: 'declare_owner', target: 'Stipend', concerns_department: 'Payroll',
        evidence_tickets: 6, evidence: { filter: { from: '2024-09-02', to: '2024-11-13', requestType: 'Stipend', misrouted: 'true' }, link: `/tickets?${days}&requestType=Stipend&misrouted=true` },
        // 6 tickets x $10.50 = $63 a window; x 5 = $315 a year; 60 % of it.
        yearly_misroutes: 18, yearly_hours: 4.5, yearly_cost: 189, yearly_hours_low: 3, yearly_hours_high: 6, yearly_cost_low: 126, yearly_cost_high: 252,
        assumption: ASSUMPTIONS.declare_owner,
      },
      {
        action: 'Declare Payroll the owner of "W-2 copy" and route it there directly', kind: 'declare_owner', target: 'W-2 copy', concerns_department: 'Payroll',
        evidence_tickets: 5, evidence: { filter: { from: '2024-09-02', to: '2024-11-13', requestType: 'W-2 copy', misrouted: 'true' }, link: `/tickets?${days}&requestType=W-2+copy&misrouted=true` },
        // 5 x $4.20 = $21; x 5 = $105; 60 %.
        yearly_misroutes: 15, yearly_hours: 1.5, yearly_cost: 63, yearly_hours_low: 1, yearly_hours_high: 2, yearly_cost_low: 42, yearly_cost_high: 84,
        assumption: ASSUMPTIONS.declare_owner,
      },
      {
        action: 'Send "W-2 copy" requests straight to Payroll (its own form or portal category)', kind: 'redirect_system', target: 'W-2 copy', concerns_department: 'Payroll',
        evidence_tickets: 5, evidence: { filter: { from: '2024-09-02', to: '2024-11-13', requestType: 'W-2 copy', redirected: 'true' }, link: `/tickets?${days}&requestType=W-2+copy&redirected=true` },
        yearly_misroutes: 12.5, yearly_hours: 1.25, yearly_cost: 52.5, yearly_hours_low: 0.75, yearly_hours_high: 1.75, yearly_cost_low: 31.5, yearly_cost_high: 73.5,
        assumption: ASSUMPTIONS.redirect_system,
      },
      {
        action: `Publish an answer for W-2 copy: "${themeKey!.slice('w-2 copy|'.length)}"`, kind: 'publish_answer', target: themeKey, concerns_department: 'Payroll',
        evidence_tickets: 5, evidence: { filter: { from: '2024-09-02', to: '2024-11-13', requestType: 'W-2 copy' }, link: `/answers?${days}&requestType=W-2+copy` },
        yearly_misroutes: 7.5, yearly_hours: 0.75, yearly_cost: 31.5, yearly_hours_low: 0.375, yearly_hours_high: 1.25, yearly_cost_low: 15.75, yearly_cost_high: 52.5,
        assumption: ASSUMPTIONS.publish_answer,
      },
    ]);
  });

  it('projects one action exactly, with its band', async () => {
    const p = await whatIf(db, DEFAULT_SETTINGS, {}, [{ kind: 'declare_owner', target: 'Stipend' }]);
    expect(p.window).toEqual({ first_day: '2024-09-02', last_day: '2024-11-13', scale: 5 });
    // Hours to owner: ten 0, five 1, six 2: the lower median is the 11th value (1), the 90th
    // percentile the first with 18.9 of 21 below or at it (2).
    expect(roundAll(p.today)).toEqual({ tickets: 21, misroutes: 55, coordination_hours: 10, coordination_cost: 420, median_hours_to_owner: 1, p90_hours_to_owner: 2 });
    // Stipend's six tickets kept at 40 %: misroutes (5 + 6 x 0.4) x 5 = 37; cost (21 + 63 x 0.4) x 5 = 231.
    // Times: 0 weighs 10 + 3.6, 1 weighs 5, 2 weighs 2.4: the median is 0 (13.6 >= 10.5), the 90th 2.
    expect(roundAll(p.projected)).toEqual({ tickets: 21, misroutes: 37, coordination_hours: 5.5, coordination_cost: 231, median_hours_to_owner: 0, p90_hours_to_owner: 2 });
    // At the low share (40 %) 0 weighs 10 + 2.4 = 12.4, still past half of 21: the median is 0.
    expect(roundAll(p.band.low_shares)).toEqual({ tickets: 21, misroutes: 43, coordination_hours: 7, coordination_cost: 294, median_hours_to_owner: 0, p90_hours_to_owner: 2 });
    // At the high share (80 %) 0 weighs 10 + 4.8 = 14.8 and 1 hour brings it to 19.8, past
    // 90 % of 21 (18.9): the 90th percentile is 1.
    expect(roundAll(p.band.high_shares)).toEqual({ tickets: 21, misroutes: 31, coordination_hours: 4, coordination_cost: 168, median_hours_to_owner: 0, p90_hours_to_owner: 1 });
  });

  it('takes overlapping actions ticket by ticket', async () => {
    // The school North is no candidate (6 tickets, under 20), but can be chosen: its six
    // tickets are Stipend's, so each is prevented with 1 - 0.4 x 0.5 = 0.8, not 0.6 + 0.5.
    const p = await whatIf(db, DEFAULT_SETTINGS, {}, [
      { kind: 'declare_owner', target: 'Stipend' },
      { kind: 'school_front_door', target: 'North', share: 0.5 },
    ]);
    expect(p.actions.map((a) => [a.kind, a.target, round(a.yearly_cost)])).toEqual([
      ['declare_owner', 'Stipend', 189],
      ['school_front_door', 'North', 157.5],
    ]);
    // $420 - $63 x 0.8 x 5 = $168; the actions alone would claim 189 + 157.5 = 346.5.
    expect(roundAll(p.projected)).toEqual({ tickets: 21, misroutes: 31, coordination_hours: 4, coordination_cost: 168, median_hours_to_owner: 0, p90_hours_to_owner: 1 });
    // Low: 1 - 0.6 x 0.75 = 0.55; high: 1 - 0.2 x 0.25 = 0.95.
    expect(round(p.band.low_shares.coordination_cost)).toBe(round(420 - 63 * 0.55 * 5));
    expect(round(p.band.high_shares.coordination_cost)).toBe(round(420 - 63 * 0.95 * 5));
  });

  it('with nothing chosen projects today', async () => {
    const p = await whatIf(db, DEFAULT_SETTINGS, {}, []);
    expect(p.projected).toEqual(p.today);
    expect(p.actions).toEqual([]);
  });
});

const round = (x: number) => Math.round(x * 1e9) / 1e9;
function roundAll<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])) as T;
}

// The generated district: the actions' tickets overlap (a misrouted type at a bad front
// door), so the projection's reduction is checked against the sum of each ticket's cost
// times 1 - the product of (1 - share) over the actions behind it, worked out here in
// TypeScript from the facts rows with the membership rules of docs/metrics.md.
describe('fix first on a generated district', () => {
  const options = { tickets: 3000, seed: 11 };
  let db: Database;
  beforeAll(async () => {
    db = await Database.open(':memory:');
    await writeDistrictToDatabase(db, options);
  });
  afterAll(() => db.close());

  it('lists at least three actions, and the projection of all of them is the de-duplicated sum of their effects', async () => {
    const list = await fixFirst(db, DEFAULT_SETTINGS, {}, { limit: 0 });
    expect(list.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < list.length; i++) expect(list[i - 1].yearly_cost).toBeGreaterThanOrEqual(list[i].yearly_cost);
    const p = await whatIf(db, DEFAULT_SETTINGS, {}, list.map((a) => ({ kind: a.kind, target: a.target })));

    const facts = await ticketFacts(db, {}, DEFAULT_SETTINGS);
    const last = Math.max(...facts.map((f) => new Date(f.created_day).getTime()));
    const lastDay = new Date(last);
    const from = Date.UTC(lastDay.getUTCFullYear() - 1, lastDay.getUTCMonth(), lastDay.getUTCDate()) + 86_400_000;
    const first = Math.min(...facts.map((f) => new Date(f.created_day).getTime()));
    const scale = first <= from ? 1 : 365 / ((last - first) / 86_400_000 + 1);
    const inWindow = facts.filter((f) => new Date(f.created_day).getTime() >= from);
    const themeKey = (f: (typeof facts)[number]) => `${(f.request_type ?? '').toLowerCase()}|${f.key_phrase}`;
    const behind = (kind: ActionKind, target: string, f: (typeof facts)[number]): boolean => {
      switch (kind) {
        case 'declare_owner': return f.request_type === target && f.declared_owner === null && f.misrouted;
        case 'publish_answer': return f.asks && themeKey(f) === target;
        case 'redirect_system': return f.request_type === target && f.redirected;
        case 'school_front_door': return (f as unknown as { location: string }).location === target && f.misrouted;
      }
    };
    let sumOfEffects = 0;
    let deduplicated = 0;
    let overlapping = 0;
    for (const f of inWindow) {
      const shares = list.filter((a) => behind(a.kind, a.target, f)).map((a) => a.assumption.share);
      if (shares.length > 1) overlapping++;
      sumOfEffects += shares.reduce((s, x) => s + x, 0) * f.coordination_cost * scale;
      deduplicated += (1 - shares.reduce((s, x) => s * (1 - x), 1)) * f.coordination_cost * scale;
    }
    const actionSum = list.reduce((s, a) => s + a.yearly_cost, 0);
    expect(actionSum).toBeCloseTo(sumOfEffects, 6);
    expect(overlapping).toBeGreaterThan(0);
    expect(p.today.coordination_cost - p.projected.coordination_cost).toBeCloseTo(deduplicated, 6);
    expect(p.today.coordination_cost).toBeCloseTo(inWindow.reduce((s, f) => s + f.coordination_cost, 0) * scale, 6);
  });
});
