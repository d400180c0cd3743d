/**
 * A checksum of every table in a database, to show that a refused or partial import
 * changed nothing it should not have: the md5 of each table's rows (as text, sorted).
 *
 * `except` leaves out the rows an import is allowed to add: its own `imports` row and its
 * tickets and events (by import_id, in every table that has one), and the group names it
 * introduced. Everything else must hash the same before and after.
 */
import type { Database, Params } from '#core/db/database.ts';
import { quoteIdent } from '#core/sql/quote.ts';

export interface SnapshotExcept {
  importId?: number;
  groups?: string[];
}

export async function tableChecksums(db: Database, except: SnapshotExcept = {}): Promise<Record<string, string>> {
  const tables = await db.all<{ table_name: string }>(
    "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary ORDER BY table_name",
  );
  const out: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    const cols = await db.all<{ column_name: string }>(
      'SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2',
      ['main', table],
    );
    const names = cols.map((c) => c.column_name);
    const where: string[] = [];
    const params: Record<string, string | number | string[]> = {};
    if (except.importId !== undefined && names.includes('import_id')) {
      where.push('import_id IS DISTINCT FROM $import_id');
      params.import_id = except.importId;
    }
    if (except.groups?.length && table === 'groups') {
      where.push('NOT list_contains($groups::VARCHAR[], group_name)');
      params.groups = except.groups;
    }
    const [{ h, n }] = await db.all<{ h: string; n: number }>(
      `SELECT md5(coalesce(string_agg(x::VARCHAR, chr(10) ORDER BY x::VARCHAR), '')) AS h, count(*)::INTEGER AS n
       FROM (SELECT * FROM ${quoteIdent(table)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}) x`,
      params as Params,
    );
    out[table] = `${n}:${h}`;
  }
  return out;
}

export async function maxImportId(db: Database): Promise<number> {
  const [{ id }] = await db.all<{ id: number }>('SELECT coalesce(max(import_id), 0)::INTEGER AS id FROM imports');
  return id;
}
