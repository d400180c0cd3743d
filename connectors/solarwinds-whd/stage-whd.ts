/**
 * Web Help Desk's thin I/O: one file of tickets (ra/Tickets JSON or the ticket report CSV)
 * is projected by DuckDB into `whd_tickets`, its date format ranked on its first rows and
 * checked from its rejects and notes (kit/read-export.ts), and the pure builders fill
 * `norm_rows` and `rejects`. Pages of one pull come as companion files and are read the
 * same way, one after another.
 */
import type { ConnectionQueries } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import type { StageResult } from '../kit/connector.ts';
import { checkDateFormats, csvProjectionSql, type DateFormatCheck, fileDateFormat, matchHeaders, rejectCutOffRow } from '../kit/read-export.ts';
import { readRaw, stageJsonFields, stageNormRows, stageTable } from '../kit/stage-shape.ts';
import type { VendorFile, VendorStageOptions } from '../kit/connector.ts';
import { buildNormRowsSql, buildNotesSql, buildRejectsSql, NOTE_DATES_SQL } from './build-whd-sql.ts';
import { DATE_FIELDS, shapeOf, TICKET_ALIASES, TICKET_FIELDS, TICKET_JSON_PATHS } from './fields.ts';

export async function stageWhdFiles(tx: ConnectionQueries, files: VendorFile[], options: VendorStageOptions): Promise<StageResult> {
  const tz = options.timeZone ?? options.districtTimeZone;
  const notes: string[] = [];
  let offset = 0;
  const pages: string[] = [];
  for (const [i, file] of files.entries()) {
    const staged = await readRaw(tx, file.filePath, `whd_file${i}`, ['tickets', 'Tickets'], file.fileName);
    const { ok, evidence } = shapeOf(staged.names, staged.kind === 'csv');
    if (!ok) {
      throw new ImportError(
        'SB_ERR_NOT_A_TICKET_EXPORT',
        `${file.fileName}: not a Web Help Desk ticket export (it has ${staged.names.slice(0, 12).join(', ')}); export tickets with Ticket No., Request Type and Tech Group, or ra/Tickets with style=details`,
      );
    }
    const page = `whd_tickets${i}`;
    const n = staged.kind === 'csv'
      ? await stageTable(tx, { table: page, staged, projection: `${csvProjectionSql(TICKET_FIELDS, matchHeaders(staged.names, TICKET_ALIASES))}, NULL::JSON AS j`, offset })
      : await stageJsonFields(tx, { table: page, staged, paths: TICKET_JSON_PATHS, fields: TICKET_FIELDS, offset, extra: 'j' });
    if (n === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${file.fileName}: holds no tickets`);
    pages.push(`SELECT * FROM ${quoteIdent(page)}`);
    // A cut-off last row is rejected, not imported with its missing columns read as empty.
    const cutNote = await rejectCutOffRow(tx, { table: page, cut: staged.cut, fileName: file.fileName, offset, rows: n });
    if (cutNote) notes.push(cutNote);
    notes.push(`${file.fileName}: Web Help Desk tickets (${evidence.join(', ')}), ${n} ${staged.kind === 'csv' ? 'rows' : 'records'}`);
    offset += n;
  }
  // Every page's staged tickets, numbered across the import: no copy of them.
  await tx.run(`CREATE OR REPLACE TEMP VIEW whd_tickets AS ${pages.join(' UNION ALL ')}`);
  await tx.run(`CREATE OR REPLACE TEMP VIEW whd_dates AS SELECT reported, last_updated, closed FROM whd_tickets
    UNION ALL SELECT json_extract_string(unnest(json_extract(j, '$.notes[*]')), '$.date'), NULL, NULL FROM whd_tickets WHERE j IS NOT NULL`);
  const fileName = files.map((f) => f.fileName).join(' + ');
  // Every ticket date that does not parse is a reject of its own (buildRejectsSql), and a
  // note's leaves the note out, counted from whd_notes (kit/read-export.ts's DateFormatCheck).
  const checks: DateFormatCheck[] = [];
  const format = await fileDateFormat(tx, {
    table: 'whd_dates', columns: DATE_FIELDS, timeZone: tz, fileName, override: options.dateFormat, notes, checks,
    how: { rowsOf: null, more: () => [NOTE_DATES_SQL] },
  });
  await tx.run(buildNotesSql(format), { tz });
  await stageNormRows(tx, buildNormRowsSql(format), { tz });
  await tx.run(buildRejectsSql(format, DATE_FIELDS), { tz, file: fileName, format: format === 'iso' ? 'ISO 8601' : format });
  await checkDateFormats(tx, checks, notes);
  notes.push('Web Help Desk exports hold no group history: each ticket lands in its current tech group');
  return { rowsRead: offset, source: 'solarwinds-whd', notes };
}
