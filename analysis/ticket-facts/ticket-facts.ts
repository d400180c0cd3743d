/**
 * Per-ticket facts: one row per ticket in view with everything the owner-based metrics
 * read (docs/metrics.md). Every metric module is a small aggregate over this relation, so
 * the definitions live here once.
 *
 * Shape, for speed at a million tickets: one GROUP BY turns each ticket's events into one
 * ordered list of small structs; the paths, the department holding the ticket at each
 * event, touches, time in other queues and the first arrival at the owner are list
 * arithmetic on that row (DuckDB's list lambdas), so the events are read and grouped once.
 * A window partitioned by ticket measured several times slower than that GROUP BY. The
 * owner is decided per ticket; business hours come from two ASOF joins on the calendar's
 * working windows (analysis/business-hours). No per-ticket loop in JavaScript.
 *
 * This module is how a metric reads them; the SQL is facts-sql.ts and the persisted table
 * facts-store.ts, both re-exported here so callers keep one import. A metric either
 * inlines the SQL as a CTE, reads the persisted table through the filters, or reads a
 * temporary table materialised once for a run of figures (`withMaterialisedFacts`).
 */
import type { DerivedTables } from '#core/derived-tables.ts';
import type { Param, Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import { buildFilterParts, type Filters } from '../filters/filters.ts';
import { buildTicketFactsSql, type TicketFacts } from './facts-sql.ts';
import { ensureTicketFacts, refreshTicketFactsAfterImport, ticketFactsFingerprint, type MaterialisedFacts } from './facts-store.ts';

export { buildTicketFactsSql, RESOLVED_STATUS_WORDS, type FactsSql, type TicketFacts } from './facts-sql.ts';
export type { FactsSlice, ListedTickets } from './facts-slices.ts';
export {
  ensureTicketFacts,
  FACTS_SCHEMA,
  FACTS_TABLE,
  MOVES,
  refreshTicketFacts,
  refreshTicketFactsAfterImport,
  SLICE_ROWS,
  ticketFactsFingerprint,
  type MaterialisedFacts,
} from './facts-store.ts';

/** Where a metric reads facts from: the inline CTE (default) or a materialised table. */
export interface MetricOptions {
  facts?: MaterialisedFacts;
}

/**
 * The facts relation for a metric: `WITH facts AS (...)` text to put before the metric's
 * own query, and the parameters it needs. Reads the materialised table when given one.
 */
export function factsSource(filters: Filters, settings: Settings, options: MetricOptions = {}): { cte: string; params: Record<string, Param> } {
  if (options.facts?.filtered) return { cte: `facts AS (SELECT * FROM ${quoteIdent(options.facts.table)})`, params: {} };
  if (options.facts) {
    const f = buildFilterParts(filters, settings.timeZone, { ownerColumn: true });
    const table = factsTableName(options.facts);
    // Not materialised: a query reading `facts` twice (the departments' three groupings)
    // would copy the rows in view first; scanning the table again skips the same row groups.
    return {
      cte: `facts AS NOT MATERIALIZED (SELECT p.* FROM (SELECT t.* FROM ${table} t WHERE ${f.ticketWhere}) p WHERE ${f.departmentWhere})`,
      params: f.params,
    };
  }
  const f = buildTicketFactsSql(filters, settings);
  return { cte: `facts AS (${f.sql})`, params: f.params };
}

/** The quoted, schema-qualified name to read a facts table by. */
export function factsTableName(facts: MaterialisedFacts): string {
  return (facts.schema ? `${quoteIdent(facts.schema)}.` : '') + quoteIdent(facts.table);
}

/** The facts a metric reads: the ones it was given, else the persisted ones. */
export async function factsFor(db: Queryable, settings: Settings, options: MetricOptions): Promise<MetricOptions> {
  return { facts: options.facts ?? (await ensureTicketFacts(db, settings)) };
}

let materialised = 0;

/**
 * Computes the facts once into a temporary table on `db`'s connection for a run of several
 * figures (the report), and drops it when `work` ends. Temporary tables are private to the
 * connection and never written to the file, so a materialisation cannot go stale: it lives
 * for one run and is recomputed by the next. `work` must read it through the `connection`
 * it is given: a pooled Database hands each statement any free connection.
 */
export async function withMaterialisedFacts<T>(
  db: Queryable,
  filters: Filters,
  settings: Settings,
  work: (facts: MaterialisedFacts, connection: Queryable) => Promise<T>,
): Promise<T> {
  const run = async (connection: Queryable) => {
    const table = `sb_ticket_facts_${process.pid}_${++materialised}`;
    const f = buildTicketFactsSql(filters, settings);
    await connection.run(`CREATE TEMP TABLE ${quoteIdent(table)} AS ${f.sql}`, f.params);
    try {
      return await work({ table, filtered: true }, connection);
    } finally {
      await connection.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    }
  };
  return db.withConnection ? db.withConnection(run) : run(db);
}

/** The facts of the tickets in view, for inspection and tests (ordered by source, ticket). */
export async function ticketFacts(db: Queryable, filters: Filters, settings: Settings): Promise<TicketFacts[]> {
  const f = buildTicketFactsSql(filters, settings);
  return db.all<TicketFacts>(`SELECT * FROM (${f.sql}) ORDER BY source, ticket_id`, f.params);
}

/** The per-ticket facts as derived tables an import keeps current (pass to importFile as `derived`). */
export const ticketFactsDerived: DerivedTables = {
  fingerprint: ticketFactsFingerprint,
  refreshAfterImport: refreshTicketFactsAfterImport,
};
