/**
 * DuckDB refuses a named parameter that its statement does not use, and whether a
 * statement uses one can depend on settings (no description redaction when descriptions
 * are dropped), so a statement built from parts binds only the parameters it names.
 */
export function usedParams<T>(sql: string, params: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(params).filter(([name]) => new RegExp(`\\$${name}\\b`).test(sql)));
}
