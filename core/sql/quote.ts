/**
 * The one place identifiers are quoted. Values never go into SQL text: they are bound
 * parameters. Identifiers (a source file's column names) cannot be bound, so they are
 * double-quoted with embedded quotes doubled, which DuckDB treats as a plain name.
 */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new Error('identifier contains a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}
