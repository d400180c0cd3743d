/**
 * Redaction of free text before it is stored: pure SQL builders plus the one step the
 * ingest runs on its staged rows (`valid_rows`), so no personal detail in a subject,
 * description, resolution text or event note ever reaches the canonical tables.
 *
 * Order matters: emails go first (they hold digits a phone or id pattern would half-eat),
 * then names (listed ones, and the row's own requester and actor as written in the
 * source), then student and staff ids, then phone numbers. Every pattern is a bound
 * parameter; names are escaped into one case-insensitive alternation.
 */
import type { Params, Queryable } from '../db/database.ts';
import { readPrivacy, type PrivacyPolicy } from './policy.ts';

export const EMAIL_PATTERN = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}';
/** (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567, +1 555 123 4567. */
export const PHONE_PATTERN = '(?:\\+?1[ .-]?)?(?:\\(\\d{3}\\) ?|\\b\\d{3}[ .-])\\d{3}[ .-]\\d{4}\\b';
/** Ten bare digits count as a phone only after a word that says so ("call 5558675309"): order numbers stay. */
export const BARE_PHONE_PATTERN = '(?i)(\\b(?:call|phone|tel|cell|mobile|text)\\b\\D{0,4})\\d{10}\\b';

/** Escapes a literal for RE2. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\\-/]/g, '\\$&');
}

export interface TextRedaction {
  /** Wraps a VARCHAR expression in the redaction; `personExprs` are this row's own names. */
  sql: (expr: string, personExprs?: readonly string[]) => string;
  params: Record<string, string>;
}

/**
 * A person's own name, as written in the row, as a whole-word case-insensitive pattern.
 * Only values that look like a name (two or more words, no digits, no @): account ids such
 * as 'system' or 'agent-0001' are also common words or codes inside ordinary text.
 */
function ownNameSql(text: string, personExpr: string): string {
  return `CASE WHEN regexp_full_match(trim(${personExpr}), '[^\\d@\\s]{2,}(\\s+[^\\d@\\s]+)+')
    THEN regexp_replace(${text}, '(?i)\\b' || regexp_escape(trim(${personExpr})) || '\\b', '[name]', 'g') ELSE ${text} END`;
}

export function buildTextRedaction(policy: PrivacyPolicy): TextRedaction {
  const params: Record<string, string> = { priv_email: EMAIL_PATTERN, priv_phone: PHONE_PATTERN, priv_bare_phone: BARE_PHONE_PATTERN };
  const names = policy.names.map((n) => n.trim()).filter(Boolean);
  if (names.length) params.priv_names = `(?i)\\b(?:${names.map(escapeRegex).join('|')})\\b`;
  policy.studentIdPatterns.forEach((p, i) => (params[`priv_student_${i}`] = p));
  policy.staffIdPatterns.forEach((p, i) => (params[`priv_staff_${i}`] = p));

  const sql = (expr: string, personExprs: readonly string[] = []): string => {
    let s = `regexp_replace(${expr}, $priv_email, '[email]', 'g')`;
    if (names.length) s = `regexp_replace(${s}, $priv_names, '[name]', 'g')`;
    for (const person of personExprs) s = ownNameSql(s, person);
    policy.studentIdPatterns.forEach((_, i) => (s = `regexp_replace(${s}, $priv_student_${i}, '[student-id]', 'g')`));
    policy.staffIdPatterns.forEach((_, i) => (s = `regexp_replace(${s}, $priv_staff_${i}, '[staff-id]', 'g')`));
    s = `regexp_replace(${s}, $priv_bare_phone, '\\1[phone]', 'g')`;
    return `regexp_replace(${s}, $priv_phone, '[phone]', 'g')`;
  };
  return { sql, params };
}

/** Event kinds whose detail is free text (a status event's detail is the status itself). */
const FREE_TEXT_KINDS = "('comment', 'note', 'resolution')";

/**
 * The statements that make the staged rows safe to store, with their parameters. Tickets
 * that any row marks sensitive keep no text at all, and text stored for them by an earlier
 * import is cleared too.
 */
export function buildPrivacyStatements(policy: PrivacyPolicy): { sql: string; params: Params }[] {
  const r = buildTextRedaction(policy);
  const sensitive = '(SELECT ticket_id FROM valid_rows GROUP BY ticket_id HAVING bool_or(coalesce(sensitive, false)))';
  const guarded = (column: string, persons: string[]) =>
    `CASE WHEN ticket_id IN ${sensitive} THEN NULL ELSE ${r.sql(column, persons)} END`;
  return [
    {
      sql: `UPDATE valid_rows SET
        subject = ${guarded('subject', ['requester'])},
        description = ${policy.dropDescriptions ? 'NULL' : guarded('description', ['requester'])},
        resolution_text = ${guarded('resolution_text', ['requester', 'actor'])},
        event_detail = CASE WHEN event_kind IN ${FREE_TEXT_KINDS} OR event_kind IS NULL
          THEN ${guarded('event_detail', ['requester', 'actor'])} ELSE event_detail END`,
      params: r.params,
    },
    {
      sql: `UPDATE tickets SET subject = NULL, description = NULL, resolution_text = NULL
        WHERE source = $source AND ticket_id IN ${sensitive}`,
      params: {},
    },
    {
      sql: `UPDATE ticket_events SET detail = NULL
        WHERE source = $source AND kind IN ${FREE_TEXT_KINDS} AND ticket_id IN ${sensitive}`,
      params: {},
    },
  ];
}

/** Runs the privacy step on the staged `valid_rows` of one import (inside its transaction). */
export async function applyPrivacy(tx: Queryable, source: string): Promise<void> {
  const policy = await readPrivacy(tx);
  for (const statement of buildPrivacyStatements(policy)) {
    const params = statement.sql.includes('$source') ? { ...statement.params, source } : statement.params;
    await tx.run(statement.sql, params);
  }
}
