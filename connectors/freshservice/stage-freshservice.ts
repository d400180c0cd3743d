/**
 * Freshservice's thin I/O: each file (a ticket CSV export, API tickets JSON, or API ticket
 * activities JSON) is read by DuckDB into `fs_tickets` or `fs_activities`, each file's
 * date format is ranked on its first rows and checked from its rejects
 * (kit/read-export.ts), and the pure builders fill `norm_rows` and `rejects`. Tickets and
 * their activities belong in one import: the activities carry the group path, the
 * tickets the attributes and the current group.
 */
import type { ConnectionQueries } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import type { StageResult } from '../kit/connector.ts';
import { checkDateFormats, csvProjectionSql, type DateFormatCheck, fileDateFormat, jsonText, matchHeaders, rejectCutOffRow } from '../kit/read-export.ts';
import { readRaw, recordsView, stageJsonFields, stageNormRows, stageTable } from '../kit/stage-shape.ts';
import type { VendorFile, VendorStageOptions } from '../kit/connector.ts';
import { ACTIVITIES_NEVER_PARSED_SQL, buildChangesSql, buildGroupNamesSql, buildNormRowsSql, buildRejectsSql } from './build-freshservice-sql.ts';
import {
  AUTOMATED_ACTORS, shapeOf, TICKET_ALIASES, TICKET_DATE_FIELDS, TICKET_FIELDS, TICKET_JSON_PATHS, type FreshserviceShape,
} from './fields.ts';

export interface FreshserviceStageOptions extends VendorStageOptions {
  /** Further actor names whose activities are automated (a district's own integration user). */
  automatedActors?: string[];
}

const WRAPPERS = ['tickets', 'activities'];

export async function stageFreshserviceFiles(
  tx: ConnectionQueries,
  files: VendorFile[],
  options: FreshserviceStageOptions,
): Promise<StageResult> {
  const tz = options.timeZone ?? options.districtTimeZone;
  const notes: string[] = [];
  const names: Partial<Record<FreshserviceShape, string>> = {};
  let offset = 0;
  await tx.run('CREATE OR REPLACE TEMP TABLE fs_sideloaded_groups (id VARCHAR, name VARCHAR)');
  for (const [i, file] of files.entries()) {
    const staged = await readRaw(tx, file.filePath, `fs_file${i}`, WRAPPERS, file.fileName);
    const top = staged.kind === 'json'
      ? (await tx.all<{ k: string }>(`SELECT DISTINCT unnest(json_keys(j)) AS k FROM ${quoteIdent(staged.docs!)} WHERE json_type(j) = 'OBJECT'`)).map((t) => t.k)
      : [];
    const { shape, evidence } = shapeOf(top, staged.names, staged.kind === 'csv');
    if (!shape) {
      throw new ImportError(
        'SB_ERR_NOT_A_TICKET_EXPORT',
        `${file.fileName}: not a Freshservice ticket export or activities (it has ${staged.names.slice(0, 12).join(', ')}); export tickets with Ticket Id, Group, Category and Sub Category, or the API's tickets or activities JSON`,
      );
    }
    if (names[shape]) throw new ImportError('SB_ERR_BAD_MAPPING', `${file.fileName}: a second Freshservice ${shape} file in one import (the first is ${names[shape]}); import them one at a time`);
    names[shape] = file.fileName;
    if (staged.kind === 'json') {
      await tx.run(`INSERT INTO fs_sideloaded_groups SELECT json_extract_string(g, '$.id'), json_extract_string(g, '$.name')
        FROM (SELECT unnest(json_extract(j, '$.groups[*]')) AS g FROM ${quoteIdent(staged.docs!)})`);
    }
    let n: number;
    if (shape === 'tickets') {
      n = staged.kind === 'csv'
        ? await stageTable(tx, { table: 'fs_tickets', staged, projection: csvProjectionSql(TICKET_FIELDS, matchHeaders(staged.names, TICKET_ALIASES)), offset })
        : await stageJsonFields(tx, { table: 'fs_tickets', staged, paths: TICKET_JSON_PATHS, fields: TICKET_FIELDS, offset });
    } else {
      // The API's activities page has no ticket id of its own: the page file carries it beside the list.
      await recordsView(tx, { view: 'fs_activities', staged, offset, columns: `coalesce(${jsonText('r.j', 'ticket_id')}, ${jsonText('d.j', 'ticket_id')}) AS ticket_id` });
      [{ n }] = await tx.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM fs_activities`);
    }

    if (n === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${file.fileName}: holds no ${shape}`);
    // A cut-off last row is rejected, not imported with its missing columns read as empty.
    const cutNote = shape === 'tickets' ? await rejectCutOffRow(tx, { table: 'fs_tickets', cut: staged.cut, fileName: file.fileName, offset, rows: n }) : undefined;
    if (cutNote) notes.push(cutNote);
    notes.push(`${file.fileName}: Freshservice ${shape} (${evidence.join(', ')}), ${n} ${staged.kind === 'csv' ? 'rows' : 'records'}`);
    offset += n;
  }
  if (!names.tickets) await tx.run(`CREATE OR REPLACE TEMP TABLE fs_tickets (_row BIGINT, _line BIGINT, ${TICKET_FIELDS.map((f) => `${quoteIdent(f)} VARCHAR`).join(', ')})`);
  if (!names.activities) await tx.run('CREATE OR REPLACE TEMP TABLE fs_activities (_row BIGINT, _line BIGINT, ticket_id VARCHAR, j JSON)');

  // Every ticket date that does not parse is a reject of its own (buildRejectsSql), and
  // every activity's one per activity with a line, so a format the first rows chose alone
  // is checked from those (kit/read-export.ts's DateFormatCheck); activities with no line
  // are never parsed, so with any of those the activities' format is counted on every value.
  const checks: DateFormatCheck[] = [];
  const ticketFormat = await fileDateFormat(tx, {
    table: 'fs_tickets', columns: names.tickets ? TICKET_DATE_FIELDS : [], timeZone: tz, fileName: names.tickets ?? '',
    override: options.dateFormat, notes, checks, how: { perValue: true },
  });
  await tx.run(`CREATE OR REPLACE TEMP VIEW fs_activity_dates AS SELECT json_extract_string(j, '$.created_at') AS created_at FROM fs_activities`);
  const activityFormat = await fileDateFormat(tx, {
    table: 'fs_activity_dates', columns: names.activities ? ['created_at'] : [], timeZone: tz, fileName: names.activities ?? '',
    override: options.dateFormat, notes, checks,
    how: { rowsOf: 'fs_activities', more: () => [ACTIVITIES_NEVER_PARSED_SQL] },
  });
  const automated = [...AUTOMATED_ACTORS, ...(options.automatedActors ?? []).map((a) => a.toLowerCase())];
  await tx.run(buildChangesSql(activityFormat), { tz, automated });
  await tx.run(buildGroupNamesSql());
  await stageNormRows(tx, buildNormRowsSql(ticketFormat), { tz });
  const label = (f: string) => (f === 'iso' ? 'ISO 8601 (2024-08-19 14:05:00)' : f);
  await tx.run(buildRejectsSql(ticketFormat, TICKET_DATE_FIELDS), {
    tz, tickets_file: names.tickets ?? '', activities_file: names.activities ?? '',
    ticket_format: label(ticketFormat), activity_format: label(activityFormat),
  });
  await checkDateFormats(tx, checks, notes);

  const [facts] = await tx.all<{ unnamed: number; current_only: number }>(`SELECT
    (SELECT count(DISTINCT group_after) FROM norm_rows WHERE group_after LIKE 'group %')::INTEGER AS unnamed,
    (SELECT count(*) FROM norm_rows WHERE event_order = '-1')::INTEGER AS current_only`);
  if (facts.unnamed) notes.push(`${facts.unnamed} groups are known only by id (shown as 'group <id>'): add {"groups": [...]} from /api/v2/groups to name them`);
  if (facts.current_only) {
    notes.push(names.activities
      ? `${facts.current_only} tickets have no group change in the activities: they land in their current group`
      : `${facts.current_only} tickets land in their current group: add the ticket activities for the paths of tickets that moved`);
  }
  return { rowsRead: offset, source: 'freshservice', notes };
}
