-- Living account plans (SPEC §3). The plan itself is assembled from live
-- data (customers, contacts, services, projects, customer events); these
-- tables hold only what no other record knows: the plan template, the
-- manager's narrative, the review history, and the customer events
-- (critical-service updates, budget meetings, development needs, marketing
-- actions) that the plan page records where they belong.

-- The template: sections are data, so the unit head can add, rename and
-- reorder them without a release. `source` says which data fills a section;
-- 'narrative' sections hold only the manager's text. The one-row table
-- carries the template's version (sections and review cadences are edited
-- as one document).
CREATE TABLE plan_template (
    id       BIGINT PRIMARY KEY CHECK (id = 1),
    version  BIGINT NOT NULL DEFAULT 1
);
INSERT INTO plan_template (id, version) VALUES (1, 1);

CREATE TABLE plan_sections (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    position  BIGINT NOT NULL,
    source    TEXT NOT NULL CHECK (source IN ('basic', 'projects', 'critical_updates', 'budget_meetings',
                                              'development_needs', 'marketing_actions', 'narrative')),
    title_fi  TEXT NOT NULL,
    title_sv  TEXT NOT NULL,
    title_en  TEXT NOT NULL,
    active    BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX plan_sections_position ON plan_sections(position, id);
INSERT INTO plan_sections (position, source, title_fi, title_sv, title_en) VALUES
    (1, 'basic', 'Asiakkaan perustiedot', 'Kundens grunduppgifter', 'Basic information'),
    (2, 'projects', 'Asiakkaan kehittämishankkeet', 'Kundens utvecklingsprojekt', 'Development projects'),
    (3, 'critical_updates', 'Kriittisten palveluiden päivitysten ajankohdat',
        'Tidpunkter för uppdateringar av kritiska tjänster', 'Dates of updates to critical services'),
    (4, 'budget_meetings', 'Budjetointia ja taloutta koskevat tapaamiset',
        'Möten om budgetering och ekonomi', 'Budgeting and finance meetings'),
    (5, 'development_needs', 'Pienemmät kehittämistarpeet', 'Mindre utvecklingsbehov', 'Smaller development needs'),
    (6, 'marketing_actions', 'Asiakaskohtaiset markkinointitoimet', 'Kundspecifika marknadsföringsåtgärder',
        'Customer-specific marketing actions');

-- Review cadence per segment (operating model); a segment without a row is
-- reviewed quarterly.
CREATE TABLE plan_cadence (
    segment_id  BIGINT PRIMARY KEY REFERENCES segments(id),
    months      BIGINT NOT NULL CHECK (months BETWEEN 1 AND 24)
);

-- One row per customer whose plan has been written to; a customer without
-- one has a plan at version 1, never reviewed. Narrative writes and reviews
-- move the version (optimistic concurrency for the plan as a whole).
CREATE TABLE account_plans (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id     BIGINT NOT NULL UNIQUE REFERENCES customers(id),
    version         BIGINT NOT NULL DEFAULT 1,
    reviewed_at     TIMESTAMPTZ,
    reviewed_by     TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- The manager's own words per section: what no system knows.
CREATE TABLE plan_notes (
    customer_id  BIGINT NOT NULL REFERENCES customers(id),
    section_id   BIGINT NOT NULL REFERENCES plan_sections(id),
    body         TEXT NOT NULL,
    PRIMARY KEY (customer_id, section_id)
);

-- A review freezes the assembled plan as it stood (JSON): the plan's
-- versions. Append-only, like the audit log.
CREATE TABLE plan_reviews (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id    BIGINT NOT NULL REFERENCES customers(id),
    plan_version   BIGINT NOT NULL,
    reviewer_id    BIGINT REFERENCES users(id),
    reviewer_name  TEXT NOT NULL,
    reviewed_at    TIMESTAMPTZ NOT NULL,
    snapshot       TEXT NOT NULL
);
CREATE INDEX plan_reviews_customer ON plan_reviews(customer_id, id);
CREATE FUNCTION plan_reviews_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'plan reviews are append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER plan_reviews_no_change BEFORE UPDATE OR DELETE ON plan_reviews
FOR EACH ROW EXECUTE FUNCTION plan_reviews_append_only();

-- Customer events: the dated things the plan, calendars and the annual
-- clock are made of. A critical update names the catalogue service it
-- updates. ("Review due" events are computed from reviews and cadence.)
CREATE TABLE customer_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers(id),
    kind         TEXT NOT NULL CHECK (kind IN ('critical_update', 'budget_meeting', 'development_need',
                                               'marketing_action')),
    title        TEXT NOT NULL,
    on_date      DATE NOT NULL,
    service_id   BIGINT REFERENCES services(id),
    owner_id     BIGINT REFERENCES users(id),
    status       TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
    notes        TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX customer_events_customer ON customer_events(customer_id, on_date, id);
CREATE INDEX customer_events_date ON customer_events(on_date, id);
CREATE INDEX customer_events_owner ON customer_events(owner_id);
