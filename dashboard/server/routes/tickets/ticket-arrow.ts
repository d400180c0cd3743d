/**
 * The whole ticket list as an Arrow IPC stream file: the list's own SQL (ticket-list-sql.ts,
 * so the filters, search and order are the page's and the CSV's) through the Arrow writer
 * of the facts stream (analysis/export's writeArrow over core/arrow's column batches). A
 * department head's row rule is a clause of that SQL (`visibleTo`), not a check per row.
 *
 * Written to a temporary file before it is sent, as the facts stream is: apache-arrow's
 * writer queues every batch it is given without waiting for its reader, so writing straight
 * to a slow client would gather the whole list in memory. The file keeps memory one batch
 * deep and gives the DuckDB connection back as soon as the list is written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import { describe, writeArrow } from '#analysis/export/write-export.ts';
import { allRowsSql } from './ticket-list-sql.ts';
import { listSql, type TicketListQuery } from './ticket-list.ts';

export interface ArrowFile {
  path: string;
  /** Removes the file and its folder; call it once the file has been sent. */
  cleanUp: () => void;
}

export async function ticketArrowFile(
  db: Database,
  q: TicketListQuery,
  settings: Settings,
): Promise<ArrowFile> {
  const list = await listSql(db, q, settings);
  const sql = allRowsSql(list);
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-tickets-'));
  const path = join(dir, 'tickets.arrows');
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  const connection = await db.connect();
  try {
    await writeArrow(
      connection,
      sql,
      await describe(connection, sql, list.params),
      path,
      'stream',
      list.params,
    );
    return { path, cleanUp };
  } catch (e) {
    cleanUp();
    throw e;
  } finally {
    connection.closeSync();
  }
}
