-- Projects (SPEC §4): the register and its status history. A status update
-- (highlight report) is a new row, never an overwrite; the latest row is the
-- project's current status.
CREATE TABLE projects (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                TEXT NOT NULL,
    name_key            TEXT COLLATE "C" NOT NULL,
    customer_id         BIGINT REFERENCES customers(id),
    executive_id        BIGINT NOT NULL REFERENCES users(id),
    project_manager_id  BIGINT NOT NULL REFERENCES users(id),
    stage               TEXT NOT NULL,
    stage_number        BIGINT,
    starts_on           DATE,
    ends_on             DATE,
    tolerance_time      TEXT NOT NULL DEFAULT '',
    tolerance_cost      TEXT NOT NULL DEFAULT '',
    tolerance_scope     TEXT NOT NULL DEFAULT '',
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    CHECK ((stage = 'delivery') = (stage_number IS NOT NULL)),
    CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX projects_name_key ON projects(name_key, id);
CREATE INDEX projects_customer ON projects(customer_id);
CREATE INDEX projects_manager ON projects(project_manager_id);
CREATE INDEX projects_executive ON projects(executive_id);
CREATE INDEX projects_stage ON projects(stage);

CREATE TABLE project_status (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  BIGINT NOT NULL REFERENCES projects(id),
    rag         TEXT NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
    highlight   TEXT NOT NULL,
    author_id   BIGINT REFERENCES users(id),
    author_name TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX project_status_project ON project_status(project_id, id);

CREATE FUNCTION project_status_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'status updates are append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER project_status_no_change BEFORE UPDATE OR DELETE ON project_status
FOR EACH ROW EXECUTE FUNCTION project_status_append_only();
