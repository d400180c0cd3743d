/**
 * The imports ledger: list what was imported, and remove one import's rows.
 *
 * Removal deletes, in one transaction, the tickets whose `import_id` is the import (the
 * import that last wrote them), every event of those tickets, and the events the import
 * added to tickets that a later import last wrote; then marks the import `removed`, so
 * the same file can be imported again. A ticket that a later import updated belongs to
 * that later import and stays, with the values it holds now (its attributes are not rolled
 * back to what they were before the removed import).
 */
import type { Database } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';

export interface ImportRecord {
  import_id: number;
  source: string;
  connector: string;
  file_name: string | null;
  status: 'succeeded' | 'failed' | 'removed';
  rows_read: number;
  tickets_imported: number;
  events_imported: number;
  rows_rejected: number;
  started_at: Date;
  finished_at: Date | null;
  message: string | null;
}

export async function listImports(db: Database): Promise<ImportRecord[]> {
  return db.all<ImportRecord>(
    `SELECT import_id, source, connector, file_name, status, rows_read::INTEGER AS rows_read,
       tickets_imported::INTEGER AS tickets_imported, events_imported::INTEGER AS events_imported,
       rows_rejected::INTEGER AS rows_rejected, started_at, finished_at, message
     FROM imports ORDER BY import_id`,
  );
}

export interface RemovalCounts {
  importId: number;
  ticketsRemoved: number;
  eventsRemoved: number;
}

export async function removeImport(db: Database, importId: number): Promise<RemovalCounts> {
  return db.transaction(async (tx) => {
    const found = await tx.all<{ status: string; source: string }>('SELECT status, source FROM imports WHERE import_id = $1', [importId]);
    if (!found.length) throw new ImportError('SB_ERR_UNKNOWN_IMPORT', `there is no import ${importId}; 'switchboard imports list' shows them`);
    if (found[0].status !== 'succeeded') {
      throw new ImportError('SB_ERR_UNKNOWN_IMPORT', `import ${importId} is ${found[0].status}; only a succeeded import has rows to remove`);
    }
    const source = found[0].source;
    await tx.run(
      'CREATE OR REPLACE TEMP TABLE removed_tickets AS SELECT ticket_id FROM tickets WHERE source = $1 AND import_id = $2',
      [source, importId],
    );
    const [{ events }] = await tx.all<{ events: number }>(
      `SELECT count(*)::INTEGER AS events FROM ticket_events WHERE source = $1
         AND (import_id = $2 OR ticket_id IN (SELECT ticket_id FROM removed_tickets))`,
      [source, importId],
    );
    const [{ tickets }] = await tx.all<{ tickets: number }>('SELECT count(*)::INTEGER AS tickets FROM removed_tickets');
    await tx.run(
      `DELETE FROM ticket_events WHERE source = $1 AND (import_id = $2 OR ticket_id IN (SELECT ticket_id FROM removed_tickets))`,
      [source, importId],
    );
    await tx.run('DELETE FROM tickets WHERE source = $1 AND import_id = $2', [source, importId]);
    await tx.run(
      `UPDATE imports SET status = 'removed',
         message = coalesce(message || chr(10), '') || 'removed ' || strftime(now(), '%Y-%m-%d %H:%M:%S') || ' UTC: ' || $2 || ' tickets, ' || $3 || ' events'
       WHERE import_id = $1`,
      [importId, tickets, events],
    );
    return { importId, ticketsRemoved: tickets, eventsRemoved: events };
  });
}
