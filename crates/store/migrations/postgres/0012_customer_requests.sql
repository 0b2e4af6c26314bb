-- Same intent as migrations/sqlite/0012_customer_requests.sql; see the comments there.

-- Routing rules, kept by the unit head, tried in `position` order; the
-- first whose every condition holds decides the channel. `kinds` and
-- `keywords` are newline-separated lists; empty is "any".
CREATE TABLE routing_rules (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    position    BIGINT NOT NULL,
    name        TEXT NOT NULL,
    channel     TEXT NOT NULL CHECK (channel IN ('service_desk', 'partnership_manager')),
    kinds       TEXT NOT NULL DEFAULT '',
    service_id  BIGINT REFERENCES services(id),
    keywords    TEXT NOT NULL DEFAULT '',
    sender      TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX routing_rules_position ON routing_rules(position, id);

-- One row per contact. `rule_id` names the rule that routed it (NULL: the
-- kind's default, or a person's re-routing, which `routed_by` names).
-- `holder_id` is who was given it: the partnership manager, or the deputy
-- while the manager was away; NULL on the service desk channel.
-- `answered_at` is set by Kumppani when the status first becomes answered
-- or closed, so lead times are never typed.
CREATE TABLE customer_requests (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id     BIGINT NOT NULL REFERENCES customers(id),
    contact_id      BIGINT REFERENCES contacts(id),
    service_id      BIGINT REFERENCES services(id),
    kind            TEXT NOT NULL CHECK (kind IN ('incident', 'service_request', 'question', 'development_need',
                                                  'feedback')),
    received_via    TEXT NOT NULL CHECK (received_via IN ('email', 'phone', 'meeting', 'web')),
    received_at     TIMESTAMPTZ NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    sender          TEXT NOT NULL DEFAULT '',
    channel         TEXT NOT NULL CHECK (channel IN ('service_desk', 'partnership_manager')),
    rule_id         BIGINT REFERENCES routing_rules(id),
    routed_by       BIGINT REFERENCES users(id),
    holder_id       BIGINT REFERENCES users(id),
    status          TEXT NOT NULL CHECK (status IN ('open', 'handed_over', 'answered', 'closed')),
    desk_reference  TEXT NOT NULL DEFAULT '',
    handed_over_at  TIMESTAMPTZ,
    answered_at     TIMESTAMPTZ,
    internal_notes  TEXT NOT NULL DEFAULT '',
    created_by      BIGINT REFERENCES users(id),
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX customer_requests_customer ON customer_requests(customer_id, received_at, id);
CREATE INDEX customer_requests_open ON customer_requests(status, channel, holder_id);
CREATE INDEX customer_requests_received ON customer_requests(received_at, id);

-- A contact's timeline: what happened and when, append-only. `event` is
-- received, routed, rerouted, status, or a process run's start, steps and
-- project; `detail` the new value.
CREATE TABLE request_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id  BIGINT NOT NULL REFERENCES customer_requests(id),
    at          TIMESTAMPTZ NOT NULL,
    actor_id    BIGINT REFERENCES users(id),
    actor_name  TEXT NOT NULL,
    event       TEXT NOT NULL CHECK (event IN ('received', 'routed', 'rerouted', 'status', 'process', 'step',
                                              'project')),
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX request_events_request ON request_events(request_id, id);
CREATE FUNCTION request_events_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'request events are append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER request_events_no_change BEFORE UPDATE OR DELETE ON request_events
FOR EACH ROW EXECUTE FUNCTION request_events_append_only();

-- The shipped rule: a question or feedback saying a running service is
-- broken is an incident in disguise and goes to the service desk.
INSERT INTO routing_rules (position, name, channel, kinds, keywords, created_at, updated_at) VALUES
    (10, 'Vikailmoitukset kysymyksinä ja palautteena', 'service_desk', 'question
feedback', 'ei toimi
häiriö
vikaantu
kaatuu
fungerar inte
störning
not working
outage
is down', '2026-12-06T00:00:00+00:00', '2026-12-06T00:00:00+00:00');
