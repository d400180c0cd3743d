-- Declaring a request type's owner is a decision, not a fix (issue 16): each declaration
-- (or removal, department NULL) made through the settings is kept with its instant, so the
-- gaps page can show misroutes of that type before and after it, and call a decided gap
-- "decided, not yet working" until its misroute share falls below the gap rule.
-- request_type_owners keeps holding the current owner; this table is its history.

CREATE SEQUENCE owner_decision_ids START 1;

CREATE TABLE owner_decisions (
  decision_id INTEGER PRIMARY KEY DEFAULT nextval('owner_decision_ids'),
  request_type VARCHAR NOT NULL,
  department VARCHAR,                      -- NULL: the declared owner was removed
  decided_at TIMESTAMPTZ NOT NULL
);
