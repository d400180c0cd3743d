/**
 * The key phrase of a ticket that asks: the subject's words, lower-cased, minus stop words
 * (question words included) and the words of the ticket's own location, each cut to its
 * stem (`stemSql`), de-duplicated, sorted and cut to four. Sorting makes "How do I reset my
 * password?" and "Password reset" one phrase; stems make "mileage reimbursed" and "mileage
 * reimbursement" one. Pure SQL over one row, so the same data always gives the same phrase; the
 * per-ticket facts compute it once per refresh for the tickets that ask.
 */

export const STOP_WORDS: readonly string[] = [
  'a', 'about', 'after', 'again', 'all', 'am', 'an', 'and', 'any', 'are', 'as', 'asap', 'at', 'be', 'been', 'but', 'by',
  'can', 'contact', 'could', 'do', 'does', 'for', 'form', 'from', 'fw', 'fwd', 'get', 'has', 'have', 'hello', 'help',
  'hi', 'how', 'i', 'if', 'in', 'into', 'is', 'issue', 'it', 'me', 'my', 'need', 'needed', 'needs', 'new', 'no', 'not',
  'of', 'on', 'or', 'our', 'please', 'problem', 'process', 'question', 're', 'request', 'should', 'so', 'some', 'thanks',
  'that', 'the', 'there', 'this', 'to', 'up', 'urgent', 'us', 'want', 'was', 'way', 'we', 'what', 'when', 'where',
  'which', 'who', 'why', 'will', 'with', 'would', 'you', 'your',
];
export const KEY_PHRASE_WORDS = 4;

/**
 * SQL for the key phrase of `subject` given `location`; reads $stop_words and $key_words.
 *
 * The location's words are taken away with a count rather than a lookup inside the word
 * filter: a lambda that reads the row's location re-evaluates it for every word, and that
 * lookup was most of the cost. Here each distinct subject word is counted once and each
 * location word twice, so exactly the subject words absent from the location count one.
 * The location list is never empty (splitting '' gives ['']), so the count always exists.
 */
export function keyPhraseSql(subject: string, location: string): string {
  const subjectWords = `list_distinct(list_transform(list_filter(
      list_transform(regexp_split_to_array(lower(coalesce(${subject}, '')), '[^a-z0-9-]+'), lambda w: trim(w, '-')),
      lambda w: length(w) > 1 AND NOT list_contains($stop_words::VARCHAR[], w)), lambda w: ${stemSql('w')}))`;
  const locationWords = `list_distinct(list_transform(regexp_split_to_array(lower(coalesce(${location}, '')), '[^a-z0-9]+'), lambda w: ${stemSql('w')}))`;
  const counts = `list_aggregate(list_concat(${subjectWords}, ${locationWords}, ${locationWords}), 'histogram')`;
  return `array_to_string(list_sort(list_transform(
      list_filter(map_entries(${counts}), lambda e: e.value = 1), lambda e: e.key))[1:$key_words], ' ')`;
}

/**
 * SQL for a word's stem, a light suffix stripper for English (Porter's idea, three rules in
 * order), keeping at least three letters: -ment(s), -ing(s), -edly, -ed or -es goes, or
 * else a final -s after any letter but s; then a final -e. "reimbursed", "reimbursement" and
 * "reimbursements" all become "reimburs"; "change" and "changes" "chang"; "access" and
 * "address" keep their double s. A stem is a key, never shown.
 */
export function stemSql(word: string): string {
  const suffix = `'^(.{3,}?)(ments?|ings?|edly|ed|es)$'`;
  const stripped = `CASE WHEN regexp_matches(${word}, ${suffix}) THEN regexp_replace(${word}, ${suffix}, '\\1')
    ELSE regexp_replace(${word}, '^(.{3,}[^s])s$', '\\1') END`;
  return `regexp_replace(${stripped}, '^(.{3,})e$', '\\1')`;
}
