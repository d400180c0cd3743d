/**
 * The demo district as stored holds no e-mail address and no phone number in any text
 * column of any table: every VARCHAR column the database has (found in the catalogue, so a
 * new table or column is scanned the day it appears) is searched with one regular
 * expression for each. The generator plants both in ticket text; the privacy step an
 * import applies (ingest/privacy/redact-stored.ts) must have replaced every one.
 * demo_ground_truth keeps what was planted in a VARCHAR[] column, which is not text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { writeDistrictToDatabase } from '#fixtures/synthetic-district/write-duckdb.ts';

const EMAIL = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}';
// (555) 123-4567, 555-123-4567, 555.123.4567, +1 555 123 4567
const PHONE = '(\\+1[ .-]?)?(\\(\\d{3}\\)|\\d{3})[ .-]?\\d{3}[ .-]\\d{4}';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
  await writeDistrictToDatabase(db, { tickets: 2000 });
});
afterAll(() => db.close());

async function textColumns(): Promise<{ table_name: string; column_name: string }[]> {
  return db.all(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE data_type = 'VARCHAR' AND table_schema = 'main' ORDER BY table_name, column_name`,
  );
}

async function matches(pattern: string): Promise<string[]> {
  const found: string[] = [];
  for (const { table_name: t, column_name: c } of await textColumns()) {
    const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
    const [{ n }] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${q(t)} WHERE regexp_matches(${q(c)}, $p)`, { p: pattern });
    if (n > 0) found.push(`${t}.${c}: ${n}`);
  }
  return found;
}

describe('the demo database', () => {
  it('scans the text columns of the tickets, their events and the imports', async () => {
    const names = (await textColumns()).map((r) => `${r.table_name}.${r.column_name}`);
    expect(names).toEqual(expect.arrayContaining(['tickets.subject', 'tickets.description', 'tickets.resolution_text', 'tickets.requester', 'ticket_events.detail', 'ticket_events.actor']));
  });

  it('planted e-mail addresses and phone numbers in the generated text (so the scan has something to miss)', async () => {
    const [{ emails, phones }] = await db.all<{ emails: number; phones: number }>(
      `SELECT count(*) FILTER (WHERE regexp_matches(p, $e))::INTEGER AS emails, count(*) FILTER (WHERE regexp_matches(p, $ph))::INTEGER AS phones
       FROM (SELECT DISTINCT u.p FROM demo_ground_truth, unnest(planted_pii) AS u(p))`,
      { e: EMAIL, ph: PHONE },
    );
    expect(emails).toBeGreaterThan(0);
    expect(phones).toBeGreaterThan(0);
  });

  it('holds no e-mail address in any VARCHAR column of any table', async () => {
    expect(await matches(EMAIL)).toEqual([]);
  });

  it('holds no phone number in any VARCHAR column of any table', async () => {
    expect(await matches(PHONE)).toEqual([]);
  });
});
