-- Personal API tokens for scripts. The token is shown once; only its
-- SHA-256 is kept. Revoked tokens stay for the audit trail.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT,
    version       BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Sign-in attempts, for throttling per account and per address. Keyed by
-- the username as typed, so unknown and known users are throttled alike.
CREATE TABLE sign_in_attempts (
    id         INTEGER PRIMARY KEY,
    username   TEXT NOT NULL,
    address    TEXT NOT NULL,
    at         TEXT NOT NULL,
    succeeded  BOOLEAN NOT NULL
);
CREATE INDEX sign_in_attempts_username ON sign_in_attempts(username, at);
CREATE INDEX sign_in_attempts_address ON sign_in_attempts(address, at);

-- Periods when a person is away; while a partnership manager is away their
-- customers' deputies may edit those customers.
CREATE TABLE absences (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX absences_user ON absences(user_id, starts_on);
