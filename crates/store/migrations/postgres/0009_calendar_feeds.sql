-- Calendar feeds (ICS): a secret URL per subscription, for one customer, one
-- partnership manager's portfolio or the whole centre. Only the SHA-256 of
-- the secret is kept, like API tokens; a feed reads with its owner's rights
-- at each fetch, so it dies when the owner is disabled or loses the right to
-- read plans, and the owner can revoke it at any time.
CREATE TABLE calendar_feeds (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users(id),
    scope         TEXT NOT NULL CHECK (scope IN ('customer', 'manager', 'centre')),
    customer_id   BIGINT REFERENCES customers(id),
    manager_id    BIGINT REFERENCES users(id),
    lang          TEXT NOT NULL CHECK (lang IN ('fi', 'sv', 'en')),
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ,
    version       BIGINT NOT NULL DEFAULT 1,
    CHECK ((scope = 'customer') = (customer_id IS NOT NULL)),
    CHECK ((scope = 'manager') = (manager_id IS NOT NULL))
);
CREATE INDEX calendar_feeds_user ON calendar_feeds(user_id);
