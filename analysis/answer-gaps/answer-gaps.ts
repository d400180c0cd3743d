/**
 * Missing answers (docs/metrics.md, "Missing answers"): tickets that ask rather than report,
 * or were closed with information only, grouped into themes a knowledge article could
 * answer. A theme is the request type plus the ticket's key phrase (./key-phrase.ts: the
 * stems of the subject's words minus stop words and location words, sorted, first four), so
 * "How do I reset my password?" and "Password reset" are one theme, "mileage reimbursed" and
 * "mileage reimbursement" too, and the same data gives the same themes. A theme is labelled
 * with its most representative question: its most frequent subject (ties: the shorter,
 * then alphabetical), as a person wrote it. Marking a theme answered (`markThemeAnswered`, table answered_themes) lets later
 * figures count its tickets before and after the answer.
 */
import type { Queryable } from '#core/db/database.ts';
import type { Settings } from '#core/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { factsFor, factsSource, type MetricOptions } from '../ticket-facts/ticket-facts.ts';
import { exactSum } from '#core/sql/exact-sum.ts';

export const EXAMPLE_SUBJECTS = 3;

export interface AnswerGap {
  theme_key: string;
  theme: string;
  request_type: string | null;
  key_phrase: string;
  tickets: number;
  /** The department owning most of the theme's tickets (ties: alphabetical). */
  owner_department: string;
  coordination_cost: number;
  /** The most frequent distinct subjects (ties: the shorter, then alphabetical); the first is the theme's label. */
  example_subjects: string[];
  knowledge_article_linked: boolean;
  answered: { url: string; answered_at: Date; tickets_before: number; tickets_after: number } | null;
}

export function buildAnswerGapsSql(filters: Filters, settings: Settings, options: MetricOptions = {}) {
  const facts = factsSource(filters, settings, options);
  return {
    sql: `WITH ${facts.cte},
keyed AS (
  SELECT source, ticket_id, request_type, subject, owner, coordination_cost, knowledge_article, created_at, key_phrase,
    lower(coalesce(request_type, '')) || '|' || key_phrase AS theme_key
  FROM facts WHERE asks
),
top_owner AS (
  SELECT theme_key, first(owner ORDER BY n DESC, owner) AS owner_department
  FROM (SELECT theme_key, owner, count(*) AS n FROM keyed GROUP BY ALL) GROUP BY theme_key
),
examples AS (
  SELECT theme_key, list(subject ORDER BY n DESC, length(subject), subject)[1:$examples] AS example_subjects
  FROM (SELECT theme_key, subject, count(*) AS n FROM keyed WHERE subject IS NOT NULL GROUP BY ALL) GROUP BY theme_key
)
SELECT theme_key,
  coalesce(any_value(x.example_subjects)[1], coalesce(any_value(k.request_type), '(no request type)') || ': (no subject)') AS theme,
  any_value(k.request_type) AS request_type, k.key_phrase,
  count(*)::INTEGER AS tickets,
  any_value(o.owner_department) AS owner_department,
  ${exactSum('k.coordination_cost')} AS coordination_cost,
  coalesce(any_value(x.example_subjects), []::VARCHAR[]) AS example_subjects,
  bool_or(k.knowledge_article IS NOT NULL) AS knowledge_article_linked,
  CASE WHEN any_value(a.url) IS NOT NULL THEN {
    'url': any_value(a.url), 'answered_at': any_value(a.answered_at),
    'tickets_before': count(*) FILTER (WHERE k.created_at < a.answered_at)::INTEGER,
    'tickets_after': count(*) FILTER (WHERE k.created_at >= a.answered_at)::INTEGER} END AS answered
FROM keyed k
JOIN top_owner o USING (theme_key)
LEFT JOIN examples x USING (theme_key)
LEFT JOIN answered_themes a USING (theme_key)
GROUP BY theme_key, k.key_phrase
ORDER BY coordination_cost DESC, tickets DESC, theme_key`,
    params: { ...facts.params, examples: EXAMPLE_SUBJECTS },
  };
}

export async function answerGaps(db: Queryable, filters: Filters, settings: Settings, options: MetricOptions = {}): Promise<AnswerGap[]> {
  const q = buildAnswerGapsSql(filters, settings, await factsFor(db, settings, options));
  return db.all<AnswerGap>(q.sql, q.params);
}

/** Records that a theme now has an answer at `url` (replacing an earlier mark). */
export async function markThemeAnswered(db: Queryable, themeKey: string, url: string, answeredAt: Date = new Date()): Promise<void> {
  await db.run(
    `INSERT INTO answered_themes VALUES ($1, $2, $3)
     ON CONFLICT (theme_key) DO UPDATE SET url = excluded.url, answered_at = excluded.answered_at`,
    [themeKey, url, answeredAt],
  );
}

export async function unmarkThemeAnswered(db: Queryable, themeKey: string): Promise<void> {
  await db.run('DELETE FROM answered_themes WHERE theme_key = $1', [themeKey]);
}
