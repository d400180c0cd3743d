/**
 * The per-source resume point (`sync_state`) and the history of pulls (`sync_runs`), see
 * migration 005. Cursor writes take the transaction of the page they follow, which is what
 * makes a killed pull resume exactly after its last committed page.
 */
import type { Queryable } from '#core/db/database.ts';

export interface SyncState<C = unknown> {
  cursor: C;
  highWaterMark: Date | null;
  pages: number;
}

export interface SyncRun {
  runId: number;
  source: string;
  baseUrl: string;
  status: 'running' | 'succeeded' | 'failed' | 'interrupted';
  since: string | null;
  pages: number;
  tickets: number;
  events: number;
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  startedAt: string;
  finishedAt: string | null;
  message: string | null;
}

export async function readSyncState<C>(db: Queryable, source: string, baseUrl: string): Promise<SyncState<C> | undefined> {
  const rows = await db.all<{ cursor: string; high_water_mark: Date | null; pages: number }>(
    'SELECT cursor::VARCHAR AS cursor, high_water_mark, pages FROM sync_state WHERE source = $1 AND base_url = $2',
    [source, baseUrl],
  );
  if (!rows.length) return undefined;
  return { cursor: JSON.parse(rows[0].cursor) as C, highWaterMark: rows[0].high_water_mark, pages: rows[0].pages };
}

export async function saveSyncState(
  tx: Queryable,
  state: { source: string; baseUrl: string; cursor: unknown; highWaterMark?: string | null },
): Promise<void> {
  // The high-water mark only moves forward: a page of older updates never winds it back.
  await tx.run(
    `INSERT INTO sync_state (source, base_url, cursor, high_water_mark, pages, updated_at)
     VALUES ($1, $2, $3::JSON, $4::TIMESTAMPTZ, 1, now())
     ON CONFLICT (source, base_url) DO UPDATE SET
       cursor = excluded.cursor,
       high_water_mark = greatest(sync_state.high_water_mark, excluded.high_water_mark),
       pages = sync_state.pages + 1,
       updated_at = excluded.updated_at`,
    [state.source, state.baseUrl, JSON.stringify(state.cursor), state.highWaterMark ?? null],
  );
}

/** Runs left 'running' by a killed process are marked interrupted when the next one starts. */
export async function startSyncRun(tx: Queryable, run: { source: string; baseUrl: string; since: Date | null; startedAt: Date }): Promise<number> {
  await tx.run(
    `UPDATE sync_runs SET status = 'interrupted', message = 'the process stopped before the pull finished; the next pull resumed after its last committed page'
     WHERE source = $1 AND base_url = $2 AND status = 'running'`,
    [run.source, run.baseUrl],
  );
  const [{ id }] = await tx.all<{ id: number }>(
    `INSERT INTO sync_runs (source, base_url, status, since, started_at) VALUES ($1, $2, 'running', $3, $4) RETURNING run_id::INTEGER AS id`,
    [run.source, run.baseUrl, run.since, run.startedAt],
  );
  return id;
}

export interface RunCounters {
  pages: number;
  tickets: number;
  events: number;
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
}

export async function updateSyncRun(
  tx: Queryable,
  runId: number,
  counters: RunCounters,
  end?: { status: 'succeeded' | 'failed' | 'interrupted'; message: string },
): Promise<void> {
  await tx.run(
    `UPDATE sync_runs SET pages = $2, tickets = $3, events = $4, requests = $5, retries = $6, rate_limit_waits = $7,
       rate_limit_wait_ms = $8, status = coalesce($9, status), message = coalesce($10, message),
       finished_at = CASE WHEN $9 IS NULL THEN finished_at ELSE now() END
     WHERE run_id = $1`,
    [runId, counters.pages, counters.tickets, counters.events, counters.requests, counters.retries, counters.rateLimitWaits,
      Math.round(counters.rateLimitWaitMs), end?.status ?? null, end?.message ?? null],
  );
}

export async function listSyncRuns(db: Queryable, limit: number): Promise<SyncRun[]> {
  return db.all<SyncRun>(
    `SELECT run_id::INTEGER AS "runId", source, base_url AS "baseUrl", status, strftime(since, '%Y-%m-%dT%H:%M:%SZ') AS since,
       pages::INTEGER AS pages, tickets::INTEGER AS tickets, events::INTEGER AS events, requests::INTEGER AS requests,
       retries::INTEGER AS retries, rate_limit_waits::INTEGER AS "rateLimitWaits", rate_limit_wait_ms::INTEGER AS "rateLimitWaitMs",
       strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS "startedAt", strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ') AS "finishedAt", message
     FROM sync_runs ORDER BY run_id DESC LIMIT $1`,
    [limit],
  );
}
