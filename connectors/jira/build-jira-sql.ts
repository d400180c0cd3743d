/**
 * Pure SQL builders from Jira's staged issues to `norm_rows` and `rejects`.
 *
 * Inputs: `jr_issues` (_row, _line, j JSON: one issue each) and `jr_field_names` (id,
 * name: the search's "names" map). Bound: $tz, $group_fields, $automated, $done.
 *
 * Histories are flattened to one row per changed item (a history with no items to one row
 * without one, so its created time is parsed too). A change of a group field is an
 * assignment to its toString; the first one's fromString is where the issue landed, at its
 * creation. An issue without group changes lands in the field's current value (found
 * through "names"). Status changes are status events (Done-like statuses: resolutions).
 * Comments (fields.comment.comments) are comments, or notes when jsdPublic is false.
 * Authors in AUTOMATED_AUTHORS, and apps (accountType 'app'), are automated.
 * Instants are ISO 8601 with an offset ('2024-03-08T09:00:00.000-0600').
 */
import { timestampSql } from '#core/timestamps.ts';
import { createNormRowsSql, normSelect } from '../kit/norm-rows.ts';

const s = (path: string, rec = 'j') => `nullif(trim(json_extract_string(${rec}, '$.${path}')), '')`;
/** A Jira value: plain text, or an object's name / value / title / displayName. */
const named = (expr: string) =>
  `CASE WHEN json_type(${expr}) = 'OBJECT' THEN coalesce(json_extract_string(${expr}, '$.name'), json_extract_string(${expr}, '$.value'), json_extract_string(${expr}, '$.title'), json_extract_string(${expr}, '$.displayName'))
        WHEN json_type(${expr}) = 'ARRAY' THEN coalesce(json_extract_string(${expr}, '$[0].name'), json_extract_string(${expr}, '$[0].value'), json_extract_string(${expr}, '$[0]'))
        WHEN json_type(${expr}) IN ('VARCHAR', 'BIGINT', 'UBIGINT', 'DOUBLE') THEN json_extract_string(${expr}, '$') END`;
const automatedSql = (author: string, accountType: string) =>
  `coalesce(lower(${author}) IN (SELECT unnest($automated::VARCHAR[])) OR ${accountType} = 'app', false)`;

export function buildChangesSql(format: string): string {
  return `CREATE OR REPLACE TEMP TABLE jr_changes AS
WITH h AS (
  SELECT _row, _line, ${s('key')} AS ticket_id, unnest(json_extract(j, '$.changelog.histories[*]')) AS hist FROM jr_issues
), items AS (
  SELECT _row, _line, ticket_id, ${s('id', 'hist')} AS hist_id, ${s('created', 'hist')} AS created_raw,
    coalesce(${s('author.displayName', 'hist')}, ${s('author.name', 'hist')}) AS author, ${s('author.accountType', 'hist')} AS account_type,
    unnest(CASE WHEN coalesce(json_array_length(hist, '$.items'), 0) = 0 THEN [NULL::JSON] ELSE json_extract(hist, '$.items[*]') END) AS item,
    unnest(range(coalesce(json_array_length(hist, '$.items'), 0)::BIGINT)) AS n
  FROM h
)
SELECT _row, _line, ticket_id, hist_id, created_raw, ${timestampSql('created_raw', format, '$tz')} AS changed_at, author, n, item IS NOT NULL AS has_item,
  ${automatedSql('author', 'account_type')} AS automated,
  lower(${s('field', 'item')}) AS field, ${s('fromString', 'item')} AS from_value, ${s('toString', 'item')} AS to_value,
  lower(${s('field', 'item')}) IN (SELECT lower(unnest($group_fields::VARCHAR[]))) AS is_group
FROM items`;
}

export function buildNormRowsSql(format: string): string {
  const at = (expr: string) => timestampSql('v', format, '$tz').replaceAll('"v"', expr);
  const ctes = `
iss AS (
  SELECT _row, j, ${s('key')} AS ticket_id, ${s('fields.created')} AS created_raw, ${s('fields.resolutiondate')} AS resolved_raw
  FROM jr_issues
),
current_group AS (
  SELECT iss.ticket_id, arg_min(${named(`json_extract(iss.j, '$.fields."' || f.id || '"')`)}, f.pri) AS name
  FROM iss JOIN (SELECT id, list_position(list_transform($group_fields::VARCHAR[], x -> lower(x)), lower(name)) AS pri FROM jr_field_names
                 WHERE lower(name) IN (SELECT lower(unnest($group_fields::VARCHAR[])))) f ON true
  GROUP BY iss.ticket_id
),
group_changes AS (
  SELECT *, row_number() OVER (PARTITION BY ticket_id ORDER BY changed_at, try_cast(hist_id AS BIGINT), n) AS k
  FROM jr_changes WHERE is_group AND changed_at IS NOT NULL
),
comments AS (
  SELECT _row, ticket_id, unnest(json_extract(j, '$.fields.comment.comments[*]')) AS c FROM iss
)`;
  const attributes = `${normSelect({
    _row: '_row', ticket_id: 'ticket_id', created_at: at('created_raw'), resolved_at: at('resolved_raw'),
    status: named(`json_extract(j, '$.fields.status')`), category: named(`json_extract(j, '$.fields.issuetype')`),
    subcategory: named(`json_extract(j, '$.fields.components')`), subject: s('fields.summary'),
    description: `CASE WHEN json_type(j, '$.fields.description') = 'VARCHAR' THEN ${s('fields.description')} END`,
    requester: `coalesce(${s('fields.reporter.emailAddress')}, ${s('fields.reporter.accountId')}, ${s('fields.reporter.name')})`,
    resolution_code: named(`json_extract(j, '$.fields.resolution')`), sensitive: 'false',
  })} FROM iss`;
  const firstLandings = `${normSelect({
    _row: 'g._row', ticket_id: 'g.ticket_id', event_at: `least(coalesce(${at('iss.created_raw')}, g.changed_at), g.changed_at)`,
    event_order: '-1', event_kind: `'assignment'`, group_after: 'g.from_value', automated: 'false',
  })} FROM group_changes g JOIN iss USING (ticket_id) WHERE g.k = 1 AND g.from_value IS NOT NULL`;
  const currentLandings = `${normSelect({
    _row: 'iss._row', ticket_id: 'iss.ticket_id', event_at: at('iss.created_raw'), event_order: '-1', event_kind: `'assignment'`,
    group_after: 'cg.name', automated: 'false',
  })} FROM iss JOIN current_group cg USING (ticket_id)
WHERE cg.name IS NOT NULL AND iss.ticket_id NOT IN (SELECT ticket_id FROM group_changes)`;
  const changes = `${normSelect({
    _row: '_row', ticket_id: 'ticket_id', event_at: 'changed_at', event_order: `coalesce(try_cast(hist_id AS BIGINT), 0) * 1000 + n`,
    event_kind: `CASE WHEN is_group THEN 'assignment' WHEN lower(to_value) IN (SELECT unnest($done::VARCHAR[])) THEN 'resolution' ELSE 'status' END`,
    group_before: 'CASE WHEN is_group THEN from_value END', group_after: 'CASE WHEN is_group THEN to_value END',
    actor: 'author', automated: 'automated', event_detail: 'CASE WHEN NOT is_group THEN to_value END',
  })} FROM jr_changes WHERE changed_at IS NOT NULL AND ticket_id IS NOT NULL
  AND ((is_group AND to_value IS NOT NULL) OR (field = 'status' AND to_value IS NOT NULL))`;
  const commentRows = `${normSelect({
    _row: '_row', ticket_id: 'ticket_id', event_at: at(s('created', 'c')), event_order: `try_cast(${s('id', 'c')} AS BIGINT) * 1000`,
    event_kind: `CASE WHEN json_extract_string(c, '$.jsdPublic') = 'false' THEN 'note' ELSE 'comment' END`,
    actor: `coalesce(${s('author.displayName', 'c')}, ${s('author.name', 'c')})`,
    automated: automatedSql(`coalesce(${s('author.displayName', 'c')}, ${s('author.name', 'c')})`, s('author.accountType', 'c')),
  })} FROM comments WHERE ${at(s('created', 'c'))} IS NOT NULL`;
  return createNormRowsSql([attributes, firstLandings, currentLandings, changes, commentRows], ctes);
}

/** Issues without a key, and unreadable instants. Bound: $tz, $file, $format. */
export function buildRejectsSql(format: string): string {
  const created = timestampSql('v', format, '$tz').replaceAll('"v"', s('fields.created'));
  return `INSERT INTO rejects
SELECT _row, 'key', NULL, $file || ' issue ' || (_line + 1) || ': the issue has no key: export it again' FROM jr_issues WHERE ${s('key')} IS NULL
UNION ALL SELECT _row, 'fields.created', ${s('fields.created')}, $file || ' issue ' || (_line + 1) || ': created is not a date and time in the format ' || $format FROM jr_issues WHERE ${s('fields.created')} IS NOT NULL AND ${created} IS NULL
UNION ALL SELECT DISTINCT ON (_row) _row, 'changelog.created', created_raw, $file || ' issue ' || (_line + 1) || ': a change has no readable created time' FROM jr_changes WHERE changed_at IS NULL AND has_item`;
}

/**
 * The date check's count (kit read-export.ts's DateFormatCheck) over jr_changes, which
 * holds every history (one with no items as one row without one): created values the
 * format did not parse, and of any history (a history with no items is no reject).
 */
export const CHANGE_DATES_SQL = `SELECT count(*) FILTER (WHERE created_raw IS NOT NULL AND changed_at IS NULL)::INTEGER AS failed, 0 AS unseen FROM jr_changes`;

/** Each issue's created and each history's, as the builders read them (trimmed, '' missing): the values the date format is decided on. */
export const DATES_VIEW_SQL = `CREATE OR REPLACE TEMP VIEW jr_dates AS
SELECT ${s('fields.created')} AS created FROM jr_issues
UNION ALL SELECT ${s('created', 'hist')} FROM (SELECT unnest(json_extract(j, '$.changelog.histories[*]')) AS hist FROM jr_issues)`;
