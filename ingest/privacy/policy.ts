/**
 * What the privacy rules are for this install, kept in the `settings` table under the key
 * `privacy`. Every field has a default, so an install that never touched it is protected.
 *
 * Patterns are RE2 regular expressions (DuckDB's regex engine), not JavaScript ones: they
 * are checked against DuckDB itself when written, so a bad pattern is refused at the
 * settings screen rather than failing an import later.
 */
import type { Queryable } from '#core/db/database.ts';

export interface PrivacyPolicy {
  /** Student id patterns, replaced by [student-id]. */
  studentIdPatterns: string[];
  /** Staff id / employee number patterns, replaced by [staff-id]. */
  staffIdPatterns: string[];
  /** Names (people the district lists), replaced by [name] wherever they appear, any case. */
  names: string[];
  /** Keep no description text at all. */
  dropDescriptions: boolean;
}

export const DEFAULT_PRIVACY: PrivacyPolicy = {
  studentIdPatterns: ['\\bS\\d{7}\\b'],
  staffIdPatterns: ['\\bE\\d{6}\\b'],
  names: [],
  dropDescriptions: false,
};

export const PRIVACY_LIMITS = { patterns: 50, patternLength: 200, names: 5000, nameLength: 100 } as const;

export async function readPrivacy(db: Queryable): Promise<PrivacyPolicy> {
  const rows = await db.all<{ value: string }>("SELECT value::VARCHAR AS value FROM settings WHERE key = 'privacy'");
  const stored = rows.length ? (JSON.parse(rows[0].value) as Partial<PrivacyPolicy>) : {};
  return { ...DEFAULT_PRIVACY, ...stored };
}

/** Returns the problems with a policy (empty when it can be saved). Checks each pattern in DuckDB. */
export async function validatePrivacy(db: Queryable, policy: PrivacyPolicy): Promise<string[]> {
  const errors: string[] = [];
  const lists = [
    ['studentIdPatterns', policy.studentIdPatterns, PRIVACY_LIMITS.patterns, PRIVACY_LIMITS.patternLength],
    ['staffIdPatterns', policy.staffIdPatterns, PRIVACY_LIMITS.patterns, PRIVACY_LIMITS.patternLength],
    ['names', policy.names, PRIVACY_LIMITS.names, PRIVACY_LIMITS.nameLength],
  ] as const;
  for (const [field, list, max, maxLength] of lists) {
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
      errors.push(`${field} must be a list of text`);
      continue;
    }
    if (list.length > max) errors.push(`${field} holds at most ${max} entries, got ${list.length}`);
    list.forEach((x, i) => {
      if (x.trim() === '') errors.push(`${field}[${i}] is empty`);
      if (x.length > maxLength) errors.push(`${field}[${i}] is longer than ${maxLength} characters`);
    });
  }
  if (typeof policy.dropDescriptions !== 'boolean') errors.push('dropDescriptions must be true or false');
  if (errors.length) return errors;
  for (const field of ['studentIdPatterns', 'staffIdPatterns'] as const) {
    for (const [i, pattern] of policy[field].entries()) {
      try {
        // A pattern that matches the empty string would insert a marker between every character.
        const [{ empty }] = await db.all<{ empty: boolean }>('SELECT regexp_full_match(\'\', $p) AS empty', { p: pattern });
        if (empty) errors.push(`${field}[${i}] matches empty text`);
      } catch {
        errors.push(`${field}[${i}] is not a valid regular expression: ${pattern}`);
      }
    }
  }
  return errors;
}

export async function writePrivacy(db: Queryable, policy: PrivacyPolicy): Promise<void> {
  const errors = await validatePrivacy(db, policy);
  if (errors.length) throw new Error(errors.join('; '));
  await db.run(
    "INSERT INTO settings VALUES ('privacy', $1::JSON) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [JSON.stringify(policy)],
  );
}
