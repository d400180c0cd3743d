/**
 * Runs a vendor connector's staging and the ingest's loader in one transaction on an
 * in-memory database, as import-file.ts does, and reads back what a person checks by
 * hand: group paths, events and rejects.
 */
import { resolve } from 'node:path';
import type { ConnectionQueries } from '#core/db/database.ts';
import { Database } from '#core/db/database.ts';
import { loadNormalisedRows, REJECTS_DDL } from '#ingest/normalised-rows.ts';
import type { StageResult } from '#connectors/kit/connector.ts';
import { ticketPathsCte } from '#analysis/ticket-paths/ticket-paths.ts';

export const vendorFixture = (...parts: string[]) => resolve(import.meta.dirname, '../../fixtures/vendors', ...parts);

export interface Ingested {
  db: Database;
  staged: StageResult;
  rejects: { row: number; column_name: string; value: string | null; reason: string }[];
}

export async function ingestWith(stage: (tx: ConnectionQueries) => Promise<StageResult>): Promise<Ingested> {
  const db = await Database.open(':memory:');
  const out = await db.transaction(async (tx) => {
    await tx.run(REJECTS_DDL);
    const staged = await stage(tx);
    await loadNormalisedRows(tx, { source: staged.source, importId: 1, pseudonymKey: 'test-key' });
    const rejects = await tx.all<Ingested['rejects'][number]>(
      'SELECT (_row + 2)::INTEGER AS row, column_name, value, reason FROM rejects ORDER BY _row, column_name',
    );
    return { staged, rejects };
  });
  return { db, ...out };
}

/** ticket id -> group path, through the same CTE every metric uses. */
export async function groupPaths(db: Database): Promise<Record<string, string[]>> {
  const rows = await db.all<{ ticket_id: string; group_path: string[] }>(
    `WITH ${ticketPathsCte()} SELECT ticket_id, group_path FROM p ORDER BY ticket_id`,
    { default_landing: 'Technology' },
  );
  return Object.fromEntries(rows.map((r) => [r.ticket_id, r.group_path]));
}

export interface EventRow {
  ticket_id: string;
  seq: number;
  at: string;
  kind: string;
  group_after: string | null;
  automated: boolean;
  detail: string | null;
}

export async function eventsOf(db: Database, ticketId: string): Promise<Omit<EventRow, 'ticket_id' | 'seq'>[]> {
  const rows = await db.all<EventRow>(
    `SELECT strftime(occurred_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS at, kind, group_after, automated, detail
     FROM ticket_events WHERE ticket_id = $1 ORDER BY seq`,
    [ticketId],
  );
  return rows;
}

export async function ticketOf(db: Database, ticketId: string): Promise<Record<string, unknown>> {
  const [row] = await db.all(
    `SELECT strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS created, status, request_type, channel, location, subject, sensitive,
       requester IS NOT NULL AS has_requester, resolution_code
     FROM tickets WHERE ticket_id = $1`,
    [ticketId],
  );
  return row;
}
