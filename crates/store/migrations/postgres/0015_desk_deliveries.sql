-- Same intent as migrations/sqlite/0015_desk_deliveries.sql; see the comments there.
ALTER TABLE customer_requests ADD COLUMN desk_next_push_at TIMESTAMPTZ;
ALTER TABLE customer_requests ADD COLUMN desk_pushed_at TIMESTAMPTZ;
CREATE INDEX customer_requests_push ON customer_requests(desk_next_push_at);

CREATE TABLE desk_deliveries (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id    BIGINT NOT NULL REFERENCES customer_requests(id),
    attempt       BIGINT NOT NULL,
    attempted_at  TIMESTAMPTZ NOT NULL,
    ok            BOOLEAN NOT NULL,
    result        TEXT NOT NULL
);
CREATE INDEX desk_deliveries_request ON desk_deliveries(request_id, id);
