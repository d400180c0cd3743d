/**
 * Jira's thin I/O: each JSON file of issues (a search response, or issues one per line or
 * in an array) is read by DuckDB into `jr_issues`, the search's "names" map into
 * `jr_field_names`, the date format is ranked on the first created values and checked
 * from the rejects (kit/read-export.ts), and the pure builders fill `norm_rows` and
 * `rejects`. Several pages of one search may come as one import (companion files).
 */
import type { ConnectionQueries } from '#core/db/database.ts';
import { ImportError } from '#core/errors.ts';
import type { StageResult } from '../kit/connector.ts';
import { checkDateFormats, type DateFormatCheck, fileDateFormat, looksLikeJson } from '../kit/read-export.ts';
import { readRaw, stageNormRows } from '../kit/stage-shape.ts';
import { quoteIdent } from '#core/sql/quote.ts';
import type { VendorFile, VendorStageOptions } from '../kit/connector.ts';
import { buildChangesSql, buildNormRowsSql, buildRejectsSql, CHANGE_DATES_SQL, DATES_VIEW_SQL } from './build-jira-sql.ts';
import { AUTOMATED_AUTHORS, DEFAULT_GROUP_FIELDS, DONE_STATUSES, isJiraIssues } from './fields.ts';

export interface JiraStageOptions extends VendorStageOptions {
  /** Names of the fields whose changes are assignments; DEFAULT_GROUP_FIELDS when absent. */
  groupFields?: string[];
  /** Further author names whose changes are automated. */
  automatedAuthors?: string[];
}

export async function stageJiraFiles(tx: ConnectionQueries, files: VendorFile[], options: JiraStageOptions): Promise<StageResult> {
  const tz = options.timeZone ?? options.districtTimeZone;
  const notes: string[] = [];
  let offset = 0;
  const issues: string[] = [];
  await tx.run('CREATE OR REPLACE TEMP TABLE jr_field_names (id VARCHAR, name VARCHAR)');
  for (const [i, file] of files.entries()) {
    if (!looksLikeJson(file.filePath)) {
      throw new ImportError('SB_ERR_NOT_A_TICKET_EXPORT', `${file.fileName}: is not JSON; export Jira issues through the REST API search with expand=changelog`);
    }
    const staged = await readRaw(tx, file.filePath, `jr_file${i}`, ['issues'], file.fileName);
    const docs = quoteIdent(staged.docs!);
    const raw = quoteIdent(staged.records!);
    const top = await tx.all<{ k: string }>(`SELECT DISTINCT unnest(json_keys(j)) AS k FROM ${docs} WHERE json_type(j) = 'OBJECT'`);
    const { ok, evidence } = isJiraIssues(top.map((t) => t.k), staged.names);
    if (!ok) throw new ImportError('SB_ERR_NOT_A_TICKET_EXPORT', `${file.fileName}: not Jira issues (${evidence})`);
    await tx.run(`INSERT INTO jr_field_names SELECT k, json_extract_string(j, '$.names."' || k || '"')
      FROM (SELECT j, unnest(json_keys(j, '$.names')) AS k FROM ${docs} WHERE json_type(j, '$.names') = 'OBJECT')`);
    issues.push(`SELECT (_line + ${offset})::BIGINT AS _row, _line, j FROM ${raw}`);
    const [{ n, histories }] = await tx.all<{ n: number; histories: number }>(
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE json_type(j, '$.changelog.histories') = 'ARRAY')::INTEGER AS histories FROM ${raw}`,
    );
    if (n === 0) throw new ImportError('SB_ERR_EMPTY_FILE', `${file.fileName}: holds no issues`);
    notes.push(`${file.fileName}: Jira issues (${evidence}), ${n} issues, ${histories} with a changelog`);
    if (histories === 0) notes.push(`${file.fileName}: no changelog: search with expand=changelog to see group changes`);
    offset += n;
  }
  // The staged records, numbered across the import's files: no copy of them.
  await tx.run(issues.length ? `CREATE OR REPLACE TEMP VIEW jr_issues AS ${issues.join(' UNION ALL ')}` : 'CREATE OR REPLACE TEMP TABLE jr_issues (_row BIGINT, _line BIGINT, j JSON)');
  // Checked from the rejects and jr_changes (kit/read-export.ts's DateFormatCheck).
  await tx.run(DATES_VIEW_SQL);
  const checks: DateFormatCheck[] = [];
  const format = await fileDateFormat(tx, {
    table: 'jr_dates', columns: ['created'], timeZone: tz, fileName: files.map((f) => f.fileName).join(' + '),
    override: options.dateFormat, notes, checks, how: { rejectColumns: ['fields.created'], rowsOf: null, more: () => [CHANGE_DATES_SQL] },
  });
  const params = {
    tz,
    group_fields: options.groupFields?.length ? options.groupFields : DEFAULT_GROUP_FIELDS,
    automated: [...AUTOMATED_AUTHORS, ...(options.automatedAuthors ?? []).map((a) => a.toLowerCase())],
    done: DONE_STATUSES,
  };
  await tx.run(buildChangesSql(format), { tz, group_fields: params.group_fields, automated: params.automated });
  await stageNormRows(tx, buildNormRowsSql(format), params);
  await tx.run(buildRejectsSql(format), { tz, file: files.map((f) => f.fileName).join(' + '), format: format === 'iso' ? 'ISO 8601' : format });
  await checkDateFormats(tx, checks, notes);
  const [facts] = await tx.all<{ no_group: number; truncated: number }>(`SELECT
    (SELECT count(*) FROM jr_issues WHERE json_extract_string(j, '$.key') NOT IN (SELECT ticket_id FROM norm_rows WHERE event_kind = 'assignment'))::INTEGER AS no_group,
    (SELECT count(*) FROM jr_issues WHERE try_cast(json_extract_string(j, '$.changelog.total') AS INTEGER) > json_array_length(j, '$.changelog.histories'))::INTEGER AS truncated`);
  if (facts.no_group) notes.push(`${facts.no_group} issues have no group: no change or current value of ${params.group_fields.join(', ')} (search with expand=names to read current values, or name the group field)`);
  if (facts.truncated) notes.push(`${facts.truncated} issues have more history than the search returned: fetch /issue/{key}/changelog for the full path`);
  return { rowsRead: offset, source: 'jira', notes };
}
