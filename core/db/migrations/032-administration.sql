-- Administration in the browser (dashboard/server/routes/admin): every change an admin makes
-- to accounts, departments or district settings is written to admin_audit in the same
-- transaction as the change itself, so the log cannot miss a change that landed or show one
-- that did not. district holds the district's own name (the board report's title); it is
-- kept outside `settings` because every setting feeds the per-ticket facts' fingerprint,
-- and a new name must not recompute them.

CREATE SEQUENCE admin_audit_ids START 1;

CREATE TABLE admin_audit (
  audit_id INTEGER PRIMARY KEY DEFAULT nextval('admin_audit_ids'),
  changed_at TIMESTAMPTZ NOT NULL,
  actor VARCHAR NOT NULL,                  -- the admin's email; 'switchboard users' for the command line
  action VARCHAR NOT NULL,                 -- 'user.invite', 'department.rename', 'district.update', ...
  target VARCHAR,                          -- the account's email, the department, the setting
  detail VARCHAR                           -- what changed, in words (never a password)
);

CREATE TABLE district (
  singleton BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
  district_name VARCHAR
);
