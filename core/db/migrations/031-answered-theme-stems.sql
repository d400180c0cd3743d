-- Theme keys are made of word stems (analysis/answer-gaps/key-phrase.ts, stemSql), so that
-- "mileage reimbursed" and "mileage reimbursement" are one theme. A theme marked answered
-- under its old key keeps its mark under the new one: each word of the key's phrase is
-- stemmed with the same three rules, de-duplicated, sorted and cut to four. Two old keys
-- that become one keep the later answer.
CREATE TABLE answered_themes_stemmed AS
SELECT theme_key, arg_max(url, answered_at) AS url, max(answered_at) AS answered_at
FROM (
  SELECT regexp_extract(theme_key, '^(.*)\|[^|]*$', 1) || '|' || array_to_string(list_sort(list_distinct(list_transform(
      list_filter(string_split(regexp_extract(theme_key, '\|([^|]*)$', 1), ' '), w -> w <> ''),
      w -> regexp_replace(
        CASE WHEN regexp_matches(w, '^(.{3,}?)(ments?|ings?|edly|ed|es)$') THEN regexp_replace(w, '^(.{3,}?)(ments?|ings?|edly|ed|es)$', '\1')
             ELSE regexp_replace(w, '^(.{3,}[^s])s$', '\1') END,
        '^(.{3,})e$', '\1'))))[1:4], ' ') AS theme_key,
    url, answered_at
  FROM answered_themes
)
GROUP BY theme_key;
DELETE FROM answered_themes;
INSERT INTO answered_themes SELECT theme_key, url, answered_at FROM answered_themes_stemmed;
DROP TABLE answered_themes_stemmed;
