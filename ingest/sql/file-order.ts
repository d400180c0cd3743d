/**
 * Numbering staged rows in file order without a window over the whole file.
 *
 * DuckDB's read_csv has no row-number column, and `row_number() OVER ()` runs as a single
 * streaming operator over every row (about half of the read's time on a million-ticket
 * event log). A table created by one `CREATE TABLE AS` keeps insertion order (DuckDB's
 * preserve_insertion_order, on by default) and gives its rows consecutive rowids, but a
 * table made inside a transaction has its rowids offset by a large constant. So the file
 * is read into a table, and a view gives each row its rowid minus the table's first one:
 * 0 for the file's first data row.
 */
import { quoteIdent } from './quote.ts';

/**
 * `CREATE TEMP VIEW view AS SELECT <row number> AS column, * FROM table`, leaving out the
 * `exclude` columns. The table must be filled by a single `CREATE TABLE AS` and not have a
 * column named rowid, which would hide the pseudo-column (see `hidesRowid`).
 */
export function fileOrderViewSql(view: string, table: string, column: string, exclude: readonly string[] = []): string {
  const rest = exclude.length ? `* EXCLUDE (${exclude.map(quoteIdent).join(', ')})` : '*';
  return `CREATE OR REPLACE TEMP VIEW ${quoteIdent(view)} AS SELECT ${fileOrderSql(table)} AS ${quoteIdent(column)}, ${rest} FROM ${quoteIdent(table)}`;
}

/** A row's place in `table` (filled as for `fileOrderViewSql`): 0 for its first row. */
export function fileOrderSql(table: string): string {
  const t = quoteIdent(table);
  return `(rowid - (SELECT min(rowid) FROM ${t}))`;
}
/** Whether a file's own column would shadow DuckDB's rowid (names are case-insensitive there). */
export function hidesRowid(columns: readonly string[]): boolean {
  return columns.some((c) => c.toLowerCase() === 'rowid');
}
