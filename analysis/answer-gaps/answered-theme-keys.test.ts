/**
 * A theme marked answered before theme keys were stems keeps its mark: migration 031
 * rewrites each stored key the way key-phrase.ts now makes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';

let db: Database;
beforeAll(async () => {
  db = await Database.open(':memory:');
});
afterAll(() => db.close());

describe('migration 031', () => {
  it('stems the stored keys, and two old keys that become one keep the later answer', async () => {
    await db.run(`INSERT INTO answered_themes VALUES
      ('payroll|change deposit direct', 'https://kb/old', TIMESTAMPTZ '2024-09-01 00:00:00+00'),
      ('payroll|changes deposit direct', 'https://kb/new', TIMESTAMPTZ '2024-10-01 00:00:00+00'),
      ('finance / travel|mileage reimbursement', 'https://kb/mileage', TIMESTAMPTZ '2024-09-15 00:00:00+00'),
      ('hardware|', 'https://kb/none', TIMESTAMPTZ '2024-09-20 00:00:00+00')`);
    await db.run(readFileSync(join(import.meta.dirname, '../../core/db/migrations/031-answered-theme-stems.sql'), 'utf8'));
    const rows = await db.all<{ theme_key: string; url: string }>('SELECT theme_key, url FROM answered_themes ORDER BY theme_key');
    expect(rows).toEqual([
      { theme_key: 'finance / travel|mileag reimburs', url: 'https://kb/mileage' },
      { theme_key: 'hardware|', url: 'https://kb/none' },
      { theme_key: 'payroll|chang deposit direct', url: 'https://kb/new' },
    ]);
  });
});
