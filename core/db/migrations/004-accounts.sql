-- Accounts, sessions and pending OpenID Connect sign-ins (issue 7). Passwords are scrypt
-- hashes with a per-user salt; a session row keeps only the sha256 of its cookie token,
-- so a copy of the database file cannot be used to sign in.

CREATE TABLE users (
  user_id VARCHAR PRIMARY KEY,
  email VARCHAR NOT NULL UNIQUE,           -- lower-cased; OpenID Connect sign-ins map by it
  display_name VARCHAR,
  role VARCHAR NOT NULL CHECK (role IN ('admin', 'uploader', 'leader', 'department_head')),
  departments VARCHAR[] NOT NULL DEFAULT [],  -- for department heads: the departments they run
  password_hash VARCHAR,                   -- 'scrypt$N$r$p$salt$hash'; NULL: OpenID Connect only
  disabled BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
  token_hash VARCHAR PRIMARY KEY,          -- sha256 of the cookie's token, never the token
  user_id VARCHAR NOT NULL,
  csrf_token VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE oidc_pending (
  state VARCHAR PRIMARY KEY,
  code_verifier VARCHAR NOT NULL,
  nonce VARCHAR NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);
