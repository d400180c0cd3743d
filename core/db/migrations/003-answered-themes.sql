-- Themes of missing answers (analysis/answer-gaps) that the district has answered, e.g.
-- with a knowledge article: later figures count the theme's tickets before and after
-- answered_at to show the effect. theme_key is the key the answer-gaps figure reports.
CREATE TABLE answered_themes (
  theme_key VARCHAR PRIMARY KEY,
  url VARCHAR NOT NULL,                    -- where the answer lives (knowledge article, page)
  answered_at TIMESTAMPTZ NOT NULL
);

