/**
 * Imports one export file into the database, all or nothing.
 *
 * The file is prepared (refused when empty or binary; decoded and sniffed: encoding,
 * gzip, delimiter, header), a connector is chosen (named, or detected from the sample,
 * with its reason), and the file is fingerprinted (sha256) and skipped when the same bytes
 * were already imported by the same connector: importing twice changes nothing. Otherwise
 * the connector stages it and the rows are written in one transaction, together with the
 * `imports` row, so a crash or kill mid-import leaves the database as it was. A failed
 * import is still recorded, with its reason. Archives go through import-path.ts.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { ConnectionQueries, Database } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import { pseudonymKey } from '#core/install-key.ts';
import { loadNormalisedRows, REJECTS_DDL } from './normalised-rows.ts';
import { FACTS_REBUILD_MEMORY_LIMIT, withStagingMemoryLimit } from '#core/db/staging-tables.ts';
import { readSettings } from '#core/settings.ts';
import { caseTwin, departmentNamesInUse } from '#core/department-names.ts';
import { chooseConnector } from './choose-connector.ts';
import { prepareFile, sha256File, type PreparedFile } from '#file-input/prepare-file.ts';
import type { GenericMapping } from '#connectors/generic/mapping.ts';
import type { GenericField } from '#connectors/generic/field-names.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import type { DerivedTables } from '#core/derived-tables.ts';

export { sha256File } from '#file-input/prepare-file.ts';

export interface ImportProgress {
  fileName: string;
  /**
   * reading: sampling and decoding; staging: DuckDB reads the file; writing: the canonical
   * tables; committing: the import lands; figures: the per-ticket facts the figures read.
   */
  phase: 'reading' | 'staging' | 'writing' | 'committing' | 'figures' | 'done';
  /** DuckDB's estimate for the running statement, 0-100, when it has one. */
  percent: number | null;
}

export interface ImportOptions {
  /**
   * Aborted when the person stops the import (Ctrl-C): the running statements are
   * interrupted by the caller, the import rolls back and is recorded as stopped.
   */
  signal?: AbortSignal;
  /** 'auto' (default: detect from the file) or a connector's name. */
  source?: string;
  mapping?: GenericMapping;
  /** 'file' (default) for `--mapping`; 'confirmed' for columns a person confirmed on the upload page. */
  mappingOrigin?: 'file' | 'confirmed';
  /** Column answers (`--field name=COLUMN`; '' = none) for a connector that detects columns. */
  answers?: Partial<Record<GenericField, string>>;
  /** Name shown for the file; defaults to the path's base name. */
  fileName?: string;
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Files staged with this one as one import (see StageOptions.companionFiles); part of the checksum. */
  companionFiles?: string[];
  /**
   * Runs inside the import's transaction, after its rows: a pull saves its cursor here so
   * that a page and the cursor after it commit together or not at all.
   */
  withinTransaction?: (tx: ConnectionQueries) => Promise<void>;
  /**
   * The derived tables (the per-ticket facts) to bring up to date once the import commits.
   * Without them they are left stale for the next figure to rebuild.
   */
  derived?: DerivedTables;
  /**
   * Refresh `derived` after the commit (default: yes, except for a pull's page, which
   * passes `withinTransaction`; a pull of many pages leaves it to the next figure rather
   * than rebuilding once per page).
   */
  refreshFacts?: boolean;
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
  /** Why this connector read the file. */
  connectorReason: string;
  status: 'succeeded' | 'unchanged' | 'dry-run';
  rowsRead: number;
  ticketsImported: number;
  ticketsNew: number;
  eventsImported: number;
  rowsRejected: number;
  rejects: RejectedRow[];
  notes: string[];
  /** Tickets whose per-ticket facts were recomputed after the import (all of them, or only the ones it wrote). */
  ticketFactsRecomputed?: number;
  /** Wall seconds of each phase the import went through, in order: where its time went. */
  phaseSeconds?: Partial<Record<Exclude<ImportProgress['phase'], 'done'>, number>>;
}

export async function recordFailedImport(
  db: Database,
  failure: { source: string; connector: string; fileName: string; checksum: string | null; startedAt: Date; message: string },
): Promise<void> {
  await db.run(
    `INSERT INTO imports (source, connector, file_name, checksum, status, started_at, finished_at, message)
     VALUES ($1, $2, $3, $4, 'failed', $5, now(), $6)`,
    [failure.source, failure.connector, failure.fileName, failure.checksum, failure.startedAt, failure.message],
  );
}

export function asImportError(error: unknown, fileName: string, paths: string[] = []): ImportError {
  if (error instanceof ImportError) return error;
  // DuckDB's messages quote the path it read (an upload's temp file, a transcoded copy):
  // the person knows the file by its name, and server paths are not for clients.
  const message = (error as Error).message;
  // DuckDB names the line of an over-long row wrongly (its line 1 of a buffer) and quotes the whole row.
  const tooLong = /Maximum line size of (\d+) bytes exceeded/.exec(message);
  if (tooLong) {
    return new ImportError('SB_ERR_UNREADABLE', `${fileName}: a row is longer than ${tooLong[1]} bytes, the most one row may hold; look for a quote that is never closed or a value pasted in by mistake, and export again`);
  }
  let detail = message.split('\n')[0];
  for (const p of paths) if (p) detail = detail.replaceAll(p, fileName);
  return new ImportError('SB_ERR_UNREADABLE', `${fileName}: could not be read as a ticket export (${detail})`);
}

/**
 * Rebuilds the per-ticket facts every figure reads (a cache of the canonical tables) right
 * after an import commits, so the first figure after it reads them instead of paying the
 * rebuild. Its own transaction, not the import's: the rebuild reads committed rows, which
 * measured a third faster than the import's uncommitted ones at a million tickets. When
 * the facts were current before the import, only the tickets it wrote are recomputed
 * (refreshTicketFactsAfterImport). A figure asked meanwhile finds the facts stale and
 * waits for this rebuild in the write queue (ensureTicketFacts), so no figure mixes new
 * rows with old facts. In slices, under a memory limit when the import was bounded
 * (analysis/ticket-facts, core/db/staging-tables.ts). The import has landed whatever happens
 * here: a failed rebuild is left to the next figure and said in the notes.
 */
async function refreshFactsAfterImport(
  db: Database,
  derived: DerivedTables,
  bounded: boolean,
  importId: number,
  fingerprints: { before: string | null; after: string },
): Promise<{ recomputed: number | null; notes: string[] }> {
  try {
    const recomputed = await db.transaction(async (tx) => {
      // Settings as the figures will read them (the import may have created the pseudonym key).
      const settings = await readSettings(tx);
      return withStagingMemoryLimit(tx, db, bounded, () => derived.refreshAfterImport(tx, settings, importId, fingerprints), FACTS_REBUILD_MEMORY_LIMIT);
    });
    return { recomputed, notes: [] };
  } catch (error) {
    return { recomputed: null, notes: [`the figures' per-ticket facts were not rebuilt (${(error as Error).message.split('\n')[0]}); the next figure rebuilds them`] };
  }
}

/** Seconds from each phase's start to the next one's, rounded to tenths. */
function phaseDurations(starts: { phase: ImportProgress['phase']; at: number }[]): ImportSummary['phaseSeconds'] {
  const seconds: ImportSummary['phaseSeconds'] = {};
  starts.forEach(({ phase, at }, i) => {
    const next = starts[i + 1];
    if (phase !== 'done' && next) seconds[phase] = Math.round((next.at - at) / 100) / 10;
  });
  return seconds;
}

export async function importFile(db: Database, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const fileName = options.fileName ?? basename(path);
  const startedAt = new Date();
  const phaseStarts: { phase: ImportProgress['phase']; at: number }[] = [];
  const progress = (phase: ImportProgress['phase'], percent: number | null = null) => {
    if (phaseStarts.at(-1)?.phase !== phase) phaseStarts.push({ phase, at: performance.now() });
    options.onProgress?.({ fileName, phase, percent });
  };
  /** A new phase before the commit: a stop is seen here between statements (a running one is interrupted by the caller). */
  const enter = (phase: 'reading' | 'staging' | 'writing' | 'committing') => {
    options.signal?.throwIfAborted();
    progress(phase);
  };
  let prepared: PreparedFile | undefined;
  let connectorName = options.mapping ? 'generic' : options.source && options.source !== 'auto' ? options.source : 'unknown';
  try {
    enter('reading');
    prepared = await prepareFile(path, fileName, { delimiter: options.mapping?.delimiter, sheet: options.mapping?.sheet });
    if (options.companionFiles?.length) {
      // The import is all its files: the same first file with other companions is new.
      const parts = [prepared.checksum, ...(await Promise.all(options.companionFiles.map((p) => sha256File(p))))];
      prepared = { ...prepared, checksum: createHash('sha256').update(parts.join('\n')).digest('hex') };
    }
    const choice = chooseConnector(prepared.sample, { source: options.source, hasMapping: !!options.mapping, mappingOrigin: options.mappingOrigin });
    const connector = choice.connector;
    connectorName = connector.name;
    const previous = await db.all<{ import_id: number }>(
      `SELECT import_id FROM imports WHERE checksum = $1 AND connector = $2 AND status = 'succeeded'
         AND ($3::VARCHAR IS NULL OR source = $3) ORDER BY import_id LIMIT 1`,
      [prepared.checksum, connector.name, options.mapping?.source ?? null],
    );
    if (previous.length && !options.dryRun) {
      const [{ source }] = await db.all<{ source: string }>('SELECT source FROM imports WHERE import_id = $1', [previous[0].import_id]);
      // Nothing is read this time, so the counts are zero: the note names the import it matches.
      return {
        importId: previous[0].import_id, fileName, source, connector: connector.name, connectorReason: choice.reason,
        status: 'unchanged', rowsRead: 0, ticketsImported: 0, ticketsNew: 0, eventsImported: 0, rowsRejected: 0, rejects: [],
        notes: [`${fileName} is identical to import ${previous[0].import_id}; importing it again changes nothing`],
      };
    }
    const settings = await readSettings(db);
    const derived = options.dryRun || !(options.refreshFacts ?? !options.withinTransaction) ? undefined : options.derived;
    let importId = 0;
    let fingerprintBefore: string | null = null;
    let fingerprintAfter = '';
    const key = await pseudonymKey(db);
    const file = prepared;

    return await db.transaction(
      async (tx) => {
        let phase: ImportProgress['phase'] = 'staging';
        let poll: NodeJS.Timeout | undefined;
        if (options.onProgress) {
          await tx.run('SET enable_progress_bar = true');
          await tx.run('SET enable_progress_bar_print = false');
          // DuckDB estimates the running statement's progress; the connection can be asked
          // from here while the statement runs on DuckDB's own threads.
          poll = setInterval(() => {
            const p = tx.connection.progress.percentage;
            progress(phase, p >= 0 ? Math.min(100, p) : null);
          }, 200);
        }
        try {
          const [{ id }] = await tx.all<{ id: number }>("SELECT nextval('import_ids')::INTEGER AS id");
          importId = id;
          // What the facts were computed from before this import wrote anything (inside its
          // transaction, so nothing else writes in between), to recompute only its tickets.
          if (derived) fingerprintBefore = await derived.fingerprint(tx, settings);
          await tx.run(REJECTS_DDL);
          enter('staging');
          // A connector that stages into the database file with one row per file row runs
          // its import in bounded memory (core/db/staging-tables.ts); one that stages temp
          // tables does not (a JSON reader's buffer alone can exceed the limit).
          const bounded = connector.stagesBoundedRows === true;
          const { staged, counts } = await withStagingMemoryLimit(tx, db, bounded, async () => {
            const staged = await connector.stage(tx, {
              filePath: file.path, fileName, mapping: options.mapping, districtTimeZone: settings.timeZone,
              delimiter: file.delimiter, format: file.format, answers: options.answers,
              companionFiles: options.companionFiles?.map((p, i) => ({ filePath: p, fileName: `${fileName} (${i + 2})` })),
            });
            phase = 'writing';
            enter('writing');
            const counts = await loadNormalisedRows(tx, {
              source: staged.source, importId: id, pseudonymKey: key, ...(bounded ? { uniqueRows: true } : {}), db, firstRowNumber: 2 + (file.rowOffset ?? 0),
            });
            // Tickets whose group path the file does not give (a snapshot, a reassignment count).
            if (staged.ticketPathsTable) {
              await tx.run(
                `UPDATE tickets SET path_known = p.path_known, source_hops = p.source_hops FROM ${quoteIdent(staged.ticketPathsTable)} p
                 WHERE tickets.source = $source AND tickets.ticket_id = p.ticket_id`,
                { source: staged.source },
              );
            }
            return { staged, counts };
          });
          const rejects = await tx.all<RejectedRow>(
            // Numbered as the file shows rows: after its header line, and a sheet's title rows.
            'SELECT (_row + 2 + $1)::INTEGER AS row, column_name AS "column", value, reason FROM rejects ORDER BY _row, column_name',
            [file.rowOffset ?? 0],
          );
          if (counts.ticketsImported === 0) {
            const first = rejects[0];
            throw new ImportError(
              'SB_ERR_NO_VALID_ROWS',
              `${fileName}: no row could be imported` + (first ? `; row ${first.row}, column '${first.column}': ${first.reason}` : ''),
            );
          }
          const { notes: rowNotes, ...loaded } = counts;
          const notes = [`connector ${choice.reason}`, ...file.notes, ...staged.notes, ...rowNotes];
          // A mapping file's landing department in other capitals ("payroll") is the district's own (Payroll).
          const asSpelled = staged.defaultLandingDepartment && caseTwin(await departmentNamesInUse(tx), staged.defaultLandingDepartment);
          if (asSpelled) notes.push(`defaultLandingDepartment "${staged.defaultLandingDepartment}" is the department ${asSpelled}: tickets created without a group land in ${asSpelled}`);
          await tx.run(
            `INSERT INTO imports (import_id, source, connector, file_name, checksum, rows_read, tickets_imported,
               events_imported, rows_rejected, status, default_landing_department, started_at, finished_at, message)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'succeeded', $10, $11, now(), $12)`,
            [id, staged.source, connector.name, fileName, file.checksum, staged.rowsRead, counts.ticketsImported,
              counts.eventsImported, counts.rowsRejected, asSpelled || (staged.defaultLandingDepartment ?? settings.defaultLandingDepartment),
              startedAt, notes.join('\n')],
          );
          if (options.withinTransaction) await options.withinTransaction(tx);
          if (derived) fingerprintAfter = await derived.fingerprint(tx, settings);
          phase = 'committing';
          enter('committing');
          return {
            importId: options.dryRun ? null : id, fileName, source: staged.source, connector: connector.name,
            connectorReason: choice.reason, status: options.dryRun ? 'dry-run' : 'succeeded', rowsRead: staged.rowsRead,
            ...loaded, rejects, notes,
          } satisfies ImportSummary;
        } finally {
          if (poll) clearInterval(poll);
        }
      },
      { rollback: options.dryRun },
    ).then(async (committed) => {
      const summary: ImportSummary = committed;
      if (derived) {
        progress('figures');
        try {
          const facts = await refreshFactsAfterImport(db, derived, connector.stagesBoundedRows === true, importId, { before: fingerprintBefore, after: fingerprintAfter });
          summary.notes.push(...facts.notes);
          if (facts.recomputed !== null) summary.ticketFactsRecomputed = facts.recomputed;
        } catch (error) {
          // The import has landed; stopped while refreshing the figures, they are stale,
          // and the figures rebuild them when they are next read (their fingerprint differs).
          if (!options.signal?.aborted) throw error;
          summary.notes.push('stopped before the figures were refreshed: they are recomputed when next read');
        }
      }
      progress('done', 100);
      return { ...summary, phaseSeconds: phaseDurations(phaseStarts) };
    });
  } catch (error) {
    const wrapped = options.signal?.aborted
      ? new ImportError('SB_ERR_STOPPED', `${fileName}: stopped before it finished; nothing of it was imported. Run the same command again to import it`)
      : asImportError(error, fileName, [prepared?.path ?? '', path]);
    if (!options.dryRun) {
      await recordFailedImport(db, {
        source: options.mapping?.source ?? connectorName, connector: connectorName, fileName,
        checksum: prepared?.checksum ?? null, startedAt, message: wrapped.message,
      });
    }
    throw wrapped;
  } finally {
    prepared?.cleanup();
  }
}
