/**
 * One district's canonical tables as Parquet partitioned for a consortium: a folder per
 * table, then `district=NAME`, then (for tickets and their events) `month=YYYY-MM` of the
 * ticket's creation in UTC. Many districts' exports can be copied into one folder and read
 * together with DuckDB's hive partitioning (ingest/consortium). Each district keeps its own
 * pseudonym key, so a person is never joined across districts; the key itself, accounts and
 * rejected rows are never written.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '#core/db/database.ts';
import { quoteIdent, quotePathLiteral } from '#core/sql/quote.ts';
import { CANONICAL_TABLES } from './datasets.ts';
import { ExportError } from './write-export.ts';

/** District names become folder names as they are: letters, digits, dots, dashes and underscores. */
export const DISTRICT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** The SELECT that adds the partition columns to one table (pure: tested as text). */
export function partitionedSelect(table: (typeof CANONICAL_TABLES)[number]): string {
  const t = `main.${quoteIdent(table)}`;
  if (table === 'tickets') return `SELECT t.*, $1::VARCHAR AS district, strftime(t.created_at, '%Y-%m') AS month FROM ${t} t`;
  if (table === 'ticket_events') {
    return `SELECT e.*, $1::VARCHAR AS district, strftime(k.created_at, '%Y-%m') AS month
            FROM ${t} e JOIN main.tickets k USING (source, ticket_id)`;
  }
  return `SELECT x.*, $1::VARCHAR AS district FROM ${t} x`;
}

export async function exportPartitioned(db: Database, dir: string, district: string): Promise<Record<string, number>> {
  if (!DISTRICT_NAME.test(district)) throw new ExportError(`'${district}' cannot name a district folder; use letters, digits, dots, dashes and underscores`);
  const target = resolve(dir);
  const counts: Record<string, number> = {};
  for (const table of CANONICAL_TABLES) {
    const folder = join(target, table);
    if (existsSync(join(folder, `district=${district}`)) && readdirSync(join(folder, `district=${district}`)).length) {
      throw new ExportError(`${folder} already holds district '${district}'; export into a new folder or remove that district's folder first`);
    }
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const partitions = table === 'tickets' || table === 'ticket_events' ? 'district, month' : 'district';
    const [{ n }] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM main.${quoteIdent(table)}`);
    counts[table] = n;
    if (n === 0) continue;
    // COPY takes no bound parameter for its target; the district is a bound value of the query.
    await db.run(
      `COPY (${partitionedSelect(table)}) TO ${quotePathLiteral(folder)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${partitions}), OVERWRITE_OR_IGNORE)`,
      [district],
    );
  }
  return counts;
}
