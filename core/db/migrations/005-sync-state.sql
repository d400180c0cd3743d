-- Pulls straight from a helpdesk's API (`switchboard pull`, the settings page's sync).
-- sync_state is the per-source resume point: it is written in the same transaction as
-- the page of tickets it follows, so a killed pull resumes exactly after the last
-- committed page and neither loses nor duplicates one. sync_runs is the history shown
-- on the settings page. See connectors/pull/README.md.

CREATE TABLE sync_state (
  source VARCHAR NOT NULL,                 -- the vendor connector ('zendesk', 'servicenow', ...)
  base_url VARCHAR NOT NULL,               -- the instance pulled from, without credentials or query
  cursor JSON NOT NULL,                    -- the vendor's resume point (cursor, high-water mark, offset)
  high_water_mark TIMESTAMPTZ,             -- the latest update instant committed so far
  pages BIGINT NOT NULL DEFAULT 0,         -- pages committed since the first pull
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (source, base_url)
);

CREATE SEQUENCE sync_run_ids START 1;

CREATE TABLE sync_runs (
  run_id INTEGER PRIMARY KEY DEFAULT nextval('sync_run_ids'),
  source VARCHAR NOT NULL,
  base_url VARCHAR NOT NULL,
  status VARCHAR NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
  since TIMESTAMPTZ,                       -- the --since of a first pull; NULL when resuming a cursor
  pages BIGINT NOT NULL DEFAULT 0,
  tickets BIGINT NOT NULL DEFAULT 0,
  events BIGINT NOT NULL DEFAULT 0,
  requests BIGINT NOT NULL DEFAULT 0,
  retries BIGINT NOT NULL DEFAULT 0,
  rate_limit_waits BIGINT NOT NULL DEFAULT 0,
  rate_limit_wait_ms BIGINT NOT NULL DEFAULT 0,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  message VARCHAR                          -- why it failed, or a one-line summary
);
