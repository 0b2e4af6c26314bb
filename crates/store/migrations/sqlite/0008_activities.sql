-- Activities with a customer (meetings, calls, e-mails): the "Recent
-- activities" of a customer's page, and the target of CSV imports.
CREATE TABLE customer_activities (
    id           INTEGER PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers(id),
    occurred_on  TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('meeting', 'call', 'email', 'task', 'other')),
    title        TEXT NOT NULL,
    owner_id     BIGINT REFERENCES users(id),
    notes        TEXT NOT NULL DEFAULT '',
    -- the id the record had in the system it was imported from
    external_id  TEXT UNIQUE,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
-- newest first, keyset-paged, per customer
CREATE INDEX customer_activities_customer ON customer_activities(customer_id, occurred_on, id);

-- Imports are idempotent by the source system's id: a row whose external id
-- is already here is not imported again. NULL for records made in Kumppani.
ALTER TABLE customers ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX customers_external_id ON customers(external_id);
ALTER TABLE contacts ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX contacts_external_id ON contacts(external_id);
