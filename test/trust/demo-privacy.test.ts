/**
 * The demo district goes through the same privacy step as an import: none of the emails,
 * phone numbers and student ids the generator planted in its text is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
  await writeDistrictToDatabase(db, { tickets: 2000 });
});
afterAll(() => db.close());

describe('the demo district', () => {
  it('stores none of the personal data planted in its text', async () => {
    const [{ planted }] = await db.all<{ planted: number }>('SELECT count(DISTINCT p)::INTEGER AS planted FROM demo_ground_truth, unnest(planted_pii) AS u(p)');
    expect(planted).toBeGreaterThan(50);
    const [{ leaks }] = await db.all<{ leaks: number }>(
      `WITH p AS (SELECT DISTINCT u.p FROM demo_ground_truth, unnest(planted_pii) AS u(p)),
            text AS (SELECT subject AS v FROM tickets UNION ALL SELECT description FROM tickets
                     UNION ALL SELECT resolution_text FROM tickets UNION ALL SELECT detail FROM ticket_events)
       SELECT count(*)::INTEGER AS leaks FROM text JOIN p ON contains(text.v, p.p)`,
    );
    expect(leaks).toBe(0);
    const [{ redacted }] = await db.all<{ redacted: number }>("SELECT count(*)::INTEGER AS redacted FROM tickets WHERE contains(description, '[email]') OR contains(description, '[phone]')");
    expect(redacted).toBeGreaterThan(0);
  });
});
