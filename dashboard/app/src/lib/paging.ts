/**
 * One page of a long list the browser already holds (routes, departments): the rows whose
 * text contains `query` (case-insensitive, trimmed), `size` of them from `offset`, moved
 * back to the last page when the search leaves fewer. Pure; the order is the caller's.
 */
export interface RowPage<T> {
  rows: T[];
  /** Rows matching the search. */
  matching: number;
  offset: number;
}

export function pageRows<T>(rows: T[], textsOf: (row: T) => string[], opts: { query: string; offset: number; size: number }): RowPage<T> {
  const q = opts.query.trim().toLowerCase();
  const hits = q ? rows.filter((r) => textsOf(r).some((t) => t.toLowerCase().includes(q))) : rows;
  const last = Math.max(0, Math.floor((hits.length - 1) / opts.size) * opts.size);
  const offset = Math.min(Math.max(0, opts.offset), last);
  return { rows: hits.slice(offset, offset + opts.size), matching: hits.length, offset };
}
