-- The canonical ticket model. Every connector maps into these tables; every metric reads
-- from them. Instants are UTC TIMESTAMPTZ; the district's zone lives in settings.
-- See docs/data-model.md.

CREATE SEQUENCE import_ids START 1;

CREATE TABLE imports (
  import_id INTEGER PRIMARY KEY DEFAULT nextval('import_ids'),
  source VARCHAR NOT NULL,                 -- the ticket system the rows came from ('demo', 'servicenow', ...)
  connector VARCHAR NOT NULL,              -- the connector that read them ('generic-csv', ...)
  file_name VARCHAR,                       -- base name only, never used as a path
  checksum VARCHAR,                        -- sha256 of the file's bytes
  rows_read BIGINT NOT NULL DEFAULT 0,
  tickets_imported BIGINT NOT NULL DEFAULT 0,
  events_imported BIGINT NOT NULL DEFAULT 0,
  rows_rejected BIGINT NOT NULL DEFAULT 0,
  status VARCHAR NOT NULL CHECK (status IN ('succeeded', 'failed', 'removed')),
  default_landing_department VARCHAR,      -- where tickets created without a group land first
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  message VARCHAR
);

CREATE TABLE departments (
  department VARCHAR PRIMARY KEY,
  hourly_rate DOUBLE                       -- NULL: the default rate from settings applies
);

CREATE TABLE groups (
  group_name VARCHAR PRIMARY KEY           -- an assignment group / team / queue as the source names it
);

CREATE TABLE group_departments (
  group_name VARCHAR PRIMARY KEY,
  department VARCHAR NOT NULL
);

CREATE TABLE request_type_owners (
  request_type VARCHAR PRIMARY KEY,
  department VARCHAR NOT NULL
);

CREATE TABLE settings (
  key VARCHAR PRIMARY KEY,
  value JSON NOT NULL
);

CREATE TABLE tickets (
  source VARCHAR NOT NULL,
  ticket_id VARCHAR NOT NULL,
  import_id INTEGER NOT NULL,              -- the import that last wrote this ticket
  created_at TIMESTAMPTZ NOT NULL,
  resolved_at TIMESTAMPTZ,
  closed_at TIMESTAMPTZ,
  status VARCHAR,
  category VARCHAR,
  subcategory VARCHAR,
  request_type VARCHAR,                    -- category, or 'category / subcategory' where both exist
  channel VARCHAR,
  location VARCHAR,
  subject VARCHAR,
  description VARCHAR,
  requester VARCHAR,                       -- a pseudonym, never a name
  resolution_code VARCHAR,
  resolution_text VARCHAR,
  knowledge_article VARCHAR,
  sensitive BOOLEAN NOT NULL DEFAULT false,
  PRIMARY KEY (source, ticket_id)
);

CREATE TABLE ticket_events (
  source VARCHAR NOT NULL,
  ticket_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,                    -- the source's own order; breaks ties between equal instants
  occurred_at TIMESTAMPTZ NOT NULL,
  kind VARCHAR NOT NULL CHECK (kind IN ('assignment', 'status', 'comment', 'note', 'resolution')),
  group_before VARCHAR,
  group_after VARCHAR,                     -- for assignments: the group the ticket moved to
  actor VARCHAR,                           -- a pseudonym
  actor_group VARCHAR,
  automated BOOLEAN NOT NULL DEFAULT false,
  detail VARCHAR,                          -- new status, or the comment's redacted text
  import_id INTEGER NOT NULL,
  PRIMARY KEY (source, ticket_id, seq)
);
