/**
 * An instance-wide DuckDB setting changed for one step of an import is set back after it,
 * also when the step fails and leaves its transaction refusing statements.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '#core/db/database.ts';
import { withInstanceSetting } from '#core/db/staging-tables.ts';

let db: Database;
beforeEach(async () => {
  db = await Database.open(':memory:');
});
afterEach(() => db.close());

const setting = async (name: string) =>
  (await db.all<{ v: string }>('SELECT current_setting($1)::VARCHAR AS v', [name]))[0].v;

describe('an instance-wide setting for one step', () => {
  it('holds during the step and is set back after it', async () => {
    const during = await db.transaction((tx) =>
      withInstanceSetting(tx, db, 'preserve_insertion_order', 'false', () => setting('preserve_insertion_order')),
    );
    expect(during).toBe('false');
    expect(await setting('preserve_insertion_order')).toBe('true');
  });

  it('is set back when the step fails inside its transaction', async () => {
    const failure = await db
      .transaction((tx) => withInstanceSetting(tx, db, 'preserve_insertion_order', 'false', () => tx.run('SELECT * FROM no_such_table')))
      .catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(await setting('preserve_insertion_order')).toBe('true');
  });
});
