/**
 * The one place identifiers are quoted. Values never go into SQL text: they are bound
 * parameters. Identifiers (a source file's column names) cannot be bound, so they are
 * double-quoted with embedded quotes doubled, which DuckDB treats as a plain name.
 */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new Error('identifier contains a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A file path as a SQL string literal, for the statements that take no bound parameter
 * for their target (COPY ... TO, EXPORT DATABASE): quotes doubled, NUL refused.
 */
export function quotePathLiteral(path: string): string {
  if (path.includes('\u0000')) throw new Error('path contains a NUL character');
  return `'${path.replaceAll("'", "''")}'`;
}
