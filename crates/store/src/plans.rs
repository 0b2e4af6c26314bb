//! Account plans: the template (sections and review cadences), the
//! per-customer plan row (version, last review), narratives, reviews with
//! their snapshots, and what the assembly reads about one customer or a
//! whole portfolio at once. Customer events live in [`crate::events`].

use chrono::{DateTime, Utc};
use kumppani_domain::plan::{DEFAULT_CADENCE_MONTHS, SectionSource, ValidTemplate};
use kumppani_domain::{Actor, OrgType};
use serde::Serialize;

use crate::{Db, StoreError, Tx, Value, check_updated, now};

mod portfolio;

pub use portfolio::{LineCounts, PlanKey, Scope, ids_by_name, key, keys, line_counts, notes_after};

/// Which customers a read covers: one, or a manager's portfolio (all
/// customers when no manager is named).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which<'a> {
    Customer(i64),
    Portfolio {
        manager_id: Option<i64>,
    },
    /// Customers by id range (batch jobs).
    Ids {
        from: i64,
        to: i64,
    },
    /// The customers of a manager, a segment, both or neither.
    Scope(Scope),
    /// These customers (one page of a list).
    Listed(&'a [i64]),
}

impl Which<'_> {
    /// The condition on a `customers` row aliased `c`.
    pub(crate) fn condition(&self, params: &mut Vec<Value>) -> String {
        match *self {
            Which::Scope(scope) => scope.condition(params),
            // An empty page covers nobody (`IN ()` is not SQL).
            Which::Listed([]) => "1 = 0".to_owned(),
            Which::Listed(ids) => {
                let mut placeholders = Vec::with_capacity(ids.len());
                for id in ids {
                    params.push((*id).into());
                    placeholders.push(format!("${}", params.len()));
                }
                format!("c.id IN ({})", placeholders.join(", "))
            }
            Which::Customer(id) => {
                params.push(id.into());
                format!("c.id = ${}", params.len())
            }
            Which::Portfolio { manager_id: Some(m) } => {
                params.push(m.into());
                format!("c.manager_id = ${}", params.len())
            }
            Which::Portfolio { manager_id: None } => "1 = 1".to_owned(),
            Which::Ids { from, to } => {
                params.push(from.into());
                params.push(to.into());
                format!("c.id BETWEEN ${} AND ${}", params.len() - 1, params.len())
            }
        }
    }
}

/// A section of the plan template.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Section {
    pub id: i64,
    pub position: i64,
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<SectionSource>")]
    pub source: SectionSource,
    pub title_fi: String,
    pub title_sv: String,
    pub title_en: String,
    /// Retired sections keep their narratives for the history.
    pub active: bool,
}

impl Section {
    /// The title in a language (`fi`, `sv`, `en`); Finnish otherwise.
    pub fn title(&self, lang: &str) -> &str {
        match lang {
            "sv" => &self.title_sv,
            "en" => &self.title_en,
            _ => &self.title_fi,
        }
    }
}

/// The template's sections in order; retired ones only when asked.
pub async fn sections(db: &Db, with_retired: bool) -> Result<Vec<Section>, StoreError> {
    let filter = if with_retired { "" } else { " WHERE active = TRUE" };
    let sql = format!(
        "SELECT id, position, source, title_fi, title_sv, title_en, active FROM plan_sections{filter}
         ORDER BY active DESC, position, id"
    );
    db.fetch_all_as(&sql, &[]).await
}

pub async fn template_version(db: &Db) -> Result<i64, StoreError> {
    db.fetch_scalar("SELECT version FROM plan_template WHERE id = 1", &[]).await
}

/// A segment's review cadence.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Cadence {
    pub segment_id: i64,
    pub segment_name: String,
    /// Months between reviews (3, quarterly, unless set).
    pub months: i64,
}

/// Every segment's cadence, in segment name order.
pub async fn cadences(db: &Db) -> Result<Vec<Cadence>, StoreError> {
    db.fetch_all_as(
        "SELECT s.id AS segment_id, s.name AS segment_name, COALESCE(pc.months, $1) AS months FROM segments s
             LEFT JOIN plan_cadence pc ON pc.segment_id = s.id ORDER BY s.name COLLATE \"C\", s.id",
        &[DEFAULT_CADENCE_MONTHS.into()],
    )
    .await
}

/// Replaces the template: listed sections in their order (new ones
/// inserted), unlisted ones retired, cadences set. `version` is the
/// template's; NotFound if a listed section id is not a section.
pub async fn save_template(tx: &mut Tx, version: i64, t: &ValidTemplate) -> Result<(), StoreError> {
    let rows = tx
        .execute("UPDATE plan_template SET version = version + 1 WHERE id = 1 AND version = $1", &[version.into()])
        .await?;
    check_updated(tx, "plan_template", 1, rows).await?;
    tx.execute("UPDATE plan_sections SET active = FALSE", &[]).await?;
    for (i, s) in t.sections.iter().enumerate() {
        let position = i64::try_from(i).unwrap_or(i64::MAX) + 1;
        let [fi, sv, en] = &s.titles;
        let mut params: Vec<Value> =
            vec![position.into(), s.source.as_str().into(), fi.as_str().into(), sv.as_str().into(), en.as_str().into()];
        match s.id {
            Some(id) => {
                params.push(id.into());
                let n = tx
                    .execute(
                        "UPDATE plan_sections SET position = $1, source = $2, title_fi = $3, title_sv = $4,
                                title_en = $5, active = TRUE WHERE id = $6",
                        &params,
                    )
                    .await?;
                if n == 0 {
                    return Err(StoreError::NotFound);
                }
            }
            None => {
                tx.execute(
                    "INSERT INTO plan_sections (position, source, title_fi, title_sv, title_en)
                     VALUES ($1, $2, $3, $4, $5)",
                    &params,
                )
                .await?;
            }
        }
    }
    for (segment_id, months) in &t.cadences {
        tx.execute("DELETE FROM plan_cadence WHERE segment_id = $1", &[(*segment_id).into()]).await?;
        tx.execute(
            "INSERT INTO plan_cadence (segment_id, months) VALUES ($1, $2)",
            &[(*segment_id).into(), (*months).into()],
        )
        .await?;
    }
    Ok(())
}

/// A customer's plan: its version and last review. A customer whose plan
/// nobody has written to yet is at version 1, never reviewed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct PlanState {
    pub customer_id: i64,
    pub version: i64,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
}

const STATE: &str = "SELECT customer_id, version, reviewed_at, reviewed_by FROM account_plans WHERE customer_id = $1";

fn state(customer_id: i64, stored: Option<PlanState>) -> PlanState {
    stored.unwrap_or(PlanState { customer_id, version: 1, reviewed_at: None, reviewed_by: None })
}

pub async fn state_of(db: &Db, customer_id: i64) -> Result<PlanState, StoreError> {
    Ok(state(customer_id, db.fetch_optional_as(STATE, &[customer_id.into()]).await?))
}

pub async fn state_in(tx: &mut Tx, customer_id: i64) -> Result<PlanState, StoreError> {
    Ok(state(customer_id, tx.fetch_optional_as(STATE, &[customer_id.into()]).await?))
}

/// Moves the plan from `version` to the next (creating its row at version
/// 1 first if needed); with `reviewer`, also marks it reviewed now.
pub async fn advance(
    tx: &mut Tx,
    customer_id: i64,
    version: i64,
    reviewer: Option<&Actor>,
) -> Result<DateTime<Utc>, StoreError> {
    let at = now();
    tx.execute(
        "INSERT INTO account_plans (customer_id, created_at, updated_at) VALUES ($1, $2, $2)
         ON CONFLICT (customer_id) DO NOTHING",
        &[customer_id.into(), at.into()],
    )
    .await?;
    let mut params: Vec<Value> = vec![customer_id.into(), version.into(), at.into()];
    let review = match reviewer {
        Some(actor) => {
            params.push(actor.name().into());
            ", reviewed_at = $3, reviewed_by = $4"
        }
        None => "",
    };
    let sql = format!(
        "UPDATE account_plans SET version = version + 1, updated_at = $3{review}
         WHERE customer_id = $1 AND version = $2"
    );
    if tx.execute(&sql, &params).await? == 1 {
        return Ok(at);
    }
    Err(StoreError::Conflict { current: state_in(tx, customer_id).await?.version })
}

/// The narratives of a customer's plan: (section id, text).
pub async fn notes(db: &Db, which: Which<'_>) -> Result<Vec<(i64, i64, String)>, StoreError> {
    let mut params = Vec::new();
    let cond = which.condition(&mut params);
    let sql = format!(
        "SELECT n.customer_id, n.section_id, n.body FROM plan_notes n JOIN customers c ON c.id = n.customer_id
         WHERE {cond} ORDER BY n.customer_id, n.section_id"
    );
    db.fetch_all_as(&sql, &params).await
}

/// Sets one section's narrative; blank removes it. Returns the old text.
pub async fn set_note(tx: &mut Tx, customer_id: i64, section_id: i64, body: &str) -> Result<String, StoreError> {
    let key: [Value; 2] = [customer_id.into(), section_id.into()];
    let old: String = tx
        .fetch_optional_scalar("SELECT body FROM plan_notes WHERE customer_id = $1 AND section_id = $2", &key)
        .await?
        .unwrap_or_default();
    tx.execute("DELETE FROM plan_notes WHERE customer_id = $1 AND section_id = $2", &key).await?;
    if !body.is_empty() {
        tx.execute(
            "INSERT INTO plan_notes (customer_id, section_id, body) VALUES ($1, $2, $3)",
            &[customer_id.into(), section_id.into(), body.into()],
        )
        .await?;
    }
    Ok(old)
}

/// One review: who, when, at which plan version, and the plan as it stood.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Review {
    pub id: i64,
    pub customer_id: i64,
    pub plan_version: i64,
    pub reviewer_name: String,
    pub reviewed_at: DateTime<Utc>,
    /// The assembled plan as JSON.
    #[serde(skip)]
    pub snapshot: String,
}

pub async fn add_review(
    tx: &mut Tx,
    customer_id: i64,
    plan_version: i64,
    actor: &Actor,
    at: DateTime<Utc>,
    snapshot: &str,
) -> Result<i64, StoreError> {
    tx.fetch_scalar(
        "INSERT INTO plan_reviews (customer_id, plan_version, reviewer_id, reviewer_name, reviewed_at, snapshot)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        &[customer_id.into(), plan_version.into(), actor.id().into(), actor.name().into(), at.into(), snapshot.into()],
    )
    .await
}

/// A customer's reviews, newest first.
pub async fn reviews(db: &Db, customer_id: i64) -> Result<Vec<Review>, StoreError> {
    db.fetch_all_as(
        "SELECT id, customer_id, plan_version, reviewer_name, reviewed_at, snapshot FROM plan_reviews
             WHERE customer_id = $1 ORDER BY id DESC",
        &[customer_id.into()],
    )
    .await
}

/// The latest review snapshot of each customer covered: (customer id, JSON).
pub async fn latest_snapshots(db: &Db, which: Which<'_>) -> Result<Vec<(i64, String)>, StoreError> {
    let mut params = Vec::new();
    let cond = which.condition(&mut params);
    let sql = format!(
        "SELECT r.customer_id, r.snapshot FROM plan_reviews r JOIN customers c ON c.id = r.customer_id
         WHERE {cond} AND r.id = (SELECT MAX(id) FROM plan_reviews WHERE customer_id = r.customer_id)"
    );
    db.fetch_all_as(&sql, &params).await
}

/// A review written with a given time (demo data: reviews in the past).
pub async fn insert_past_review(
    tx: &mut Tx,
    customer_id: i64,
    reviewer: &Actor,
    at: DateTime<Utc>,
    snapshot: &str,
) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO account_plans (customer_id, version, reviewed_at, reviewed_by, created_at, updated_at)
         VALUES ($1, 2, $2, $3, $2, $2)",
        &[customer_id.into(), at.into(), reviewer.name().into()],
    )
    .await?;
    add_review(tx, customer_id, 2, reviewer, at, snapshot).await
}

/// What the basic-information section says about a customer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlanCustomer {
    pub id: i64,
    pub name: String,
    pub business_id: Option<String>,
    #[sqlx(try_from = "crate::StoredKey<OrgType>")]
    pub org_type: OrgType,
    pub segment_id: i64,
    pub segment_name: String,
    pub manager_id: Option<i64>,
    pub manager_name: Option<String>,
    pub deputy_name: Option<String>,
    pub cadence_months: i64,
    pub plan_version: i64,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
}

/// The customers a read covers with their plan state, in name order.
pub async fn customers(db: &Db, which: Which<'_>) -> Result<Vec<PlanCustomer>, StoreError> {
    let mut params: Vec<Value> = vec![DEFAULT_CADENCE_MONTHS.into()];
    let cond = which.condition(&mut params);
    let sql = format!(
        "SELECT c.id, c.name, c.business_id, c.org_type, c.segment_id, s.name AS segment_name, c.manager_id,
                m.display_name AS manager_name, d.display_name AS deputy_name,
                COALESCE(pc.months, $1) AS cadence_months, COALESCE(ap.version, 1) AS plan_version, ap.reviewed_at,
                ap.reviewed_by
         FROM customers c
         JOIN segments s ON s.id = c.segment_id
         LEFT JOIN users m ON m.id = c.manager_id
         LEFT JOIN users d ON d.id = c.deputy_id
         LEFT JOIN plan_cadence pc ON pc.segment_id = c.segment_id
         LEFT JOIN account_plans ap ON ap.customer_id = c.id
         WHERE {cond} ORDER BY c.name_key, c.id"
    );
    db.fetch_all_as(&sql, &params).await
}

/// A contact as a plan line.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContactLine {
    pub customer_id: i64,
    pub id: i64,
    pub name: String,
    pub title: String,
}

pub async fn contacts(db: &Db, which: Which<'_>) -> Result<Vec<ContactLine>, StoreError> {
    let mut params = Vec::new();
    let cond = which.condition(&mut params);
    let sql = format!(
        "SELECT k.customer_id, k.id, k.name, k.title FROM contacts k JOIN customers c ON c.id = k.customer_id
         WHERE {cond} ORDER BY k.customer_id, k.name COLLATE \"C\", k.id"
    );
    db.fetch_all_as(&sql, &params).await
}

/// A service the customer buys, as a plan line.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceLine {
    pub customer_id: i64,
    pub service_id: i64,
    pub service_name: String,
    pub critical: bool,
}

pub async fn services(db: &Db, which: Which<'_>) -> Result<Vec<ServiceLine>, StoreError> {
    let mut params = Vec::new();
    let cond = which.condition(&mut params);
    let sql = format!(
        "SELECT cs.customer_id, cs.service_id, s.name AS service_name, cs.critical FROM customer_services cs
         JOIN services s ON s.id = cs.service_id JOIN customers c ON c.id = cs.customer_id
         WHERE {cond} ORDER BY cs.customer_id, cs.critical DESC, s.name COLLATE \"C\", cs.id"
    );
    db.fetch_all_as(&sql, &params).await
}

/// A project of the customer, as a plan line.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct ProjectLine {
    pub customer_id: i64,
    pub id: i64,
    pub name: String,
    pub stage: String,
    pub stage_number: Option<i64>,
    pub rag: Option<String>,
    pub project_manager_name: String,
    pub ends_on: Option<chrono::NaiveDate>,
}

pub async fn projects(db: &Db, which: Which<'_>) -> Result<Vec<ProjectLine>, StoreError> {
    let mut params = Vec::new();
    let cond = which.condition(&mut params);
    let sql = format!(
        "SELECT p.customer_id, p.id, p.name, p.stage, p.stage_number, ls.rag, m.display_name AS project_manager_name,
                p.ends_on
         FROM projects p JOIN customers c ON c.id = p.customer_id JOIN users m ON m.id = p.project_manager_id
         LEFT JOIN project_status ls ON ls.id = (SELECT MAX(id) FROM project_status WHERE project_id = p.id)
         WHERE {cond} ORDER BY p.customer_id, p.name_key, p.id"
    );
    db.fetch_all_as(&sql, &params).await
}

/// Whether the customer buys the catalogue service.
pub async fn buys(tx: &mut Tx, customer_id: i64, service_id: i64) -> Result<bool, StoreError> {
    let row = tx
        .fetch_optional(
            "SELECT id FROM customer_services WHERE customer_id = $1 AND service_id = $2",
            &[customer_id.into(), service_id.into()],
        )
        .await?;
    Ok(row.is_some())
}

/// An open development need from a customer contact, as a plan line: not
/// yet answered, and not yet a project (a project has its own line).
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct NeedLine {
    pub customer_id: i64,
    pub id: i64,
    pub subject: String,
    pub received_at: chrono::DateTime<chrono::Utc>,
    pub holder_name: Option<String>,
    /// open or handed_over
    pub status: String,
}

pub async fn needs(db: &Db, which: Which<'_>) -> Result<Vec<NeedLine>, StoreError> {
    let mut params = Vec::new();
    let cond = which.condition(&mut params);
    let sql = format!(
        "SELECT r.customer_id, r.id, r.subject, r.received_at, h.display_name AS holder_name, r.status
         FROM customer_requests r JOIN customers c ON c.id = r.customer_id
         LEFT JOIN users h ON h.id = r.holder_id
         LEFT JOIN process_runs pr ON pr.request_id = r.id
         WHERE {cond} AND r.kind = 'development_need' AND r.status IN ('open', 'handed_over') AND pr.project_id IS NULL
         ORDER BY r.customer_id, r.received_at, r.id"
    );
    db.fetch_all_as(&sql, &params).await
}
