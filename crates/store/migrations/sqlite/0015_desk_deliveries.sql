-- Pushing hand-overs to the service desk's webhook. `desk_next_push_at` is
-- when the next attempt is due (NULL: nothing to push, or given up);
-- `desk_pushed_at` when the service desk accepted it. Every attempt is a
-- row of `desk_deliveries`, append-only: the delivery log.
ALTER TABLE customer_requests ADD COLUMN desk_next_push_at TEXT;
ALTER TABLE customer_requests ADD COLUMN desk_pushed_at TEXT;
CREATE INDEX customer_requests_push ON customer_requests(desk_next_push_at);

CREATE TABLE desk_deliveries (
    id            INTEGER PRIMARY KEY,
    request_id    BIGINT NOT NULL REFERENCES customer_requests(id),
    attempt       BIGINT NOT NULL,
    attempted_at  TEXT NOT NULL,
    ok            BOOLEAN NOT NULL,
    -- "HTTP 200", "HTTP 503", or why no answer came
    result        TEXT NOT NULL
);
CREATE INDEX desk_deliveries_request ON desk_deliveries(request_id, id);
