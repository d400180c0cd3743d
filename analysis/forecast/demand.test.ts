/**
 * The demand forecast over a database: the weekly rows on a district small enough to count
 * by hand, the honest fallback on the one-year BPIC 2014 sample, and the synthetic district
 * generated over three school years, its third year forecast from the first two against the
 * generator's own daily volumes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { readSettings } from '#core/settings.ts';
import { importFile } from '#ingest/import-file.ts';
import { parseMapping } from '#connectors/generic/mapping.ts';
import { ticketFacts, ticketFactsDerived } from '#analysis/ticket-facts/ticket-facts.ts';
import { dailyCounts } from '#fixtures/synthetic-district/calendar.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { eventLogCsv, pathEvents, writeTemp, type EventLogRow } from '../../test/helpers/event-log.ts';
import { demandForecast } from './demand.ts';
import { dayString, mondayOf } from './school-calendar.ts';

describe('weekly rows on a hand-made district', () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open(':memory:');
    await db.run("INSERT INTO group_departments VALUES ('Desk', 'Technology'), ('Payroll Team', 'Payroll')");
    // Week of 2024-08-19: T1 Desk -> Payroll (misrouted), T2 Desk. Week of 2024-08-26: T3 Payroll.
    // Week of 2024-09-02: T4 Desk -> Payroll (misrouted), T5 Payroll; T6 on Saturday 2024-09-07 at Desk.
    const at = (rows: EventLogRow[], location: string, category: string) => rows.map((r) => ({ ...r, location, category }));
    const csv = eventLogCsv([
      ...at(pathEvents('T1', ['Desk', 'Payroll Team'], '2024-08-19T15:00:00Z'), 'Lincoln Elementary', 'Payroll'),
      ...at(pathEvents('T2', ['Desk'], '2024-08-20T15:00:00Z'), 'Lincoln Elementary', 'Hardware'),
      ...at(pathEvents('T3', ['Payroll Team'], '2024-08-27T15:00:00Z'), 'Central Office', 'Payroll'),
      ...at(pathEvents('T4', ['Desk', 'Payroll Team'], '2024-09-03T15:00:00Z'), 'Lincoln Elementary', 'Payroll'),
      ...at(pathEvents('T5', ['Payroll Team'], '2024-09-04T15:00:00Z'), 'Lincoln Elementary', 'Stipends'),
      ...at(pathEvents('T6', ['Desk'], '2024-09-07T15:00:00Z'), 'Central Office', 'Hardware'),
    ]);
    await importFile(db, writeTemp('weeks.csv', csv), { derived: ticketFactsDerived });
  });
  afterAll(() => db.close());

  it('counts tickets owned, misrouted and their hours per owner and week, and says three weeks are too short', async () => {
    const settings = await readSettings(db);
    const f = await demandForecast(db, settings);
    expect(f).toMatchObject({ history_from: '2024-08-19', history_to: '2024-09-02', forecast_from: '2024-09-09', horizon_weeks: 13 });
    const facts = await ticketFacts(db, {}, settings);
    const hours = (ids: string[]) => facts.filter((t) => ids.includes(t.ticket_id)).reduce((s, t) => s + t.coordination_minutes, 0) / 60;
    // One handoff each: 15 triage minutes (the default) at least.
    expect(hours(['T1'])).toBeGreaterThanOrEqual(0.25);
    const payroll = f.departments.find((d) => d.department === 'Payroll')!;
    expect(payroll.history.map((h) => [h.week, h.tickets_owned, h.inbound_misrouted])).toEqual([
      ['2024-08-19', 1, 1],
      ['2024-08-26', 1, 0],
      ['2024-09-02', 2, 1],
    ]);
    expect(payroll.history[0].misrouted_hours).toBeCloseTo(hours(['T1']), 2);
    expect(payroll.history[1].misrouted_hours).toBe(0);
    expect(payroll).toMatchObject({ tickets_owned: 4, inbound_misrouted: 2 });
    const technology = f.departments.find((d) => d.department === 'Technology')!;
    expect(technology.history.map((h) => h.tickets_owned)).toEqual([1, 0, 1]);
    expect(f.district.history.map((h) => h.tickets_owned)).toEqual([2, 1, 3]);
    for (const m of payroll.measures) {
      expect(m).toMatchObject({ status: 'too_short', model: null, next_total: null, note: '3 weeks of history; a forecast needs at least 26' });
    }
    expect(payroll.forecast).toHaveLength(13);
    expect(payroll.forecast[0]).toMatchObject({ week: '2024-09-09', tickets_owned: null, tickets_owned_low: null });
  });

  it("names the schools and request types behind a department's peak weeks", async () => {
    const f = await demandForecast(db, await readSettings(db));
    const payroll = f.departments.find((d) => d.department === 'Payroll')!;
    // Three weeks of history, all within its 13 busiest; four tickets: Lincoln 3, Central 1; Payroll 3, Stipends 1.
    expect(payroll.peak_weeks).toEqual(['2024-08-19', '2024-08-26', '2024-09-02']);
    expect(payroll.drivers).toEqual([
      { department: 'Payroll', kind: 'location', name: 'Lincoln Elementary', tickets: 3, share: 0.75 },
      { department: 'Payroll', kind: 'location', name: 'Central Office', tickets: 1, share: 0.25 },
      { department: 'Payroll', kind: 'request_type', name: 'Payroll', tickets: 3, share: 0.75 },
      { department: 'Payroll', kind: 'request_type', name: 'Stipends', tickets: 1, share: 0.25 },
    ]);
  });

  it('narrows to the tickets one department owns', async () => {
    const f = await demandForecast(db, await readSettings(db), { department: 'Payroll' });
    expect(f.departments.map((d) => d.department)).toEqual(['Payroll']);
    expect(f.district.tickets_owned).toBe(4);
    expect(f.history_to).toBe('2024-09-02');
  });

  it('leaves out a last week whose last ticket came before Saturday, unless `to` covers it', async () => {
    const settings = await readSettings(db);
    const cut = await demandForecast(db, settings, { to: '2024-09-04' });
    expect(cut.history_to).toBe('2024-08-26');
    const through = await demandForecast(db, settings, { to: '2024-09-06' });
    expect(through.history_to).toBe('2024-09-02');
    // A `to` beyond the data says nothing about its last week: the Saturday ticket (T6) does.
    expect((await demandForecast(db, settings, { to: '2025-01-01' })).history_to).toBe('2024-09-02');
    expect((await demandForecast(db, settings, { from: '2024-08-19', to: '2024-09-05' })).history_to).toBe('2024-08-26');
  });
});

describe('BPIC 2014 sample (one year): too short for school-year seasonality', () => {
  let db: Database;
  beforeAll(async () => {
    db = await Database.open(':memory:');
    const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'bpic2014');
    const mapping = parseMapping(JSON.parse(readFileSync(join(dir, 'activity-mapping.json'), 'utf8')), 'activity-mapping.json');
    await importFile(db, join(dir, 'BPIC14_incident_activity_sample.csv'), { mapping: mapping.value, derived: ticketFactsDerived });
  }, 120_000);
  afterAll(() => db.close());

  it('forecasts the recent level, says why there is no season, and shows its backtest', async () => {
    const f = await demandForecast(db, await readSettings(db));
    const tickets = f.district.measures.find((m) => m.measure === 'tickets_owned')!;
    expect(tickets.seasonal).toBe(false);
    expect(tickets.status).toBe('forecast');
    expect(['exp_smoothing', 'recent_mean']).toContain(tickets.model);
    expect(tickets.note).toMatch(/too short for school-year seasonality/);
    expect(tickets.candidates.map((c) => c.model)).toEqual(['exp_smoothing', 'recent_mean']);
  });
});

describe('synthetic district over three school years: the third forecast from the first two', () => {
  let db: Database;
  const START = '2022-06-20';
  beforeAll(async () => {
    db = await Database.open(':memory:');
    await writeDistrictToDatabase(db, { tickets: 20_000, start: START, months: 36 });
  }, 180_000);
  afterAll(() => db.close());

  it('lands near the generator’s expected weekly volume', async () => {
    const f = await demandForecast(db, await readSettings(db), { to: '2024-06-30' }, { horizonWeeks: 52 });
    expect(f).toMatchObject({ history_from: '2022-06-20', history_to: '2024-06-24', forecast_from: '2024-07-01' });
    // The generator's seasonal volume per local day (without each week's own factor, which
    // no forecast can know), summed by week (Monday).
    const plan = dailyCounts(20_000, START, 36, { weekly: false });
    const expected = new Map<string, number>();
    plan.days.forEach((d, i) => {
      const week = dayString(mondayOf(d / 86_400_000));
      expected.set(week, (expected.get(week) ?? 0) + plan.counts[i]);
    });
    // Weeks wholly inside the generated span (it ends 2025-06-19, a Thursday).
    const weeks = f.district.forecast.filter((w) => w.week <= '2025-06-09');
    const err = weeks.reduce((s, w) => s + Math.abs((w.tickets_owned as number) - expected.get(w.week)!), 0);
    const sum = weeks.reduce((s, w) => s + expected.get(w.week)!, 0);
    const tickets = f.district.measures.find((m) => m.measure === 'tickets_owned')!;
    // Measured: 10.1 % weighted absolute error over the 50 weeks; the backtest chose the
    // seasonal baseline (its own error 9.6 %, against 16.6 % for the regression). Each week
    // of the district has its own factor of 0.85 to 1.15 (fixtures/synthetic-district/calendar.ts),
    // which the same week last year carries into the forecast: about 7.5 % on average.
    expect(weeks).toHaveLength(50);
    expect(err / sum).toBeLessThan(0.11);
    expect(tickets).toMatchObject({ seasonal: true, model: 'seasonal_baseline', note: null, status: 'forecast' });
    expect(tickets.wape).toBeLessThan(0.11);

    // Each department's weekly count is a random draw around its share of the volume: how
    // often did the actual week fall inside the forecast's 80 % interval?
    const actual = await demandForecast(db, await readSettings(db), { to: '2025-06-15' });
    let inside = 0;
    let points = 0;
    for (const d of f.departments) {
      const history = new Map(actual.departments.find((a) => a.department === d.department)!.history.map((h) => [h.week, h.tickets_owned]));
      for (const w of d.forecast.filter((x) => x.week <= '2025-06-09' && x.tickets_owned !== null)) {
        const a = history.get(w.week) ?? 0;
        points++;
        if (a >= (w.tickets_owned_low as number) && a <= (w.tickets_owned_high as number)) inside++;
      }
    }
    // Measured: 565 of 750 department-weeks (75.3 %).
    expect(points).toBe(750);
    expect(inside / points).toBeGreaterThan(0.7);
    expect(inside / points).toBeLessThan(0.9);
  });
});
