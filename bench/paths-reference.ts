/**
 * Hops and ping-pong counted in the ingested database with the project's own path
 * definition (analysis/ticket-paths, docs/metrics.md), so the pandas script's counts have
 * something exact to equal. The group path is the CTE's; what is counted from it:
 * - tickets_with_hops: tickets whose group path has 2 or more groups;
 * - total_hops: the sum over tickets of (path length - 1);
 * - ping_pong_tickets: tickets whose group path has A -> B -> A somewhere (with consecutive
 *   repeats already collapsed, that is path[i] = path[i + 2]).
 * Opens the file read-only, so it must run while no other process holds it.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { ticketPathsCte } from '#analysis/ticket-paths/ticket-paths.ts';

export interface PathCounts {
  tickets: number;
  tickets_with_hops: number;
  total_hops: number;
  ping_pong_tickets: number;
}

export const PATH_COUNTS_SQL = `WITH ${ticketPathsCte()}
SELECT count(*)::BIGINT AS tickets,
  count(*) FILTER (WHERE hops > 0)::BIGINT AS tickets_with_hops,
  coalesce(sum(hops), 0)::BIGINT AS total_hops,
  count(*) FILTER (WHERE len(list_filter(range(1, len(group_path) - 1), i -> group_path[i] = group_path[i + 2])) > 0)::BIGINT AS ping_pong_tickets
FROM p`;

export async function pathCounts(dbPath: string): Promise<{ counts: PathCounts; seconds: number }> {
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const started = performance.now();
    // Only the landing columns read this parameter; the counts do not depend on it.
    const reader = await connection.runAndReadAll(PATH_COUNTS_SQL, { default_landing: 'Technology' });
    const row = reader.getRowObjectsJS()[0];
    const seconds = (performance.now() - started) / 1000;
    const counts = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as PathCounts;
    return { counts, seconds };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
