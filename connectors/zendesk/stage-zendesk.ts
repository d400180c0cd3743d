/**
 * Zendesk's thin I/O: each JSON file (tickets, audits, incremental ticket events, ticket
 * metrics) is split into records (kit read-export.ts) kept as JSON in `zd_<shape>`;
 * the pure builders do the rest. Tickets and their history belong in one import
 * (`stageZendeskFiles` with both): the history carries the group path, the tickets file
 * the attributes and, often, the group names.
 */
import type { ConnectionQueries } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import type { StageResult } from '../kit/connector.ts';
import { checkDateFormats, type DateFormatCheck, fileDateFormat, looksLikeJson } from '../kit/read-export.ts';
import { readRaw, recordsView, stageNormRows } from '../kit/stage-shape.ts';
import type { VendorFile, VendorStageOptions } from '../kit/connector.ts';
import {
  buildChangesSql, buildGroupNamesSql, buildNormRowsSql, buildRejectsSql, CHANGE_DATES_SQL, CHANGE_PARAMS, CREATED_AT_SQL,
} from './build-zendesk-sql.ts';
import { shapeOf, WRAPPERS, type ZendeskShape } from './fields.ts';

const TABLES: Record<ZendeskShape, string> = {
  tickets: 'zd_tickets', audits: 'zd_audits', ticket_events: 'zd_ticket_events', ticket_metrics: 'zd_metrics',
};

export async function stageZendeskFiles(tx: ConnectionQueries, files: VendorFile[], options: VendorStageOptions): Promise<StageResult> {
  const tz = options.timeZone ?? options.districtTimeZone;
  const notes: string[] = [];
  const names: Partial<Record<ZendeskShape, string>> = {};
  let offset = 0;
  await tx.run('CREATE OR REPLACE TEMP TABLE zd_sideloaded_groups (g JSON)');
  for (const [i, file] of files.entries()) {
    if (!looksLikeJson(file.filePath)) {
      throw new ImportError('SB_ERR_NOT_A_TICKET_EXPORT', `${file.fileName}: is not JSON; export Zendesk tickets, audits or ticket events as JSON`);
    }
    const staged = await readRaw(tx, file.filePath, `zd_file${i}`, WRAPPERS, file.fileName);
    const docs = quoteIdent(staged.docs!);
    const top = await tx.all<{ k: string }>(`SELECT DISTINCT unnest(json_keys(j)) AS k FROM ${docs} WHERE json_type(j) = 'OBJECT'`);
    const { shape, reason } = shapeOf(top.map((t) => t.k), staged.names);
    if (!shape) throw new ImportError('SB_ERR_NOT_A_TICKET_EXPORT', `${file.fileName}: not a Zendesk export (${reason})`);
    if (names[shape]) throw new ImportError('SB_ERR_BAD_MAPPING', `${file.fileName}: a second Zendesk ${shape} file in one import (the first is ${names[shape]}); import them one at a time`);
    names[shape] = file.fileName;
    await tx.run(`INSERT INTO zd_sideloaded_groups SELECT unnest(json_extract(j, '$.groups[*]')) FROM ${docs}`);
    await recordsView(tx, { view: TABLES[shape], staged, offset });
    const [{ n }] = await tx.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${quoteIdent(TABLES[shape])}`);
    if (n === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${file.fileName}: holds no ${shape}`);
    notes.push(`${file.fileName}: Zendesk ${shape} (${reason}), ${n} records`);
    offset += n;
  }
  for (const [shape, table] of Object.entries(TABLES) as [ZendeskShape, string][]) {
    if (!names[shape]) await tx.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} (_row BIGINT, _line BIGINT, j JSON)`);
  }
  // One format for Zendesk's instants: the tickets' created_at decides it (ISO 8601 in every
  // documented export), checked from the rejects and zd_changes (kit/read-export.ts's DateFormatCheck).
  await tx.run(`CREATE OR REPLACE TEMP VIEW zd_dates AS SELECT ${CREATED_AT_SQL} AS created_at FROM zd_tickets
    UNION ALL SELECT ${CREATED_AT_SQL} FROM zd_audits UNION ALL SELECT ${CREATED_AT_SQL} FROM zd_ticket_events`);
  const checks: DateFormatCheck[] = [];
  const format = await fileDateFormat(tx, {
    table: 'zd_dates', columns: ['created_at'], timeZone: tz, fileName: files.map((f) => f.fileName).join(' + '),
    override: options.dateFormat, notes, checks, how: { rowsOf: null, more: () => [CHANGE_DATES_SQL] },
  });
  await tx.run(buildGroupNamesSql());
  await tx.run(buildChangesSql(format), { tz, ...CHANGE_PARAMS });
  await stageNormRows(tx, buildNormRowsSql(format), { tz });
  await tx.run(buildRejectsSql(format), { tz, format: format === 'iso' ? 'ISO 8601' : format, tickets_file: names.tickets ?? '' });
  await checkDateFormats(tx, checks, notes);
  const [facts] = await tx.all<{ unnamed: number; current_only: number }>(`SELECT
    (SELECT count(DISTINCT group_after) FROM norm_rows WHERE group_after LIKE 'group %')::INTEGER AS unnamed,
    (SELECT count(*) FROM norm_rows WHERE event_order = '-1')::INTEGER AS current_only`);
  if (facts.unnamed) notes.push(`${facts.unnamed} groups are known only by id (shown as 'group <id>'): export with the groups sideloaded to name them`);
  if (facts.current_only && (names.audits || names.ticket_events)) notes.push(`${facts.current_only} tickets have no group history here: they land in their current group`);
  else if (facts.current_only) notes.push(`${facts.current_only} tickets land in their current group: add audits or ticket events for the paths of tickets that moved`);
  return { rowsRead: offset, source: 'zendesk', notes };
}
