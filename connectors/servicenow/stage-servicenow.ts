/**
 * ServiceNow's thin I/O: each file (incident list or update log, and/or a sys_audit
 * export; CSV or JSON) is staged into `sn_incident` or `sn_audit` (tables of the database
 * file, see kit/stage-shape.ts), its date format is ranked on its first rows and checked
 * on all its values (kit/read-export.ts: from the rejects when the first rows leave one
 * format), and the pure builders fill `norm_rows` and `rejects`.
 *
 * An incident list and its audit belong in one import (`stageServiceNowFiles` with both):
 * the audit's documentkey is a sys_id that only the list can turn into a number.
 */
import type { ConnectionQueries } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import type { StageResult, VendorFile, VendorStageOptions } from '../kit/connector.ts';
import { checkDateFormats, type DateFormatCheck, fileDateFormat, matchHeaders, rejectCutOffRow } from '../kit/read-export.ts';
import { projectFields, readRaw, stageEmptyTable, stageNormRows } from '../kit/stage-shape.ts';
import {
  AUDIT_ROWS, auditDatesElsewhereSql, buildAuditRowsSql, buildGroupNamesSql, buildIncidentPathsSql, buildNormRowsSql, buildRejectsSql, INCIDENT_PATHS,
} from './build-servicenow-sql.ts';
import { AUDIT_ALIASES, AUDIT_FIELDS, INCIDENT_ALIASES, INCIDENT_DATE_FIELDS, INCIDENT_FIELDS, shapeOf } from './fields.ts';

/** ServiceNow's JSON wrappers: the JSON web service's "records" and the Table API's "result". */
const JSON_KEYS = ['records', 'result'];

export async function stageServiceNowFiles(
  tx: ConnectionQueries,
  files: VendorFile[],
  options: VendorStageOptions,
): Promise<StageResult> {
  const tz = options.timeZone ?? options.districtTimeZone;
  const notes: string[] = [];
  const names: Record<'incident' | 'audit', string | undefined> = { incident: undefined, audit: undefined };
  let offset = 0;
  let hasCount = false;
  for (const file of files) {
    const staged = await readRaw(tx, file.filePath, 'sn_file', JSON_KEYS, file.fileName);
    const { shape, columns } = shapeOf(staged.names);
    if (!shape) {
      throw new ImportError(
        'SB_ERR_NOT_A_TICKET_EXPORT',
        `${file.fileName}: not a ServiceNow incident list, update log or sys_audit export (it has ${staged.names.slice(0, 12).join(', ')}); export number, assignment_group and opened_at, or the sys_audit columns documentkey, fieldname, oldvalue, newvalue`,
      );
    }
    if (names[shape]) {
      throw new ImportError('SB_ERR_BAD_MAPPING', `${file.fileName}: a second ServiceNow ${shape} file in one import (the first is ${names[shape]}); import them one at a time`);
    }
    names[shape] = file.fileName;
    if (shape === 'incident' && matchHeaders(staged.names, INCIDENT_ALIASES).reassignment_count !== undefined) hasCount = true;
    const table = shape === 'incident' ? 'sn_incident' : 'sn_audit';
    const n = shape === 'incident'
      ? await projectFields(tx, { table, staged, fields: INCIDENT_FIELDS, aliases: INCIDENT_ALIASES, offset })
      : await projectFields(tx, { table, staged, fields: AUDIT_FIELDS, aliases: AUDIT_ALIASES, offset });
    if (n === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${file.fileName}: has a header but no rows`);
    // A cut-off last row is rejected, not imported with its missing columns read as empty.
    const cutNote = await rejectCutOffRow(tx, { table, cut: staged.cut, fileName: file.fileName, offset, rows: n });
    if (cutNote) notes.push(cutNote);
    notes.push(`${file.fileName}: ServiceNow ${shape === 'audit' ? 'sys_audit export' : 'incident list'} (columns ${columns.join(', ')}), ${n} rows`);
    offset += n;
  }
  if (!names.incident) await stageEmptyTable(tx, 'sn_incident', INCIDENT_FIELDS);
  if (!names.audit) await stageEmptyTable(tx, 'sn_audit', AUDIT_FIELDS);

  // Every incident date that does not parse is a reject of its own (buildRejectsSql), so a
  // format the first rows chose alone is checked from those; an audit date is a reject
  // where the row is one the import reads (sn_audit_rows), and the other rows' dates are
  // counted by AUDIT_DATES_ELSEWHERE (kit/read-export.ts's DateFormatCheck).
  const checks: DateFormatCheck[] = [];
  const incidentFormat = await fileDateFormat(tx, {
    table: 'sn_incident', columns: names.incident ? INCIDENT_DATE_FIELDS : [], timeZone: tz,
    fileName: names.incident ?? '', override: options.dateFormat, notes, checks, how: { perValue: true },
  });
  const auditFormat = await fileDateFormat(tx, {
    table: 'sn_audit', columns: names.audit ? ['sys_created_on'] : [], timeZone: tz,
    fileName: names.audit ?? '', override: options.dateFormat, notes, checks,
    how: { more: auditDatesElsewhereSql },
  });
  await tx.run(buildAuditRowsSql(auditFormat), { tz });
  await tx.run(`CREATE OR REPLACE TEMP VIEW sn_audit_rows AS SELECT * FROM ${AUDIT_ROWS}`);
  await tx.run(buildGroupNamesSql());
  await stageNormRows(tx, buildNormRowsSql(incidentFormat), { tz });
  const label = (f: string) => (f === 'iso' ? 'ISO 8601 (2024-08-19 14:05:00)' : f);
  await tx.run(buildRejectsSql(incidentFormat), {
    tz, incident_file: names.incident ?? '', audit_file: names.audit ?? '',
    incident_format: label(incidentFormat), audit_format: label(auditFormat),
  });
  await checkDateFormats(tx, checks, notes);

  const [facts] = await tx.all<{ updates: number; unresolved_keys: number; unnamed: number; reassigned_without_history: number }>(`
    SELECT
      (SELECT count(*) FROM (SELECT number FROM sn_incident GROUP BY number HAVING count(*) > 1))::INTEGER AS updates,
      (SELECT count(DISTINCT ticket_id) FROM sn_audit_rows WHERE regexp_matches(ticket_id, '^[0-9a-f]{32}$'))::INTEGER AS unresolved_keys,
      (SELECT count(DISTINCT group_after) FROM norm_rows WHERE group_after LIKE 'group %')::INTEGER AS unnamed,
      (SELECT count(DISTINCT number) FROM sn_incident WHERE try_cast(reassignment_count AS INTEGER) > 0
         AND number NOT IN (SELECT ticket_id FROM norm_rows WHERE event_kind = 'assignment'))::INTEGER AS reassigned_without_history`);
  if (facts.updates) notes.push(`${facts.updates} incidents have several rows: read as an update log, in sys_mod_count order`);
  if (facts.unresolved_keys) notes.push(`${facts.unresolved_keys} audited records are known only by sys_id: import the incident list with its sys_id column together with the audit to attach them`);
  if (facts.unnamed) notes.push(`${facts.unnamed} assignment groups are known only by sys_id (shown as 'group <sys_id>')`);
  if (facts.reassigned_without_history) {
    notes.push(`${facts.reassigned_without_history} reassigned incidents have no assignment history: their hops are their reassignment_count; add the sys_audit export to see their paths`);
  }
  await tx.run(buildIncidentPathsSql());
  // The shape as the generic connector names it, for the upload preview.
  const shape = names.audit || facts.updates ? 'events' : hasCount ? 'tickets_reassignment_count' : undefined;
  return { rowsRead: offset, source: 'servicenow', notes, ticketPathsTable: INCIDENT_PATHS, ...(shape ? { shape } : {}) };
}
