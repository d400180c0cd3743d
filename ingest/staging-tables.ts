/**
 * Where a large file's staged rows live during its import.
 *
 * DuckDB keeps temp tables in memory uncompressed: a million-ticket event log (5.5M rows,
 * each repeating its ticket's subject and description) took about 3.5 GB as `clean` and
 * as much again as `norm_rows`, and made to spill under a memory limit it wrote 7 GB of
 * temp files. A table in the database file is written compressed (dictionary and FSST
 * shrink the repeated text about sevenfold) in row groups the buffer manager can evict.
 * The import's transaction is the only one that writes to the file, so these tables are
 * made inside it and dropped before it commits: no other connection ever sees them, a
 * failed import rolls them back, and the committed schema is unchanged.
 */
import type { ConnectionQueries } from './db/database.ts';

/** The file's mapped columns as read (generic connector), numbered through the `clean` view. */
export const STAGED_FILE_TABLE = 'import_staged_file';
/** The normalised rows (generic connector), read through the `norm_rows` view. */
export const STAGED_ROWS_TABLE = 'import_staged_rows';

/** Drops the staging tables, inside the import's transaction, before it commits. */
export async function dropStagingTables(tx: ConnectionQueries): Promise<void> {
  for (const table of [STAGED_FILE_TABLE, STAGED_ROWS_TABLE]) await tx.run(`DROP TABLE IF EXISTS main.${table}`);
}
