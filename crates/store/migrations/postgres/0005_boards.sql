-- Project boards (SPEC §4). One `boards` row per project that has one,
-- created with its first save; its version guards the whole board (members,
-- meeting interval, ways of working and the guidance steps), since the
-- rules are about the members together, not one at a time.
CREATE TABLE boards (
    project_id             BIGINT PRIMARY KEY REFERENCES projects(id),
    meeting_interval       TEXT NOT NULL DEFAULT '',
    ways_of_working        TEXT NOT NULL DEFAULT '',
    -- an internal project that touches many customers: the partnership
    -- manager then represents the customers on its board
    affects_customer_base  BOOLEAN NOT NULL DEFAULT FALSE,
    -- the guidance delivery workflow: when each step was recorded and by whom
    -- (the name as it was, like the audit trail)
    sent_to_customer_at    TIMESTAMPTZ,
    sent_to_customer_by    TEXT,
    sent_to_members_at     TIMESTAMPTZ,
    sent_to_members_by     TEXT,
    reviewed_at            TIMESTAMPTZ,
    reviewed_by            TEXT,
    version                BIGINT NOT NULL DEFAULT 1,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL
);

-- A member is a user (staff, or a customer-side person with an account) or
-- a customer contact without one. Rows are rewritten with each save of the
-- board; meetings keep their own snapshot of who attended.
CREATE TABLE board_members (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  BIGINT NOT NULL REFERENCES boards(project_id),
    user_id     BIGINT REFERENCES users(id),
    contact_id  BIGINT REFERENCES contacts(id),
    role        TEXT NOT NULL,
    side        TEXT NOT NULL,
    CHECK ((user_id IS NULL) <> (contact_id IS NULL))
);
CREATE INDEX board_members_project ON board_members(project_id, id);
-- "my projects" of an external member: the boards they sit on
CREATE INDEX board_members_user ON board_members(user_id);

CREATE TABLE board_meetings (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id     BIGINT NOT NULL REFERENCES boards(project_id),
    held_on        DATE NOT NULL,
    agenda         TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX board_meetings_project ON board_meetings(project_id, held_on, id);

-- Who attended, as they sat on the board that day.
CREATE TABLE board_meeting_attendees (
    meeting_id  BIGINT NOT NULL REFERENCES board_meetings(id),
    position    BIGINT NOT NULL,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    side        TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
);

-- The decision log: what the board decided, never rewritten.
CREATE TABLE board_decisions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id      BIGINT NOT NULL REFERENCES boards(project_id),
    meeting_id      BIGINT NOT NULL REFERENCES board_meetings(id),
    what            TEXT NOT NULL,
    decided_by      TEXT NOT NULL,
    category        TEXT NOT NULL CHECK (category IN ('progress', 'scope', 'budget', 'resources', 'schedule')),
    recorded_by     TEXT NOT NULL,
    at              TIMESTAMPTZ NOT NULL
);
CREATE INDEX board_decisions_project ON board_decisions(project_id, id);

CREATE FUNCTION board_decisions_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'decisions are append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER board_decisions_no_change BEFORE UPDATE OR DELETE ON board_decisions
FOR EACH ROW EXECUTE FUNCTION board_decisions_append_only();
