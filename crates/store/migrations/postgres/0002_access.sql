-- Same intent as migrations/sqlite/0002_access.sql; see the comments there.
CREATE TABLE api_tokens (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ,
    version       BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE sign_in_attempts (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username   TEXT NOT NULL,
    address    TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    succeeded  BOOLEAN NOT NULL
);
CREATE INDEX sign_in_attempts_username ON sign_in_attempts(username, at);
CREATE INDEX sign_in_attempts_address ON sign_in_attempts(address, at);

CREATE TABLE absences (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    starts_on   DATE NOT NULL,
    ends_on     DATE NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX absences_user ON absences(user_id, starts_on);
