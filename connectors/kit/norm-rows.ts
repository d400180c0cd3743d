/**
 * Builds SELECT lists in the exact column order of `norm_rows` (see
 * ingest/normalised-rows.ts), so a vendor's SQL names only the columns it knows and the
 * rest are typed NULLs. Every vendor part is then a plain UNION ALL, stored in the
 * database file (core/db/staging-tables.ts) and read through the view `norm_rows`, which
 * adds `_key`: each staged row's own number, since a vendor's events share the `_row` of
 * the file row they come from (stage-shape.ts's stageNormRows).
 */
import { stagingTable } from '#core/db/staging-tables.ts';

export const NORM_COLUMNS = {
  _row: 'BIGINT', ticket_id: 'VARCHAR', created_at: 'TIMESTAMPTZ', resolved_at: 'TIMESTAMPTZ',
  closed_at: 'TIMESTAMPTZ', status: 'VARCHAR', category: 'VARCHAR', subcategory: 'VARCHAR', channel: 'VARCHAR',
  location: 'VARCHAR', subject: 'VARCHAR', description: 'VARCHAR', requester: 'VARCHAR',
  resolution_code: 'VARCHAR', resolution_text: 'VARCHAR', knowledge_article: 'VARCHAR', sensitive: 'BOOLEAN',
  event_at: 'TIMESTAMPTZ', event_order: 'VARCHAR', event_kind: 'VARCHAR', group_before: 'VARCHAR',
  group_after: 'VARCHAR', actor: 'VARCHAR', actor_group: 'VARCHAR', automated: 'BOOLEAN', event_detail: 'VARCHAR',
} as const;
export type NormColumn = keyof typeof NORM_COLUMNS;

/** `SELECT <every norm column>`: the given SQL expressions, typed NULL for the rest. */
export function normSelect(exprs: Partial<Record<NormColumn, string>>): string {
  const cols = (Object.keys(NORM_COLUMNS) as NormColumn[]).map(
    (c) => `CAST(${exprs[c] ?? 'NULL'} AS ${NORM_COLUMNS[c]}) AS ${c}`,
  );
  return `SELECT ${cols.join(', ')}`;
}

/** An empty norm_rows-shaped SELECT, for a UNION part that has nothing to add. */
export const EMPTY_NORM = `${normSelect({})} WHERE false`;

/** The stored table behind the `norm_rows` view, for statements that change it. */
export const NORM_ROWS_TABLE = stagingTable('norm_rows');

/** CREATE TABLE of the staged norm rows from UNION ALL parts (then stageNormRows' view). */
export function createNormRowsSql(parts: string[], ctes = ''): string {
  return `CREATE OR REPLACE TABLE ${NORM_ROWS_TABLE} AS ${ctes ? `WITH ${ctes} ` : ''}${parts.length ? parts.join('\nUNION ALL\n') : EMPTY_NORM}`;
}
