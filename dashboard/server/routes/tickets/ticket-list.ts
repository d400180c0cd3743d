/**
 * The ticket list's I/O around ticket-list-sql.ts: one page with the total, and the whole
 * list as CSV lines read from DuckDB chunk by chunk, so a million-ticket download holds one
 * chunk in memory, not the list.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { bindParams, bindTypes, type Database, type Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '#analysis/filters/filters.ts';
import { csvCell } from '#analysis/report/report.ts';
import { factsFor, factsSource } from '#analysis/ticket-facts/ticket-facts.ts';
import type { TicketRow } from '../../repositories/ticket-queries.ts';
import { allRowsSql, buildTicketListSql, countSql, pageSql, type TicketListSpec, type TicketListSql } from './ticket-list-sql.ts';

export type TicketListQuery = Filters & TicketListSpec;

export async function listSql(db: Queryable, q: TicketListQuery, settings: Settings): Promise<TicketListSql> {
  const { firstLanding, resolver, owner, resolvedElsewhere, misrouted, redirected, q: search, sort, dir, visibleTo, ...rest } = q;
  const filters: Filters = { from: rest.from, to: rest.to, department: rest.department, location: rest.location, requestType: rest.requestType, source: rest.source };
  // The persisted per-ticket facts (rebuilt by each import), as every figure reads them.
  const facts = factsSource(filters, settings, await factsFor(db, settings, {}));
  return buildTicketListSql({ firstLanding, resolver, owner, resolvedElsewhere, misrouted, redirected, q: search, sort, dir, visibleTo }, facts);
}

type RawRow = Omit<TicketRow, 'createdAt'> & { createdAt: Date };

export async function listTickets(
  db: Queryable,
  q: TicketListQuery & { limit: number; offset: number },
  settings: Settings,
): Promise<{ total: number; tickets: TicketRow[] }> {
  const list = await listSql(db, q, settings);
  const [{ total }] = await db.all<{ total: number }>(countSql(list), list.params);
  const rows = await db.all<RawRow>(pageSql(list), { ...list.params, q_limit: q.limit, q_offset: q.offset });
  return { total, tickets: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
}

export const CSV_COLUMNS = [
  'ticket_id', 'source', 'created_at', 'status', 'request_type', 'location', 'subject', 'sensitive',
  'first_landing', 'owner', 'resolver', 'misrouted', 'redirected', 'hops', 'department_path',
] as const;

/** One ticket as a CSV line (formula-safe cells, analysis/report's csvCell); the path reads "A -> B". */
export function csvLine(r: RawRow): string {
  const cells = [
    r.ticketId, r.source, r.createdAt, r.status, r.requestType, r.location, r.subject, r.sensitive,
    r.firstLanding, r.owner, r.resolver, r.misrouted, r.redirected, r.hops, (r.departmentPath ?? []).join(' -> '),
  ];
  return cells.map(csvCell).join(',');
}

/**
 * The whole list as CSV text, header first, in the list's order. Runs on its own connection
 * (closed when the stream ends or the client goes away). `keep` drops rows a reader may not
 * see, a second guard behind the department filter.
 */
export async function* ticketCsv(db: Database, q: TicketListQuery, settings: Settings, keep: (r: RawRow) => boolean): AsyncGenerator<string> {
  const list = await listSql(db, q, settings);
  const connection: DuckDBConnection = await db.connect();
  try {
    const result = await connection.stream(allRowsSql(list), bindParams(list.params), bindTypes(list.params));
    yield `${CSV_COLUMNS.join(',')}\r\n`;
    for await (const chunk of result.yieldRowObjectJs()) {
      const lines: string[] = [];
      for (const raw of chunk) {
        const r = raw as unknown as RawRow;
        if (keep(r)) lines.push(`${csvLine(r)}\r\n`);
      }
      if (lines.length) yield lines.join('');
    }
  } finally {
    connection.closeSync();
  }
}
