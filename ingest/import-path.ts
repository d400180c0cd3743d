/**
 * Imports what a person hands over: a file (an .xlsx workbook counts as one), or a zip of files. Each file in a zip becomes
 * its own import (all or nothing each), named `archive.zip:entry.csv`; an archive that is
 * unsafe or damaged is refused as a whole before anything is written, and recorded as a
 * failed import. Returns one outcome per file, so one bad file never hides the others.
 */
import { basename } from 'node:path';
import type { Database } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import { asImportError, importFile, recordFailedImport, type ImportOptions, type ImportSummary } from './import-file.ts';
import { isZip, sha256File } from '#file-input/prepare-file.ts';
import { isXlsx } from '#file-input/xlsx/xlsx-to-csv.ts';
import { DEFAULT_ZIP_LIMITS, unzipExports, type ZipLimits } from '#file-input/zip.ts';
import { createReadStream } from 'node:fs';

export interface ImportOutcome {
  fileName: string;
  summary?: ImportSummary;
  error?: ImportError;
}

export interface ImportPathOptions extends ImportOptions {
  zipLimits?: ZipLimits;
}

async function startsLikeZip(path: string): Promise<boolean> {
  try {
    for await (const chunk of createReadStream(path, { start: 0, end: 3 })) return isZip(chunk as Buffer);
  } catch {
    // Unreadable files are reported by importFile with their reason.
  }
  return false;
}

async function importOne(db: Database, path: string, options: ImportOptions): Promise<ImportOutcome> {
  const fileName = options.fileName ?? basename(path);
  try {
    return { fileName, summary: await importFile(db, path, options) };
  } catch (e) {
    if (e instanceof ImportError) return { fileName, error: e };
    throw e;
  }
}

export async function importPath(db: Database, path: string, options: ImportPathOptions = {}): Promise<ImportOutcome[]> {
  const archiveName = options.fileName ?? basename(path);
  // A workbook is a zip too, but one export (its sheet), not an archive of exports.
  if (!(await startsLikeZip(path)) || (await isXlsx(path))) return [await importOne(db, path, options)];
  const startedAt = new Date();
  const unzipped = await unzipExports(path, archiveName, options.zipLimits ?? DEFAULT_ZIP_LIMITS);
  try {
    if (!unzipped.entries) {
      const error = new ImportError('SB_ERR_BAD_ARCHIVE', unzipped.error!);
      if (!options.dryRun) {
        await recordFailedImport(db, {
          source: options.mapping?.source ?? 'unknown', connector: 'zip', fileName: archiveName,
          checksum: await sha256File(path), startedAt, message: error.message,
        });
      }
      return [{ fileName: archiveName, error }];
    }
    if (unzipped.entries.length === 0) {
      const error = new ImportError('SB_ERR_EMPTY_FILE', `${archiveName}: holds no CSV, text or JSON files${unzipped.skipped.length ? ` (skipped ${unzipped.skipped.join(', ')})` : ''}`);
      return [{ fileName: archiveName, error }];
    }
    const outcomes: ImportOutcome[] = [];
    for (const entry of unzipped.entries) {
      outcomes.push(await importOne(db, entry.path, { ...options, fileName: `${archiveName}:${entry.name}` }));
    }
    return outcomes;
  } catch (e) {
    throw asImportError(e, archiveName);
  } finally {
    unzipped.cleanup();
  }
}
