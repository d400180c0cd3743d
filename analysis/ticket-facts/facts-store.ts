/**
 * The persisted per-ticket facts (`cache.ticket_facts`): their fingerprint, the full and
 * the after-import refresh, and the check that keeps a figure from reading stale facts.
 * The SQL itself is facts-sql.ts; how a metric reads the facts is ticket-facts.ts.
 */
import { createHash } from 'node:crypto';
import type { Database, Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import { buildTicketFactsSql } from './facts-sql.ts';
import { buildTicketMovesSql, MOVES_TABLE } from './moves-sql.ts';
import { ticketIdRanges } from './ticket-id-ranges.ts';

/** A table of facts a metric reads: the persisted one, or a run's temporary one. */
export interface MaterialisedFacts {
  table: string;
  /** The table's schema, when not the connection's default. */
  schema?: string;
  /** true: the table holds only the tickets in view; false (default): every ticket, filtered when read. */
  filtered?: boolean;
}

/** The persisted facts of every ticket, read by the figures through the filters. */
export const FACTS_TABLE = 'ticket_facts';
/**
 * Where the persisted facts live: a schema of their own, apart from the canonical tables in
 * `main`, because they are derived. An import rebuilds them, and its promise that it changes
 * nothing but its own rows is a promise about the canonical tables; a backup's table counts
 * are of `main` too.
 */
export const FACTS_SCHEMA = 'cache';
const PERSISTED: MaterialisedFacts = { table: FACTS_TABLE, schema: FACTS_SCHEMA };
const FACTS = `${FACTS_SCHEMA}.${quoteIdent(FACTS_TABLE)}`;
/** The stored moves (moves-sql.ts), rebuilt with the facts and read by "Who routes". */
export const MOVES = `${FACTS_SCHEMA}.${quoteIdent(MOVES_TABLE)}`;

// Both tables are a cache of what the canonical tables say, created on first use rather
// than by a migration: dropping them loses nothing, and the next figure rebuilds them.
const STATE_DDL = `CREATE TABLE IF NOT EXISTS ${FACTS_SCHEMA}.ticket_facts_state (
  singleton BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
  fingerprint VARCHAR NOT NULL,
  refreshed_at TIMESTAMPTZ NOT NULL
)`;

/**
 * What the persisted facts were computed from. It changes when an import lands or is
 * removed (imports rows, ticket and event counts), when the group map, declared owners or
 * department rates change, when a setting changes, or when the facts SQL itself changes
 * (a new version of this module), so a stale table is never read. A writer that edits
 * tickets outside an import must call `refreshTicketFacts`.
 */
export async function ticketFactsFingerprint(db: Queryable, settings: Settings): Promise<string> {
  const [row] = await db.all<{ fingerprint: string }>(
    `SELECT md5(concat_ws('|',
       (SELECT string_agg(concat_ws(':', import_id, status, finished_at, tickets_imported, events_imported), ',' ORDER BY import_id) FROM imports),
       (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_events),
       (SELECT max(import_id) FROM tickets), (SELECT max(import_id) FROM ticket_events),
       (SELECT string_agg(group_name || '=' || department, ',' ORDER BY group_name) FROM group_departments),
       (SELECT string_agg(request_type || '=' || department, ',' ORDER BY request_type) FROM request_type_owners),
       (SELECT string_agg(department || '=' || coalesce(hourly_rate::VARCHAR, ''), ',' ORDER BY department) FROM departments),
       $settings, $facts_sql_md5)) AS fingerprint`,
    { settings: JSON.stringify(factsSettings(settings)), facts_sql_md5: factsSqlDigest(settings) },
  );
  return row.fingerprint;
}

const digests = new Map<string, string>();

/** The settings the facts depend on: the school calendar shapes the forecast only, so changing it keeps them. */
function factsSettings(settings: Settings): Omit<Settings, 'schoolCalendar'> {
  const { schoolCalendar: _calendar, ...rest } = settings;
  return rest;
}

/** md5 of the facts SQL for these settings, as DuckDB's md5() gives it (hex), computed once per settings. */
function factsSqlDigest(settings: Settings): string {
  const key = JSON.stringify(settings);
  let digest = digests.get(key);
  if (!digest) {
    digest = createHash('md5').update(buildTicketFactsSql({}, settings).sql).update(buildTicketMovesSql(FACTS).sql).digest('hex');
    if (digests.size > 100) digests.clear();
    digests.set(key, digest);
  }
  return digest;
}

/**
 * Rows (tickets plus their events) per slice of a facts rebuild: at a million tickets
 * (5.5M events), slices of this size run in 450 MB of DuckDB memory (about 0.8 GB for the
 * whole process); twice the size needs 600 MB (1.0 GB).
 */
export const SLICE_ROWS = 800_000;

/**
 * Each slice's facts are written in creation order. Nearly every figure is asked for a date
 * range, and DuckDB skips the row groups whose created_at lies outside it. Slices are ranges
 * of ticket ids, which helpdesks number in the order tickets arrive, so the whole table is
 * then in creation order too (a full sort of the table cost more at import than it saved).
 */
const STORED_ORDER = 'created_at, source, ticket_id';

/** Recomputes the persisted facts of every ticket. Run it in a transaction (an import's, or
 * `ensureTicketFacts`'s): a reader then sees the old facts or the new, never a part. */
export async function refreshTicketFacts(db: Queryable, settings: Settings, sliceRows = SLICE_ROWS): Promise<MaterialisedFacts> {
  const fingerprint = await ticketFactsFingerprint(db, settings);
  await db.run(`CREATE SCHEMA IF NOT EXISTS ${FACTS_SCHEMA}`);
  // Earlier versions kept the facts in main.
  for (const old of [FACTS_TABLE, 'ticket_facts_state']) await db.run(`DROP TABLE IF EXISTS main.${quoteIdent(old)}`);
  // In slices of about SLICE_ROWS tickets and events, by ranges of ticket_id: grouping
  // every event of a million tickets at once held 2.8 GB; a slice's events group in a
  // fraction of that.
  const slices = await ticketIdRanges(db, sliceRows);
  for (const [index, range] of slices.entries()) {
    const slice = slices.length > 1 ? range : undefined;
    const f = buildTicketFactsSql({}, settings, slice);
    const sorted = `SELECT * FROM (${f.sql}) ORDER BY ${STORED_ORDER}`;
    await db.run(index === 0 ? `CREATE OR REPLACE TABLE ${FACTS} AS ${sorted}` : `INSERT INTO ${FACTS} ${sorted}`, f.params);
    const m = buildTicketMovesSql(FACTS, slice);
    await db.run(index === 0 ? `CREATE OR REPLACE TABLE ${MOVES} AS ${m.sql}` : `INSERT INTO ${MOVES} ${m.sql}`, m.params);
  }
  await db.run(STATE_DDL);
  await db.run(
    `INSERT INTO ${FACTS_SCHEMA}.ticket_facts_state VALUES (true, $1, now())
     ON CONFLICT (singleton) DO UPDATE SET fingerprint = excluded.fingerprint, refreshed_at = excluded.refreshed_at`,
    [fingerprint],
  );
  return PERSISTED;
}

/** Above this many touched tickets, recomputing them costs about a full rebuild, which runs in bounded slices. */
const MOST_LISTED_TICKETS = 100_000;

/**
 * After an import: recomputes only the facts of the tickets it wrote (its tickets and the
 * tickets of its events), when the facts were current just before it (`fingerprintBefore`
 * is the stored fingerprint then) and nothing but the import has changed since
 * (`fingerprintAfter`, taken inside the import's transaction, is what the tables say now).
 * A ticket's facts read only its own row, its own events, its import and the maps and
 * settings, which the fingerprints hold unchanged, so the result equals a full rebuild.
 * Otherwise, or when the import wrote many tickets, it rebuilds every ticket's facts.
 * Returns how many tickets it recomputed. Run it in a transaction.
 */
export async function refreshTicketFactsAfterImport(
  db: Queryable,
  settings: Settings,
  importId: number,
  fingerprints: { before: string | null; after: string },
): Promise<number> {
  const stored = await storedFactsFingerprint(db);
  const now = await ticketFactsFingerprint(db, settings);
  const listed = 'facts_listed_tickets';
  if (stored !== null && stored === fingerprints.before && now === fingerprints.after) {
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${listed} AS
       SELECT source, ticket_id FROM tickets WHERE import_id = $1
       UNION SELECT source, ticket_id FROM ticket_events WHERE import_id = $1`,
      [importId],
    );
    const [{ n }] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${listed}`);
    if (n <= MOST_LISTED_TICKETS) {
      for (const table of [FACTS, MOVES]) {
        await db.run(`DELETE FROM ${table} f WHERE EXISTS (SELECT 1 FROM ${listed} k WHERE k.source = f.source AND k.ticket_id = f.ticket_id)`);
      }
      const f = buildTicketFactsSql({}, settings, { listedIn: listed });
      await db.run(`INSERT INTO ${FACTS} SELECT * FROM (${f.sql}) ORDER BY ${STORED_ORDER}`, f.params);
      const m = buildTicketMovesSql(FACTS, { listedIn: listed });
      await db.run(`INSERT INTO ${MOVES} ${m.sql}`, m.params);
      await db.run(`UPDATE ${FACTS_SCHEMA}.ticket_facts_state SET fingerprint = $1, refreshed_at = now()`, [now]);
      await db.run(`DROP TABLE ${listed}`);
      return n;
    }
    await db.run(`DROP TABLE ${listed}`);
  }
  if (stored === now) return 0;
  await refreshTicketFacts(db, settings);
  const [{ n }] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM tickets');
  return n;
}

/** The fingerprint the persisted facts were last computed at, or null when there are none. */
async function storedFactsFingerprint(db: Queryable): Promise<string | null> {
  const [tables] = await db.all<{ facts: number; moves: number; state: number }>(
    `SELECT count(*) FILTER (WHERE table_name = $1)::INTEGER AS facts, count(*) FILTER (WHERE table_name = $3)::INTEGER AS moves,
       count(*) FILTER (WHERE table_name = 'ticket_facts_state')::INTEGER AS state
     FROM duckdb_tables() WHERE schema_name = $2 AND NOT temporary`,
    [FACTS_TABLE, FACTS_SCHEMA, MOVES_TABLE],
  );
  if (!tables.facts || !tables.moves || !tables.state) return null;
  const [state] = await db.all<{ fingerprint: string }>(`SELECT fingerprint FROM ${FACTS_SCHEMA}.ticket_facts_state`);
  return state?.fingerprint ?? null;
}

const refreshing = new WeakMap<Queryable, Promise<MaterialisedFacts>>();

function isDatabase(db: Queryable): db is Database {
  return typeof (db as Partial<Database>).transaction === 'function';
}
/** Per handle: its write generation and the settings at which the facts were last found current. */
const checked = new WeakMap<Queryable, { generation: number; settings: string }>();

/** True when the persisted facts exist and were computed from what the tables and settings hold now. */
async function factsCurrent(db: Queryable, settings: Settings): Promise<boolean> {
  const stored = await storedFactsFingerprint(db);
  return stored !== null && stored === (await ticketFactsFingerprint(db, settings));
}

/** Recomputes the persisted facts unless they are current. Run it in a transaction. */
async function refreshStaleTicketFacts(db: Queryable, settings: Settings): Promise<MaterialisedFacts> {
  return (await factsCurrent(db, settings)) ? PERSISTED : refreshTicketFacts(db, settings);
}

/**
 * The persisted facts, refreshed first when what they were computed from has changed
 * (see `ticketFactsFingerprint`). An import refreshes them before it commits (see
 * ingest/import-file.ts), so figures find them current; a change made another way (a map,
 * a setting, a removed import) makes the next figure pay the refresh. Concurrent callers on
 * one handle share one refresh. The check is read-only: a figure never writes unless the
 * facts are stale.
 */
export async function ensureTicketFacts(db: Queryable, settings: Settings): Promise<MaterialisedFacts> {
  const pending = refreshing.get(db);
  if (pending) return pending;
  // The check reads every canonical table; on a handle that counts its writes it is
  // skipped while nothing has been written since the facts were last found current.
  const generation = db.generation;
  const key = JSON.stringify(settings);
  const known = checked.get(db);
  if (generation !== undefined && known?.generation === generation && known.settings === key) return PERSISTED;
  if (await factsCurrent(db, settings)) {
    if (generation !== undefined) checked.set(db, { generation, settings: key });
    return PERSISTED;
  }
  // Checked again: another caller may have started the refresh while this one looked.
  const again = refreshing.get(db);
  if (again) return again;
  // The refresh waits behind any import in the write queue; an import rebuilds the facts
  // itself, so they are checked again once the transaction starts.
  const refreshUnlessCurrent = (q: Queryable) => refreshStaleTicketFacts(q, settings);
  const refresh = isDatabase(db) ? db.transaction(refreshUnlessCurrent) : refreshUnlessCurrent(db);
  const work = refresh.finally(() => refreshing.delete(db));
  refreshing.set(db, work);
  return work;
}

