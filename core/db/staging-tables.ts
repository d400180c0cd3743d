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

/** The normalised rows (generic connector), read through the `norm_rows` view. */
export const STAGED_ROWS_TABLE = 'import_staged_rows';

/** Drops the staging table, inside the import's transaction, before it commits. */
export async function dropStagingTables(tx: ConnectionQueries): Promise<void> {
  await tx.run(`DROP TABLE IF EXISTS main.${STAGED_ROWS_TABLE}`);
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
