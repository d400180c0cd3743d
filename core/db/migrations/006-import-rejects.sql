-- Rejected rows of each import, kept so the upload page can offer them as a CSV download
-- after the import (the ingest's own `rejects` table is a temp table of the transaction).
CREATE TABLE import_rejects (
  import_id INTEGER NOT NULL,
  row_number INTEGER NOT NULL,             -- the row in the file, 1 = header
  column_name VARCHAR,
  value VARCHAR,
  reason VARCHAR NOT NULL
);
