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
 * The statements making `view` a view of `table` with each row's place in the file as
 * `column`, leaving out the `exclude` columns. The table must be filled by a single
 * `CREATE TABLE AS` and not have a column named rowid, which would hide the pseudo-column
 * (see `hidesRowid`).
 */
export function fileOrderViewSql(view: string, table: string, column: string, exclude: readonly string[] = []): string[] {
  const rest = exclude.length ? `* EXCLUDE (${exclude.map(quoteIdent).join(', ')})` : '*';
  return [
    fileOrderStartSql(table),
    `CREATE OR REPLACE TEMP VIEW ${quoteIdent(view)} AS SELECT ${fileOrderSql(table)} AS ${quoteIdent(column)}, ${rest} FROM ${quoteIdent(table)}`,
  ];
}

const startVariable = (table: string) => `${table}_first_rowid`;

/** Remembers `table`'s first rowid for `fileOrderSql`, in a variable of the connection: run it once the table is filled. */
export function fileOrderStartSql(table: string): string {
  return `SET VARIABLE ${quoteIdent(startVariable(table))} = (SELECT min(rowid) FROM ${quoteIdent(table)})`;
}

/**
 * A row's place in `table`: 0 for its first row. The first rowid comes from a variable
 * (`fileOrderStartSql`): as a scalar subquery, every statement reading the view over a
 * million-ticket file ran five to seven times slower than over a stored column.
 */
export function fileOrderSql(table: string): string {
  return `(rowid - getvariable('${startVariable(table).replaceAll("'", "''")}'))`;
}

/** Whether a file's own column would shadow DuckDB's rowid (names are case-insensitive there). */
export function hidesRowid(columns: readonly string[]): boolean {
  return columns.some((c) => c.toLowerCase() === 'rowid');
}
