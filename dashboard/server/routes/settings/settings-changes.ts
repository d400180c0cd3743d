/**
 * What a Settings change did, in the words the admin audit log keeps ("triageMinutes: 15
 * -> 20"), and the check of a department name a mapping would create. Pure: the routes
 * (index.ts) read the before state, write, and record the audit row in one transaction.
 */
import { caseTwinProblem } from '../admin/admin-sql.ts';

type Value = string | number | boolean | null | undefined | readonly (string | number)[];

/** One value as the log shows it: lists joined by commas, nothing as "(none)". */
export function shown(value: Value): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  return String(value);
}

/** "key: before -> after" for each key that changed, joined by "; "; null when none did. */
export function describeChanges<T extends Record<string, Value>>(before: T, after: T, keys: readonly (keyof T & string)[]): string | null {
  const changed = keys.filter((k) => shown(before[k]) !== shown(after[k])).map((k) => `${k}: ${shown(before[k])} -> ${shown(after[k])}`);
  return changed.length ? changed.join('; ') : null;
}

/** "Technology -> Payroll", "(none) -> Payroll" or "Payroll -> (none)"; null when it stays the same. */
export function describeMove(before: Value, after: Value): string | null {
  return shown(before) === shown(after) ? null : `${shown(before)} -> ${shown(after)}`;
}

/**
 * A mapping may name a new department (that is how departments begin), but never one that
 * differs from an existing department only in capitals: "payroll" beside "Payroll" would
 * count as a second department in every figure.
 */
export function mappingDepartmentProblem(known: readonly string[], department: string | null): string | null {
  return department === null || known.includes(department) ? null : caseTwinProblem(known, department);
}
