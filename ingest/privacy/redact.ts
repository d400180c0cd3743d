/**
 * Redaction of free text before it is stored: pure SQL builders the ingest puts into the
 * statements that write tickets and events (see `buildPrivacySql`), so no personal detail
 * in a subject, description, resolution text or event note ever reaches the canonical
 * tables.
 *
 * Order matters: emails go first (they hold digits a phone or id pattern would half-eat),
 * then names (listed ones, and the row's own requester and actor as written in the
 * source), then student and staff ids, then phone numbers. Every pattern is a bound
 * parameter; names are escaped into one case-insensitive alternation.
 */
import type { Queryable } from '#core/db/database.ts';
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

/** What a person's name must look like to be redacted as a name: two or more words, no digits, no @. */
const NAME_LIKE = "'[^\\d@\\s]{2,}(\\s+[^\\d@\\s]+)+'";

/**
 * A person's own name, as written in the row, as a whole-word case-insensitive pattern.
 * Only values that look like a name (two or more words, no digits, no @): account ids such
 * as 'system' or 'agent-0001' are also common words or codes inside ordinary text.
 */
function ownNameSql(text: string, personExpr: string): string {
  return `CASE WHEN regexp_full_match(trim(${personExpr}), ${NAME_LIKE})
    THEN regexp_replace(${text}, '(?i)\\b' || regexp_escape(trim(${personExpr})) || '\\b', '[name]', 'g') ELSE ${text} END`;
}

/**
 * The part of a person's value the redaction depends on: the trimmed name where it looks
 * like one, else ''. Redacting with this key in place of the value gives the same text,
 * so text can be redacted once per distinct {text, name keys} instead of once per row.
 */
export function personNameKeySql(personExpr: string): string {
  return `CASE WHEN regexp_full_match(trim(${personExpr}), ${NAME_LIKE}) THEN trim(${personExpr}) ELSE '' END`;
}

export function buildTextRedaction(policy: PrivacyPolicy): TextRedaction {
  const params: Record<string, string> = { priv_email: EMAIL_PATTERN, priv_phone: PHONE_PATTERN, priv_bare_phone: BARE_PHONE_PATTERN };
  const names = policy.names.map((n) => n.trim()).filter(Boolean);
  if (names.length) params.priv_names = `(?i)\\b(?:${names.map(escapeRegex).join('|')})\\b`;
  policy.studentIdPatterns.forEach((p, i) => (params[`priv_student_${i}`] = p));
  policy.staffIdPatterns.forEach((p, i) => (params[`priv_staff_${i}`] = p));

  const sql = (expr: string, personExprs: readonly string[] = []): string => {
    // Text without an @ holds no email address: it skips the pattern (most of the time).
    let s = `CASE WHEN contains(${expr}, '@') THEN regexp_replace(${expr}, $priv_email, '[email]', 'g') ELSE ${expr} END`;
    if (names.length) s = `regexp_replace(${s}, $priv_names, '[name]', 'g')`;
    for (const person of personExprs) s = ownNameSql(s, person);
    policy.studentIdPatterns.forEach((_, i) => (s = `regexp_replace(${s}, $priv_student_${i}, '[student-id]', 'g')`));
    policy.staffIdPatterns.forEach((_, i) => (s = `regexp_replace(${s}, $priv_staff_${i}, '[staff-id]', 'g')`));
    const phones = `regexp_replace(regexp_replace(${s}, $priv_bare_phone, '\\1[phone]', 'g'), $priv_phone, '[phone]', 'g')`;
    // Both phone patterns need an ASCII digit (RE2's \d), and no earlier step writes one, so
    // text that had none skips them.
    return `CASE WHEN regexp_matches(${expr}, '[0-9]') THEN ${phones} ELSE ${s} END`;
  };
  return { sql, params };
}

export type TicketTextColumn = 'subject' | 'description' | 'resolution_text';

/** Event kinds whose detail is free text (a status event's detail is the status itself). */
export const FREE_TEXT_KINDS = "('comment', 'note', 'resolution')";

/**
 * Where an import's text is made safe to store. An event log repeats a ticket's subject,
 * description and resolution text on every one of its rows, so redacting the staged rows
 * would run every pattern five or more times per ticket; instead the ingest picks each
 * ticket's stored text first (its last non-empty value, with that row's requester and
 * actor as written) and redacts that once. Templated text (subjects, resolution texts,
 * event notes) is redacted once per distinct value and the names it depends on.
 * Tickets that any row marks sensitive (the temp table `sensitive_tickets`) keep no text
 * at all, and text stored for them by an earlier import is cleared too.
 */
export interface PrivacySql {
  /** Creates `sensitive_tickets` (ticket_id) from the staged `valid_rows`. */
  sensitiveTicketsSql: string;
  /** Clear what earlier imports stored for this import's sensitive tickets; bind `$source`. */
  clearStoredSql: string[];
  /**
   * Subjects and resolution texts are mostly templated, so each distinct one (with its
   * row's names where they look like names) is redacted once, into a temp table per column
   * that the tickets' statements join (`ticketTextJoin`); descriptions are mostly unique, so
   * they are redacted in place. `rows` is a relation holding every row a ticket's text may
   * come from (its text column, requester and actor).
   */
  ticketTextRedactionsSql: (rows: string) => string[];
  /** The join `ticketText` needs for a column (or ''); `picked` is as for `ticketText`. */
  ticketTextJoin: (column: TicketTextColumn, picked: string) => string;
  /**
   * The stored value of a ticket's text column. `picked` is a struct expression
   * {v: the text, r: the requester, a: the actor} of the row it comes from; `sensitive`
   * a boolean expression.
   */
  ticketText: (column: TicketTextColumn, picked: string, sensitive: string) => string;
  /**
   * Joins each row of `valid_rows` to its note's redacted text. Automated notes and
   * templated comments repeat verbatim across thousands of events, so each distinct note
   * (with the row's own names, where they look like names) is redacted once. `people` is a
   * table of (name, name_key: `personNameKeySql(name)`), joined to the row's requester and
   * actor under the aliases `requesterAlias` and `actorAlias`.
   */
  eventDetailJoin: (people: string, requesterAlias: string, actorAlias: string) => string;
  /** The stored detail of an event, from a row of `valid_rows` joined by `eventDetailJoin`. */
  eventDetail: (sensitive: string) => string;
  params: Record<string, string>;
}

/** The ticket text columns redacted once per distinct value. */
const TEMPLATED_TICKET_TEXT = ['subject', 'resolution_text'] as const;

/** A subject is redacted with its requester's name, a resolution text with its actor's too. */
function ticketActorKey(column: TicketTextColumn, actorExpr: string): string {
  return column === 'resolution_text' ? personNameKeySql(actorExpr) : "''";
}

export function buildPrivacySql(policy: PrivacyPolicy): PrivacySql {
  const r = buildTextRedaction(policy);
  const freeText = `(event_kind IN ${FREE_TEXT_KINDS} OR event_kind IS NULL)`;
  const guarded = (sensitive: string, redacted: string) => `CASE WHEN ${sensitive} THEN NULL ELSE ${redacted} END`;
  return {
    sensitiveTicketsSql: `CREATE OR REPLACE TEMP TABLE sensitive_tickets AS
      SELECT ticket_id FROM valid_rows GROUP BY ticket_id HAVING bool_or(coalesce(sensitive, false))`,
    clearStoredSql: [
      `UPDATE tickets SET subject = NULL, description = NULL, resolution_text = NULL
        WHERE source = $source AND ticket_id IN (SELECT ticket_id FROM sensitive_tickets)`,
      `UPDATE ticket_events SET detail = NULL
        WHERE source = $source AND kind IN ${FREE_TEXT_KINDS} AND ticket_id IN (SELECT ticket_id FROM sensitive_tickets)`,
    ],
    ticketTextRedactionsSql: (rows) => TEMPLATED_TICKET_TEXT.map((column) =>
      `CREATE OR REPLACE TEMP TABLE ${column}_redactions AS
       SELECT text, requester_key, actor_key, ${r.sql('text', ['requester_key', 'actor_key'])} AS redacted
       FROM (SELECT DISTINCT ${column} AS text, ${personNameKeySql('requester')} AS requester_key,
               ${ticketActorKey(column, 'actor')} AS actor_key
             FROM ${rows} WHERE ${column} IS NOT NULL)`),
    ticketTextJoin: (column, picked) => column === 'description' ? '' :
      `LEFT JOIN ${column}_redactions ${column}_text ON ${column}_text.text = ${picked}.v
        AND ${column}_text.requester_key = ${personNameKeySql(`${picked}.r`)}
        AND ${column}_text.actor_key = ${ticketActorKey(column, `${picked}.a`)}`,
    ticketText: (column, picked, sensitive) => {
      if (column === 'description') {
        return policy.dropDescriptions ? 'NULL::VARCHAR' : guarded(sensitive, r.sql(`${picked}.v`, [`${picked}.r`]));
      }
      return guarded(sensitive, `${column}_text.redacted`);
    },
    eventDetailJoin: (people, requesterAlias, actorAlias) => `LEFT JOIN (
        SELECT detail, requester_key, actor_key, ${r.sql('detail', ['requester_key', 'actor_key'])} AS redacted
        FROM (SELECT DISTINCT v.event_detail AS detail, coalesce(rq.name_key, '') AS requester_key, coalesce(ac.name_key, '') AS actor_key
              FROM valid_rows v LEFT JOIN ${people} rq ON rq.name = v.requester LEFT JOIN ${people} ac ON ac.name = v.actor
              WHERE ${freeText} AND v.event_detail IS NOT NULL)
      ) event_text ON event_text.detail = valid_rows.event_detail
        AND event_text.requester_key = coalesce(${requesterAlias}.name_key, '')
        AND event_text.actor_key = coalesce(${actorAlias}.name_key, '')`,
    eventDetail: (sensitive) =>
      `CASE WHEN ${freeText} THEN ${guarded(sensitive, 'event_text.redacted')} ELSE event_detail END`,
    params: r.params,
  };
}

/** Reads this install's policy and builds its SQL. */
export async function privacySql(tx: Queryable): Promise<PrivacySql> {
  return buildPrivacySql(await readPrivacy(tx));
}
