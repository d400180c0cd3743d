/**
 * Incident IQ's thin I/O: each file (ticket export or search JSON, and/or ticket
 * activities; CSV or JSON) is projected by DuckDB into `iq_tickets` or `iq_activities`,
 * each file's date format is ranked on its first rows and checked from its rejects
 * (kit/read-export.ts), and the pure builders fill `norm_rows` and `rejects`.
 */
import type { ConnectionQueries } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import type { StageResult } from '../kit/connector.ts';
import { checkDateFormats, csvProjectionSql, type DateFormatCheck, fileDateFormat, matchHeaders, rejectCutOffRow } from '../kit/read-export.ts';
import { readRaw, stageEmptyTable, stageJsonFields, stageNormRows, stageTable } from '../kit/stage-shape.ts';
import type { VendorFile, VendorStageOptions } from '../kit/connector.ts';
import { buildChangesSql, buildNormRowsSql, buildRejectsSql, DROP_EMPTY_EVENTS_SQL } from './build-incident-iq-sql.ts';
import {
  ACTIVITY_ALIASES, ACTIVITY_FIELDS, ACTIVITY_JSON_PATHS, AUTOMATED_ACTORS, RULE_ACTIVITY_TYPES, shapeOf, TEAM_ACTIVITY_TYPES, TEAM_FIELDS,
  TICKET_ALIASES, TICKET_FIELDS, TICKET_JSON_PATHS, type IncidentIqShape,
} from './fields.ts';

/** The search's "Items" page and other list wrappers. */
const WRAPPERS = ['Items', 'items', 'Tickets', 'Activities'];

export async function stageIncidentIqFiles(
  tx: ConnectionQueries,
  files: VendorFile[],
  options: VendorStageOptions & { automatedActors?: string[] },
): Promise<StageResult> {
  const tz = options.timeZone ?? options.districtTimeZone;
  const notes: string[] = [];
  const names: Partial<Record<IncidentIqShape, string>> = {};
  let offset = 0;
  for (const [i, file] of files.entries()) {
    const staged = await readRaw(tx, file.filePath, `iq_file${i}`, WRAPPERS, file.fileName);
    const { shape, evidence } = shapeOf(staged.names);
    if (!shape) {
      throw new ImportError(
        'SB_ERR_NOT_A_TICKET_EXPORT',
        `${file.fileName}: not an Incident IQ ticket export or ticket activities (it has ${staged.names.slice(0, 12).join(', ')}); export tickets with Ticket Number, Issue Category and Assigned To Team`,
      );
    }
    if (names[shape]) throw new ImportError('SB_ERR_BAD_MAPPING', `${file.fileName}: a second Incident IQ ${shape} file in one import (the first is ${names[shape]}); import them one at a time`);
    names[shape] = file.fileName;
    const [fields, aliases, paths] = shape === 'tickets'
      ? [TICKET_FIELDS as readonly string[], TICKET_ALIASES as Record<string, string[]>, TICKET_JSON_PATHS as Record<string, string[]>]
      : [ACTIVITY_FIELDS as readonly string[], ACTIVITY_ALIASES as Record<string, string[]>, ACTIVITY_JSON_PATHS as Record<string, string[]>];
    const table = shape === 'tickets' ? 'iq_tickets' : 'iq_activities';
    const n = staged.kind === 'csv'
      ? await stageTable(tx, { table, staged, projection: csvProjectionSql(fields, matchHeaders(staged.names, aliases)), offset })
      : await stageJsonFields(tx, { table, staged, paths, fields, offset });
    if (n === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${file.fileName}: holds no ${shape}`);
    // A cut-off last row is rejected, not imported with its missing columns read as empty.
    const cutNote = await rejectCutOffRow(tx, { table, cut: staged.cut, fileName: file.fileName, offset, rows: n });
    if (cutNote) notes.push(cutNote);
    notes.push(`${file.fileName}: Incident IQ ${shape} (${evidence.join(', ')}), ${n} ${staged.kind === 'csv' ? 'rows' : 'records'}`);
    offset += n;
  }
  if (!names.tickets) await stageEmptyTable(tx, 'iq_tickets', TICKET_FIELDS);
  if (!names.activities) await stageEmptyTable(tx, 'iq_activities', ACTIVITY_FIELDS);
  // Every ticket and activity date that does not parse is a reject of its own
  // (buildRejectsSql), so a format the first rows chose alone is checked from those
  // (kit/read-export.ts's DateFormatCheck).
  const checks: DateFormatCheck[] = [];
  const ticketFormat = await fileDateFormat(tx, {
    table: 'iq_tickets', columns: names.tickets ? ['created', 'closed'] : [], timeZone: tz, fileName: names.tickets ?? '',
    override: options.dateFormat, notes, checks, how: { perValue: true },
  });
  const activityFormat = await fileDateFormat(tx, {
    table: 'iq_activities', columns: names.activities ? ['at'] : [], timeZone: tz, fileName: names.activities ?? '',
    override: options.dateFormat, notes, checks, how: { perValue: true },
  });
  await tx.run(buildChangesSql(activityFormat), {
    tz, team_fields: TEAM_FIELDS, team_types: TEAM_ACTIVITY_TYPES, rule_types: RULE_ACTIVITY_TYPES,
    automated_actors: [...AUTOMATED_ACTORS, ...(options.automatedActors ?? []).map((a) => a.toLowerCase())],
  });
  await stageNormRows(tx, buildNormRowsSql(ticketFormat), { tz });
  await tx.run(DROP_EMPTY_EVENTS_SQL);
  const label = (f: string) => (f === 'iso' ? 'ISO 8601 (2024-08-19 14:05:00)' : f);
  await tx.run(buildRejectsSql(ticketFormat), {
    tz, tickets_file: names.tickets ?? '', activities_file: names.activities ?? '',
    ticket_format: label(ticketFormat), activity_format: label(activityFormat),
  });
  await checkDateFormats(tx, checks, notes);
  const [facts] = await tx.all<{ guids: number; current_only: number }>(`SELECT
    (SELECT count(DISTINCT ticket_id) FROM iq_changes WHERE regexp_matches(ticket_id, '^[0-9a-fA-F-]{36}$'))::INTEGER AS guids,
    (SELECT count(*) FROM norm_rows WHERE event_order = '-1' AND _row IN (SELECT _row FROM iq_tickets))::INTEGER AS current_only`);
  if (facts.guids) notes.push(`${facts.guids} tickets' activities are known only by TicketId: import the tickets with them to attach them`);
  if (facts.current_only && !names.activities) notes.push(`${facts.current_only} tickets land in their current team: add the ticket activities for the paths of tickets that moved`);
  return { rowsRead: offset, source: 'incident-iq', notes };
}
