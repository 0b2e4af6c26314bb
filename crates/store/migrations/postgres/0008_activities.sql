-- Same intent as migrations/sqlite/0008_activities.sql; see the comments there.
CREATE TABLE customer_activities (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers(id),
    occurred_on  DATE NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('meeting', 'call', 'email', 'task', 'other')),
    title        TEXT NOT NULL,
    owner_id     BIGINT REFERENCES users(id),
    notes        TEXT NOT NULL DEFAULT '',
    external_id  TEXT UNIQUE,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX customer_activities_customer ON customer_activities(customer_id, occurred_on, id);

ALTER TABLE customers ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX customers_external_id ON customers(external_id);
ALTER TABLE contacts ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX contacts_external_id ON contacts(external_id);
