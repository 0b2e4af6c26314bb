-- Sign-in throttling counts failed password checks per (username, address)
-- pair, per address and per username (crates/app/src/auth.rs). An attempt
-- refused by the throttle checked no password, so it is marked and left out
-- of the counts: it neither extends a block nor reaches the global ceiling.
-- Successful sign-ins are kept for 30 days: an address this account signed
-- in from before is not slowed down when the account is under attack.
ALTER TABLE sign_in_attempts ADD COLUMN throttled BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX sign_in_attempts_pair ON sign_in_attempts(username, address, at);
CREATE INDEX sign_in_attempts_at ON sign_in_attempts(at);

-- Personal API tokens expire (chosen at creation: 1 to 365 days). Tokens
-- made before expiry existed get 90 days from the upgrade, so scripts do not
-- stop without notice; the tokens page shows the date. Always set by the
-- application; a token without one is not accepted.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '+90 days');
