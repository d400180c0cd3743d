-- Column mappings a person confirmed for a file shape (switchboard ingest --field, the
-- upload page's selects), keyed by the fingerprint of the file's columns, so the next file
-- of the same shape is read the same way without asking. See docs/connectors.md.
CREATE SEQUENCE column_mapping_ids START 1;

CREATE TABLE column_mappings (
  mapping_id INTEGER PRIMARY KEY DEFAULT nextval('column_mapping_ids'),
  fingerprint VARCHAR NOT NULL UNIQUE,     -- sha256 of the file's column names, in order
  columns JSON NOT NULL,                   -- the column names, as read
  fields JSON NOT NULL,                    -- field -> column ('' = the file has none)
  file_name VARCHAR,                       -- the file it was confirmed on (base name)
  created_at TIMESTAMPTZ NOT NULL,
  used_at TIMESTAMPTZ                      -- the last import that used it
);
