/**
 * Where a large file's staged rows live during its import.
 *
 * DuckDB keeps temp tables in memory uncompressed: a million-ticket event log (5.5M rows,
 * each repeating its ticket's subject and description) took about 3.5 GB as a table of the
 * file's text and as much again as `norm_rows`, and made to spill under a memory limit it wrote 7 GB of
 * temp files. A table in the database file is written compressed (dictionary and FSST
 * shrink the repeated text about sevenfold) in row groups the buffer manager can evict.
 * The import's transaction is the only one that writes to the file, so these tables are
 * made inside it and dropped before it commits: no other connection ever sees them, a
 * failed import rolls them back, and the committed schema is unchanged.
 */
import type { ConnectionQueries, Queryable } from '#core/db/database.ts';
import { fileOrderSql, fileOrderStartSql } from '../sql/file-order.ts';
import { quoteIdent } from '../sql/quote.ts';

/** The normalised rows (generic connector), read through the `norm_rows` view. */
export const STAGED_ROWS_TABLE = 'import_staged_rows';

/** Every other staged table of an import (vendor connectors) starts with this. */
const STAGING_PREFIX = 'import_staging_';

/** The stored name of staged table `name`: a table of the database file, read through the view `name`. */
export function stagingTableName(name: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`not a staging table name: ${name}`);
  return `${STAGING_PREFIX}${name}`;
}

/** stagingTableName, quoted for SQL. */
export function stagingTable(name: string): string {
  return quoteIdent(stagingTableName(name));
}

/**
 * The statements that make the temp view `name` show the staged table of that name
 * (filled by one CREATE TABLE AS, so its rowids follow the file) with each row's place
 * in it as `line` (0 for the first) and, when `offset` is given, `_row` = place + offset
 * (the row across every file of one import). Numbered from rowids, not `row_number()
 * OVER ()`, which runs as one operator over every row (core/sql/file-order.ts).
 */
export function stagingViewSql(name: string, options: { line: string; offset?: number }): string[] {
  const stored = stagingTableName(name);
  const { line, offset } = options;
  if (offset !== undefined && !Number.isSafeInteger(offset)) throw new Error(`not a row offset: ${offset}`);
  const place = fileOrderSql(stored);
  const row = offset === undefined ? '' : `(${place} + ${offset})::BIGINT AS _row, `;
  return [
    fileOrderStartSql(stored),
    `CREATE OR REPLACE TEMP VIEW ${quoteIdent(name)} AS SELECT ${row}${place} AS ${quoteIdent(line)}, * FROM ${quoteIdent(stored)}`,
  ];
}

/** Drops the staging tables, inside the import's transaction, before it commits. */
export async function dropStagingTables(tx: ConnectionQueries): Promise<void> {
  await tx.run(`DROP TABLE IF EXISTS main.${STAGED_ROWS_TABLE}`);
  const staged = await tx.all<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'
       AND NOT temporary AND starts_with(table_name, $prefix)`,
    { prefix: STAGING_PREFIX },
  );
  for (const { name } of staged) await tx.run(`DROP TABLE IF EXISTS main.${quoteIdent(name)}`);
}

/**
 * DuckDB's memory budget while a file is staged and written: above it, staged row groups,
 * sorts and hash tables spill to the database's temp directory instead of growing the
 * process (a million-ticket event log peaked at 9.3 GB without it). The limit is the
 * instance's, so it is set for the staging statements only and restored after.
 */
export const STAGING_MEMORY_LIMIT = '600MB';

/**
 * DuckDB's memory budget while the per-ticket facts are rebuilt after an import: lower than
 * the staging's, since the rebuild's list functions and patterns hold about 0.4 GB that the
 * limit does not count (600 MB made the process peak at 1.0 GB; 450 MB, with the smaller
 * slices of analysis/ticket-facts, at 0.8 GB).
 */
export const FACTS_REBUILD_MEMORY_LIMIT = '450MB';

export async function withStagingMemoryLimit<T>(
  tx: ConnectionQueries,
  other: Queryable,
  enabled: boolean,
  work: () => Promise<T>,
  memoryLimit: string = STAGING_MEMORY_LIMIT,
): Promise<T> {
  return enabled ? withInstanceSetting(tx, other, 'memory_limit', memoryLimit, work) : work();
}

/**
 * Runs `work` with one of DuckDB's instance-wide settings (memory_limit,
 * preserve_insertion_order: they apply to every connection) at `value`, and sets it back to
 * what it was after. Set back explicitly: RESET of memory_limit shows the default again but
 * left the buffer pool at the lower limit (the next statement ran out of memory at 572 MiB).
 */
export async function withInstanceSetting<T>(
  tx: ConnectionQueries,
  other: Queryable,
  name: 'memory_limit' | 'preserve_insertion_order',
  value: string,
  work: () => Promise<T>,
): Promise<T> {
  const [{ v: before }] = await tx.all<{ v: string }>('SELECT current_setting($1)::VARCHAR AS v', [name]);
  const set = (q: Queryable, to: string) => q.run(`SET ${name} = $1`, [to]);
  await set(tx, value);
  try {
    return await work();
  } finally {
    // A failed statement leaves the transaction refusing everything until its rollback,
    // so the setting is then set back through another connection.
    await set(tx, before).catch(() => set(other, before));
  }
}
