-- Saved views of the Tickets page: a name and the page's query string (filters, search,
-- sort, page size), kept per user on the server so they follow the person to another
-- browser. A name is unique per user whatever its case: name_key is the trimmed,
-- lower-cased name. Nothing here feeds a figure.

CREATE SEQUENCE saved_view_ids START 1;

CREATE TABLE saved_views (
  view_id INTEGER PRIMARY KEY DEFAULT nextval('saved_view_ids'),
  user_id VARCHAR NOT NULL,                -- users.user_id
  name VARCHAR NOT NULL,                   -- as the person wrote it, trimmed
  name_key VARCHAR NOT NULL,               -- lower(name): what makes two names the same
  query VARCHAR NOT NULL,                  -- the Tickets page's query string, without '?' and page number
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (user_id, name_key)
);
