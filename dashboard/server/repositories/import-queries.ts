/** The import history and the rejected rows kept per import (migration 006). */
import type { Queryable } from '#core/db/database.ts';
import type { RejectedRow } from '#ingest/import-file.ts';

export interface ImportRow {
  importId: number;
  source: string;
  connector: string;
  fileName: string | null;
  rowsRead: number;
  ticketsImported: number;
  eventsImported: number;
  rowsRejected: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  message: string | null;
}

export async function listImports(db: Queryable): Promise<ImportRow[]> {
  const rows = await db.all<Omit<ImportRow, 'startedAt' | 'finishedAt'> & { startedAt: Date; finishedAt: Date | null }>(
    `SELECT import_id AS "importId", source, connector, file_name AS "fileName", rows_read::INTEGER AS "rowsRead",
       tickets_imported::INTEGER AS "ticketsImported", events_imported::INTEGER AS "eventsImported",
       rows_rejected::INTEGER AS "rowsRejected", status, started_at AS "startedAt", finished_at AS "finishedAt", message
     FROM imports ORDER BY started_at DESC, import_id DESC LIMIT 500`,
  );
  return rows.map((r) => ({ ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null }));
}

export async function saveRejects(db: Queryable, importId: number, rejects: RejectedRow[]): Promise<void> {
  if (!rejects.length) return;
  await db.run(
    `INSERT INTO import_rejects
     SELECT $id, r.row::INTEGER, r.col, r.val, r.reason
     FROM (SELECT unnest($rows) AS row, unnest($cols) AS col, unnest($vals) AS val, unnest($reasons) AS reason) r`,
    {
      id: importId,
      rows: rejects.map((r) => String(r.row)),
      cols: rejects.map((r) => r.column),
      vals: rejects.map((r) => r.value ?? ''),
      reasons: rejects.map((r) => r.reason),
    },
  );
}

export async function importRejects(db: Queryable, importId: number): Promise<RejectedRow[]> {
  return db.all<RejectedRow>(
    'SELECT row_number AS row, column_name AS "column", value, reason FROM import_rejects WHERE import_id = $1 ORDER BY row_number, column_name',
    [importId],
  );
}
