-- Same intent as migrations/sqlite/0001_foundation.sql; see the comments there.
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    email         TEXT,
    role          TEXT NOT NULL,
    password_hash TEXT,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    created_at  TIMESTAMPTZ NOT NULL,
    last_seen   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE segments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE customers (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL,
    name_key     TEXT COLLATE "C" NOT NULL,
    business_id  TEXT UNIQUE,
    org_type     TEXT NOT NULL,
    segment_id   BIGINT NOT NULL REFERENCES segments(id),
    manager_id   BIGINT REFERENCES users(id),
    deputy_id    BIGINT REFERENCES users(id),
    notes        TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    CHECK (deputy_id IS NULL OR manager_id IS NULL OR deputy_id <> manager_id)
);
CREATE INDEX customers_name_key ON customers(name_key, id);
CREATE INDEX customers_segment ON customers(segment_id, name_key, id);
CREATE INDEX customers_manager ON customers(manager_id, name_key, id);
CREATE INDEX customers_deputy ON customers(deputy_id);
CREATE INDEX customers_org_type ON customers(org_type, name_key, id);

CREATE TABLE customer_terms (
    customer_id  BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    term         TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (term, customer_id)
);
CREATE INDEX customer_terms_customer ON customer_terms(customer_id);

CREATE TABLE contacts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers(id),
    name         TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    email        TEXT,
    phone        TEXT,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX contacts_customer ON contacts(customer_id);

CREATE TABLE services (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE customer_services (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers(id),
    service_id   BIGINT NOT NULL REFERENCES services(id),
    critical     BOOLEAN NOT NULL DEFAULT FALSE,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (customer_id, service_id)
);
CREATE INDEX customer_services_service ON customer_services(service_id);

CREATE TABLE audit_log (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            TIMESTAMPTZ NOT NULL,
    actor_id      BIGINT REFERENCES users(id),
    actor_name    TEXT NOT NULL,
    action        TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     BIGINT,
    subject_type  TEXT,
    subject_id    BIGINT,
    changes       TEXT NOT NULL
);
CREATE INDEX audit_subject ON audit_log(subject_type, subject_id, id);
CREATE INDEX audit_entity ON audit_log(entity, entity_id, id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit rows are append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
