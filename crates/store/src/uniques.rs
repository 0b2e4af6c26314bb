//! Which column a unique violation is about, looked up by the name of the
//! constraint: PostgreSQL reports the constraint's (or unique index's)
//! name, SQLite the columns it covers (`UNIQUE constraint failed:
//! customers.business_id`). One entry per unique constraint and unique
//! index of the migrations; a new one adds its line here, or its duplicate
//! is reported without a column.

/// One unique constraint or unique index.
struct Unique {
    /// The name PostgreSQL reports: `<table>_<column>_key` for a UNIQUE
    /// column, `<table>_pkey` for a primary key, the index's own name.
    postgres: &'static str,
    /// The columns SQLite's message names, as it writes them.
    sqlite: &'static str,
    /// The column a form or API body sets, which the error names.
    column: &'static str,
}

const fn unique(postgres: &'static str, sqlite: &'static str, column: &'static str) -> Unique {
    Unique { postgres, sqlite, column }
}

const UNIQUES: &[Unique] = &[
    unique("users_username_key", "users.username", "username"),
    unique("segments_name_key", "segments.name", "name"),
    unique("services_name_key", "services.name", "name"),
    unique("customers_business_id_key", "customers.business_id", "business_id"),
    unique("customers_external_id", "customers.external_id", "external_id"),
    unique("contacts_external_id", "contacts.external_id", "external_id"),
    unique("projects_external_id", "projects.external_id", "external_id"),
    unique("customer_activities_external_id_key", "customer_activities.external_id", "external_id"),
    // A customer buys a service once: the service is what the form picks.
    unique(
        "customer_services_customer_id_service_id_key",
        "customer_services.customer_id, customer_services.service_id",
        "service_id",
    ),
    unique("glossary_terms_term_key_key", "glossary_terms.term_key", "term_key"),
    unique("account_plans_customer_id_key", "account_plans.customer_id", "customer_id"),
    unique("sessions_pkey", "sessions.token_hash", "token_hash"),
    unique("api_tokens_token_hash_key", "api_tokens.token_hash", "token_hash"),
    unique("calendar_feeds_token_hash_key", "calendar_feeds.token_hash", "token_hash"),
    unique("process_templates_template_key_key", "process_templates.template_key", "template_key"),
    unique("process_steps_template_id_step_key_key", "process_steps.template_id, process_steps.step_key", "step_key"),
    unique("customer_requests_message_id", "customer_requests.message_id", "message_id"),
    // One run per contact: a second start is refused on the contact.
    unique("process_runs_request_id_key", "process_runs.request_id", "request_id"),
];

/// The column of a unique violation, from PostgreSQL's constraint name or
/// SQLite's message; `None` for a constraint not listed above.
pub(crate) fn duplicate_column(constraint: Option<&str>, message: &str) -> Option<String> {
    let found = match constraint {
        Some(name) => UNIQUES.iter().find(|u| u.postgres == name),
        None => {
            let columns = message.split_once("UNIQUE constraint failed:")?.1.trim();
            UNIQUES.iter().find(|u| u.sqlite == columns)
        }
    };
    found.map(|u| u.column.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{UNIQUES, duplicate_column};

    #[test]
    fn both_backends_name_the_same_column() {
        let pg = |c| duplicate_column(Some(c), "duplicate key value violates unique constraint");
        let lite = |m| duplicate_column(None, m);
        assert_eq!(pg("customers_business_id_key").as_deref(), Some("business_id"));
        assert_eq!(lite("UNIQUE constraint failed: customers.business_id").as_deref(), Some("business_id"));
        assert_eq!(pg("customers_external_id").as_deref(), Some("external_id"));
        let both = "UNIQUE constraint failed: customer_services.customer_id, customer_services.service_id";
        assert_eq!(lite(both).as_deref(), Some("service_id"));
        assert_eq!(lite(both), pg("customer_services_customer_id_service_id_key"));
    }

    #[test]
    fn an_unlisted_constraint_names_no_column() {
        assert_eq!(duplicate_column(Some("somewhere_else_key"), ""), None);
        assert_eq!(duplicate_column(None, "UNIQUE constraint failed: elsewhere.name"), None);
        assert_eq!(duplicate_column(None, "something else"), None);
    }

    /// Every unique index the migrations create is listed (checked on
    /// SQLite, whose index list names the columns the way its messages do;
    /// the PostgreSQL names are checked by the conformance suite).
    #[tokio::test]
    async fn every_unique_index_of_the_schema_is_listed() -> Result<(), crate::StoreError> {
        let dir = tempfile::TempDir::new().map_err(|e| crate::StoreError::Malformed(e.to_string()))?;
        let db = crate::Db::connect(&format!("sqlite://{}/u.db", dir.path().display())).await?;
        db.migrate().await?;
        let mut unlisted = Vec::new();
        for (table, shape) in crate::schema::describe(&db).await? {
            for (_, columns) in shape.indexes.iter().filter(|(unique, _)| *unique) {
                let named: Vec<String> = columns.iter().map(|c| format!("{table}.{c}")).collect();
                let message = format!("UNIQUE constraint failed: {}", named.join(", "));
                if duplicate_column(None, &message).is_none() {
                    unlisted.push(message);
                }
            }
        }
        db.close().await;
        assert!(unlisted.is_empty(), "add these to UNIQUES: {unlisted:?}");
        Ok(())
    }

    #[test]
    fn each_constraint_is_listed_once() {
        for (i, u) in UNIQUES.iter().enumerate() {
            assert!(
                UNIQUES[i + 1..].iter().all(|v| v.postgres != u.postgres && v.sqlite != u.sqlite),
                "{}",
                u.postgres
            );
        }
    }
}
