/**
 * The same database gives the same report, digit for digit: sums of hours and money are
 * exact (core/sql/exact-sum.ts) and every list has a full order. On 20,000 tickets, sums
 * added as DOUBLE in DuckDB's thread order differed in their last digits between runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { readSettings } from '#core/settings.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';
import { buildReport } from './report.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
  await writeDistrictToDatabase(db, { tickets: 20_000 });
}, 120_000);
afterAll(async () => db?.close());

describe('the report', () => {
  it('is the same on three runs over the same data', async () => {
    const settings = await readSettings(db);
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { generated_at: _, ...report } = await buildReport(db, {}, settings);
      runs.push(JSON.stringify(report));
    }
    expect(runs[1]).toBe(runs[0]);
    expect(runs[2]).toBe(runs[0]);
    expect(JSON.parse(runs[0]).summary.tickets).toBe(20_000);
  });
});
