/**
 * Missing answers (docs/metrics.md, "Missing answers"): tickets that ask rather than report,
 * or were closed with information only, grouped into themes a knowledge article could
 * answer. A theme is the request type plus a key phrase: the subject's words, lower-cased,
 * minus stop words (question words included) and the words of the ticket's own location,
 * de-duplicated, sorted and cut to four. Sorting makes "How do I reset my password?" and
 * "Password reset" the same theme; the rule is pure SQL, so the same data gives the same
 * themes. Marking a theme answered (`markThemeAnswered`, table answered_themes) lets later
 * figures count its tickets before and after the answer.
 */
import type { Queryable } from '../../ingest/db/database.ts';
import type { Settings } from '../../ingest/settings.ts';
import type { Filters } from '../filters/filters.ts';
import { factsFor, factsSource, type MetricOptions } from '../ticket-facts/ticket-facts.ts';

export const STOP_WORDS: readonly string[] = [
  'a', 'about', 'after', 'again', 'all', 'am', 'an', 'and', 'any', 'are', 'as', 'asap', 'at', 'be', 'been', 'but', 'by',
  'can', 'contact', 'could', 'do', 'does', 'for', 'form', 'from', 'fw', 'fwd', 'get', 'has', 'have', 'hello', 'help',
  'hi', 'how', 'i', 'if', 'in', 'into', 'is', 'issue', 'it', 'me', 'my', 'need', 'needed', 'needs', 'new', 'no', 'not',
  'of', 'on', 'or', 'our', 'please', 'problem', 'process', 'question', 're', 'request', 'should', 'so', 'some', 'thanks',
  'that', 'the', 'there', 'this', 'to', 'up', 'urgent', 'us', 'want', 'was', 'way', 'we', 'what', 'when', 'where',
  'which', 'who', 'why', 'will', 'with', 'would', 'you', 'your',
];
export const KEY_PHRASE_WORDS = 4;
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
  /** The most frequent distinct subjects (ties: alphabetical). */
  example_subjects: string[];
  knowledge_article_linked: boolean;
  answered: { url: string; answered_at: Date; tickets_before: number; tickets_after: number } | null;
}

export function buildAnswerGapsSql(filters: Filters, settings: Settings, options: MetricOptions = {}) {
  const facts = factsSource(filters, settings, options);
  return {
    sql: `WITH ${facts.cte},
asking AS (
  SELECT f.*,
    array_to_string(list_sort(list_distinct(list_filter(
      list_transform(regexp_split_to_array(lower(coalesce(f.subject, '')), '[^a-z0-9-]+'), lambda w: trim(w, '-')),
      lambda w: length(w) > 1 AND NOT list_contains($stop_words::VARCHAR[], w)
        AND NOT list_contains(regexp_split_to_array(lower(coalesce(f.location, '')), '[^a-z0-9]+'), w)
    )))[1:$key_words], ' ') AS key_phrase
  FROM facts f WHERE f.asks
),
keyed AS (
  SELECT *, lower(coalesce(request_type, '')) || '|' || key_phrase AS theme_key FROM asking
),
top_owner AS (
  SELECT theme_key, first(owner ORDER BY n DESC, owner) AS owner_department
  FROM (SELECT theme_key, owner, count(*) AS n FROM keyed GROUP BY ALL) GROUP BY theme_key
),
examples AS (
  SELECT theme_key, list(subject ORDER BY n DESC, subject)[1:$examples] AS example_subjects
  FROM (SELECT theme_key, subject, count(*) AS n FROM keyed WHERE subject IS NOT NULL GROUP BY ALL) GROUP BY theme_key
)
SELECT theme_key,
  coalesce(any_value(k.request_type), '(no request type)') || ': ' || CASE WHEN k.key_phrase = '' THEN '(no key words)' ELSE k.key_phrase END AS theme,
  any_value(k.request_type) AS request_type, k.key_phrase,
  count(*)::INTEGER AS tickets,
  any_value(o.owner_department) AS owner_department,
  sum(k.coordination_cost)::DOUBLE AS coordination_cost,
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
    params: { ...facts.params, stop_words: [...STOP_WORDS], key_words: KEY_PHRASE_WORDS, examples: EXAMPLE_SUBJECTS },
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
