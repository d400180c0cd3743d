/**
 * Imports one export file into the database, all or nothing.
 *
 * The file is checked (exists, not empty, not binary), fingerprinted (sha256), and skipped
 * when the same bytes were already imported from the same source: importing twice changes
 * nothing. Otherwise the connector stages it and the rows are written in one transaction,
 * together with the `imports` row, so a crash or kill mid-import leaves the database as it
 * was. A failed import is still recorded, with its reason.
 */
import { createHash } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Database } from './db/database.ts';
import { ImportError } from './errors.ts';
import { pseudonymKey } from './install-key.ts';
import { loadNormalisedRows, REJECTS_DDL } from './normalised-rows.ts';
import { readSettings } from './settings.ts';
import { stageGeneric } from '../connectors/generic/stage-generic.ts';
import type { GenericMapping } from '../connectors/generic/mapping.ts';

export interface ImportOptions {
  mapping?: GenericMapping;
  /** Name shown for the file; defaults to the path's base name. */
  fileName?: string;
  dryRun?: boolean;
}

export interface RejectedRow {
  row: number;
  column: string;
  value: string | null;
  reason: string;
}

export interface ImportSummary {
  importId: number | null;
  fileName: string;
  source: string;
  connector: string;
  status: 'succeeded' | 'unchanged' | 'dry-run';
  rowsRead: number;
  ticketsImported: number;
  ticketsNew: number;
  eventsImported: number;
  rowsRejected: number;
  rejects: RejectedRow[];
  notes: string[];
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function checkReadable(path: string, fileName: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new ImportError('SB_ERR_UNREADABLE', `${fileName}: is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError('SB_ERR_UNREADABLE', `${fileName}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the path`);
  }
  if (size === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${fileName}: is empty; export the tickets again`);
  const head = Buffer.alloc(Math.min(size, 8192));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (!utf16 && head.includes(0)) {
    throw new ImportError('SB_ERR_BINARY_FILE', `${fileName}: is a binary file, not a ticket export; export the tickets as CSV`);
  }
}

export async function importFile(db: Database, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const fileName = options.fileName ?? basename(path);
  const source = options.mapping?.source ?? 'generic';
  const connector = 'generic-csv';
  const startedAt = new Date();
  let checksum: string | null = null;
  try {
    checkReadable(path, fileName);
    checksum = await sha256File(path);
    const previous = await db.all<{ import_id: number }>(
      "SELECT import_id FROM imports WHERE checksum = $1 AND source = $2 AND status = 'succeeded'",
      [checksum, source],
    );
    const empty = { rowsRead: 0, ticketsImported: 0, ticketsNew: 0, eventsImported: 0, rowsRejected: 0, rejects: [] };
    if (previous.length && !options.dryRun) {
      return {
        ...empty, importId: previous[0].import_id, fileName, source, connector, status: 'unchanged',
        notes: [`${fileName} was already imported as import ${previous[0].import_id}; nothing changed`],
      };
    }
    const settings = await readSettings(db);
    const key = await pseudonymKey(db);

    return await db.transaction(
      async (tx) => {
        const [{ id }] = await tx.all<{ id: number }>("SELECT nextval('import_ids')::INTEGER AS id");
        await tx.run(REJECTS_DDL);
        const staged = await stageGeneric(tx, {
          filePath: path, fileName, mapping: options.mapping, districtTimeZone: settings.timeZone,
        });
        const counts = await loadNormalisedRows(tx, { source, importId: id, pseudonymKey: key });
        const rejects = await tx.all<RejectedRow>(
          'SELECT (_row + 2)::INTEGER AS row, column_name AS "column", value, reason FROM rejects ORDER BY _row, column_name',
        );
        if (counts.ticketsImported === 0) {
          const first = rejects[0];
          throw new ImportError(
            'SB_ERR_NO_VALID_ROWS',
            `${fileName}: no row could be imported` + (first ? `; row ${first.row}, column '${first.column}': ${first.reason}` : ''),
          );
        }
        await tx.run(
          `INSERT INTO imports (import_id, source, connector, file_name, checksum, rows_read, tickets_imported,
             events_imported, rows_rejected, status, default_landing_department, started_at, finished_at, message)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'succeeded', $10, $11, now(), $12)`,
          [id, source, connector, fileName, checksum, staged.rowsRead, counts.ticketsImported, counts.eventsImported,
            counts.rowsRejected, staged.mapping.defaultLandingDepartment ?? settings.defaultLandingDepartment,
            startedAt, staged.notes.join('\n')],
        );
        return {
          importId: options.dryRun ? null : id, fileName, source: staged.mapping.source, connector,
          status: options.dryRun ? 'dry-run' : 'succeeded', rowsRead: staged.rowsRead, ...counts, rejects,
          notes: staged.notes,
        } satisfies ImportSummary;
      },
      { rollback: options.dryRun },
    );
  } catch (error) {
    const wrapped =
      error instanceof ImportError
        ? error
        : new ImportError('SB_ERR_UNREADABLE', `${fileName}: could not be read as a ticket export (${(error as Error).message.split('\n')[0]})`);
    if (!options.dryRun) {
      await db.run(
        `INSERT INTO imports (source, connector, file_name, checksum, status, started_at, finished_at, message)
         VALUES ($1, $2, $3, $4, 'failed', $5, now(), $6)`,
        [source, connector, fileName, checksum, startedAt, wrapped.message],
      );
    }
    throw wrapped;
  }
}
