/**
 * Tables derived from the canonical ones (the per-ticket facts) that an import keeps
 * current. The import pipeline sits below the analysis, so it does not know what is
 * derived: its callers pass these hooks in, and an import without them leaves the derived
 * tables stale for their next reader to rebuild.
 */
import type { ConnectionQueries } from './db/database.ts';
import type { Settings } from './settings.ts';

export interface DerivedTables {
  /** What the derived tables were computed from; read inside the import's transaction before and after it writes. */
  fingerprint(tx: ConnectionQueries, settings: Settings): Promise<string>;
  /**
   * After the import commits, in a transaction of its own: bring the derived tables up to
   * date, recomputing only what the import wrote when they were current before it.
   * Returns how many tickets were recomputed.
   */
  refreshAfterImport(
    tx: ConnectionQueries,
    settings: Settings,
    importId: number,
    fingerprints: { before: string | null; after: string },
  ): Promise<number>;
}
