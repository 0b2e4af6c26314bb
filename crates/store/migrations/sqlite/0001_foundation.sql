-- People who use Kumppani. Staff and external board members alike; the role
-- decides what they see. Never deleted: audit rows point at them.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    email         TEXT,
    role          TEXT NOT NULL,
    password_hash TEXT,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- Sessions live in the database so that several instances share them. The
-- cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    created_at  TEXT NOT NULL,
    last_seen   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Segments are operating models (toimintamuoto), not organisation types.
CREATE TABLE segments (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE customers (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    -- lower-cased name: the sort key of the customer list (keyset pagination)
    name_key     TEXT NOT NULL,
    business_id  TEXT UNIQUE,
    org_type     TEXT NOT NULL,
    segment_id   BIGINT NOT NULL REFERENCES segments(id),
    manager_id   BIGINT REFERENCES users(id),
    deputy_id    BIGINT REFERENCES users(id),
    notes        TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (deputy_id IS NULL OR manager_id IS NULL OR deputy_id <> manager_id)
);
CREATE INDEX customers_name_key ON customers(name_key, id);
CREATE INDEX customers_segment ON customers(segment_id, name_key, id);
CREATE INDEX customers_manager ON customers(manager_id, name_key, id);
CREATE INDEX customers_deputy ON customers(deputy_id);
CREATE INDEX customers_org_type ON customers(org_type, name_key, id);

-- Search terms: every word of the name, the whole name and the business ID,
-- lower-cased. A query word matches a term by prefix, which a B-tree index
-- answers on both databases without a backend-specific full-text engine.
CREATE TABLE customer_terms (
    customer_id  BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    term         TEXT NOT NULL,
    PRIMARY KEY (term, customer_id)
);
CREATE INDEX customer_terms_customer ON customer_terms(customer_id);

CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers(id),
    name         TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    email        TEXT,
    phone        TEXT,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX contacts_customer ON contacts(customer_id);

-- The centre's service catalogue.
CREATE TABLE services (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- Which services a customer buys, and whether each is critical to it.
CREATE TABLE customer_services (
    id           INTEGER PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers(id),
    service_id   BIGINT NOT NULL REFERENCES services(id),
    critical     BOOLEAN NOT NULL DEFAULT FALSE,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (customer_id, service_id)
);
CREATE INDEX customer_services_service ON customer_services(service_id);

-- The audit trail: one row per change, written in the change's transaction.
-- `subject_*` names the record whose history shows the row (a contact's
-- change shows in its customer's history). Nothing updates or deletes rows.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
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

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
