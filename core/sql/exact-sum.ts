/**
 * A sum of DOUBLE values that is the same on every run. DuckDB adds a column's values in
 * whatever order its threads reach them, and floating-point addition depends on the order,
 * so a sum of hours or money differed in its last digits between two runs of the same
 * report. Each value is rounded to nine decimals and added as a DECIMAL, which is exact,
 * then turned back into a DOUBLE.
 */
export function exactSum(expression: string): string {
  return `sum((${expression})::DECIMAL(38, 9))::DOUBLE`;
}
