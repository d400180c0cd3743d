/**
 * Two synthetic districts exported as partitioned Parquet into one folder, read back as a
 * consortium: every figure of the consortium is the sum of the districts' own.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { readSettings } from '#core/settings.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { exportPartitioned, partitionedSelect } from '#analysis/export/partitioned.ts';
import { compareDistricts } from '#analysis/consortium/districts.ts';
import { buildReport } from '#analysis/report/report.ts';
import { loadConsortium } from '#ingest/consortium/load-partitions.ts';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-consortium-'));
const districts: Record<string, Database> = {};
let consortium: Database;

beforeAll(async () => {
  for (const [name, seed] of [['north', 11], ['south', 29]] as const) {
    const db = await Database.open(':memory:');
    await writeDistrictToDatabase(db, { tickets: 300, seed, months: 3, start: '2024-08-01' });
    await exportPartitioned(db, dir, name);
    districts[name] = db;
  }
  consortium = await Database.open(':memory:');
});
afterAll(async () => {
  for (const db of [...Object.values(districts), consortium]) await db.close();
});

describe('a consortium of districts', () => {
  it('adds the partition columns in SQL', () => {
    expect(partitionedSelect('tickets')).toMatchInlineSnapshot(`"SELECT t.*, $1::VARCHAR AS district, strftime(t.created_at, '%Y-%m') AS month FROM main."tickets" t"`);
  });

  it('reads every district with its own sources and groups', async () => {
    const load = await loadConsortium(consortium, dir);
    const events = async (db: Database) => (await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM ticket_events'))[0].n;
    expect(load.districts).toEqual(['north', 'south']);
    expect(load.tickets).toBe(600);
    expect(load.events).toBe((await events(districts.north)) + (await events(districts.south)));
    expect(load.notes).toEqual([]);
    const sources = await consortium.all<{ source: string }>('SELECT DISTINCT source FROM tickets ORDER BY 1');
    expect(sources.map((s) => s.source)).toEqual(['north/demo', 'south/demo']);
    const [{ unprefixed }] = await consortium.all<{ unprefixed: number }>(
      "SELECT count(*)::INTEGER AS unprefixed FROM ticket_events WHERE group_after IS NOT NULL AND NOT (group_after LIKE 'north / %' OR group_after LIKE 'south / %')",
    );
    expect(unprefixed).toBe(0);
  });

  it("gives each district the figures of its own report, and the district the sum", async () => {
    const settings = await readSettings(consortium);
    const own = Object.fromEntries(await Promise.all(Object.entries(districts).map(async ([name, db]) => [name, (await buildReport(db, {}, await readSettings(db))).summary] as const)));
    const compared = await compareDistricts(consortium, settings);
    for (const d of compared.districts) {
      expect(d.tickets, d.district).toBe(own[d.district].tickets);
      expect(d.misrouted_tickets, d.district).toBe(own[d.district].misrouted_tickets);
      expect(d.coordination_cost, d.district).toBeCloseTo(own[d.district].coordination_cost, 2);
    }
    const whole = (await buildReport(consortium, {}, settings)).summary;
    expect(whole.tickets).toBe(own.north.tickets + own.south.tickets);
    expect(whole.misrouted_tickets).toBe(own.north.misrouted_tickets + own.south.misrouted_tickets);
    expect(whole.coordination_cost).toBeCloseTo(own.north.coordination_cost + own.south.coordination_cost, 2);
    // The source filter is the district filter.
    const north = (await buildReport(consortium, { source: 'north/demo' }, settings)).summary;
    expect(north.tickets).toBe(own.north.tickets);
  });

  it('refuses a database that already holds tickets', async () => {
    await expect(loadConsortium(consortium, dir)).rejects.toThrow(/empty database/);
  });
});
