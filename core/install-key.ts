/**
 * The per-install secret that keys pseudonyms. Generated once, kept in settings, never
 * shown by the API. Two installs give the same person different pseudonyms.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from './db/database.ts';

export async function pseudonymKey(db: Queryable): Promise<string> {
  const rows = await db.all<{ value: string }>("SELECT value::VARCHAR AS value FROM settings WHERE key = 'pseudonymKey'");
  if (rows.length) return JSON.parse(rows[0].value) as string;
  const key = randomBytes(32).toString('hex');
  await db.run("INSERT INTO settings VALUES ('pseudonymKey', $1::JSON) ON CONFLICT DO NOTHING", [JSON.stringify(key)]);
  return pseudonymKey(db);
}
