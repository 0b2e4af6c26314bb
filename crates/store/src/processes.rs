//! Process templates, their steps, and the runs that follow contacts.

use chrono::{DateTime, Utc};
use kumppani_domain::process::{Lane, Outcome, Step, StepAction, ValidStep};
use serde::Serialize;

use crate::{Db, StoreError, Tx, check_updated, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Template {
    pub id: i64,
    /// `development_project` or `service_development` for the shipped two.
    pub template_key: String,
    pub name_fi: String,
    pub name_sv: String,
    pub name_en: String,
    pub version: i64,
}

impl Template {
    pub fn name(&self, lang: &str) -> &str {
        match lang {
            "en" => &self.name_en,
            "sv" => &self.name_sv,
            _ => &self.name_fi,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct TemplateStep {
    pub id: i64,
    pub template_id: i64,
    /// 1-based order.
    pub position: i64,
    pub step_key: String,
    /// customer, partnership_manager, service_desk, service_owner or project
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<Lane>")]
    pub lane: Lane,
    /// Expected duration in calendar days.
    pub days: i64,
    pub title_fi: String,
    pub title_sv: String,
    pub title_en: String,
    pub tell_fi: String,
    pub tell_sv: String,
    pub tell_en: String,
    /// Allowed outcomes, one per line.
    pub outcomes: String,
    /// none or create_project
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<StepAction>")]
    pub action: StepAction,
    pub version: i64,
}

impl TemplateStep {
    pub fn title(&self, lang: &str) -> &str {
        match lang {
            "en" => &self.title_en,
            "sv" => &self.title_sv,
            _ => &self.title_fi,
        }
    }

    pub fn tell(&self, lang: &str) -> &str {
        match lang {
            "en" => &self.tell_en,
            "sv" => &self.tell_sv,
            _ => &self.tell_fi,
        }
    }

    pub fn outcome_list(&self) -> Vec<Outcome> {
        self.outcomes.lines().filter_map(|o| Outcome::parse(o).ok()).collect()
    }

    /// The step as the rules read it, titled in `lang`.
    pub fn step(&self, lang: &str) -> Step {
        Step {
            key: self.step_key.clone(),
            lane: self.lane,
            days: self.days,
            title: self.title(lang).to_owned(),
            outcomes: self.outcome_list(),
            action: self.action,
        }
    }

    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
        vec![
            ("lane", Some(self.lane.as_str().to_owned())),
            ("days", Some(self.days.to_string())),
            ("title_fi", Some(self.title_fi.clone())),
            ("title_sv", Some(self.title_sv.clone())),
            ("title_en", Some(self.title_en.clone())),
            ("tell_fi", text(&self.tell_fi)),
            ("tell_sv", text(&self.tell_sv)),
            ("tell_en", text(&self.tell_en)),
            ("outcomes", Some(self.outcomes.clone())),
        ]
    }
}

pub async fn templates(db: &Db) -> Result<Vec<Template>, StoreError> {
    db.fetch_all_as(
        "SELECT id, template_key, name_fi, name_sv, name_en, version FROM process_templates ORDER BY id",
        &[],
    )
    .await
}

pub async fn template(db: &Db, id: i64) -> Result<Template, StoreError> {
    db.fetch_one_as(
        "SELECT id, template_key, name_fi, name_sv, name_en, version FROM process_templates WHERE id = $1",
        &[id.into()],
    )
    .await
}

pub async fn template_in(tx: &mut Tx, id: i64) -> Result<Template, StoreError> {
    tx.fetch_one_as(
        "SELECT id, template_key, name_fi, name_sv, name_en, version FROM process_templates WHERE id = $1",
        &[id.into()],
    )
    .await
}

const STEPS: &str = "SELECT id, template_id, position, step_key, lane, days, title_fi, title_sv, title_en, tell_fi,
        tell_sv, tell_en, outcomes, action, version FROM process_steps";

pub async fn steps(db: &Db, template_id: i64) -> Result<Vec<TemplateStep>, StoreError> {
    db.fetch_all_as(&format!("{STEPS} WHERE template_id = $1 ORDER BY position, id"), &[template_id.into()]).await
}

pub async fn steps_in(tx: &mut Tx, template_id: i64) -> Result<Vec<TemplateStep>, StoreError> {
    tx.fetch_all_as(&format!("{STEPS} WHERE template_id = $1 ORDER BY position, id"), &[template_id.into()]).await
}

pub async fn step_in(tx: &mut Tx, id: i64) -> Result<TemplateStep, StoreError> {
    tx.fetch_one_as(&format!("{STEPS} WHERE id = $1"), &[id.into()]).await
}

pub async fn step(db: &Db, id: i64) -> Result<TemplateStep, StoreError> {
    db.fetch_one_as(&format!("{STEPS} WHERE id = $1"), &[id.into()]).await
}

pub async fn update_step(tx: &mut Tx, id: i64, version: i64, s: &ValidStep) -> Result<(), StoreError> {
    let outcomes: Vec<&str> = s.outcomes.iter().map(|o| o.as_str()).collect();
    let rows = tx
        .execute(
            "UPDATE process_steps SET lane = $3, days = $4, title_fi = $5, title_sv = $6, title_en = $7,
                    tell_fi = $8, tell_sv = $9, tell_en = $10, outcomes = $11, version = version + 1
             WHERE id = $1 AND version = $2",
            &[
                id.into(),
                version.into(),
                s.lane.as_str().into(),
                s.days.into(),
                s.title_fi.as_str().into(),
                s.title_sv.as_str().into(),
                s.title_en.as_str().into(),
                s.tell_fi.as_str().into(),
                s.tell_sv.as_str().into(),
                s.tell_en.as_str().into(),
                outcomes.join("\n").into(),
            ],
        )
        .await?;
    check_updated(tx, "process_steps", id, rows).await
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Run {
    pub id: i64,
    pub request_id: i64,
    pub template_id: i64,
    /// The step the run is at (1-based); after the end, the last one.
    pub position: i64,
    pub step_started_at: DateTime<Utc>,
    /// running, finished or rejected
    pub status: String,
    /// The project the contact became, once it has.
    pub project_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl Run {
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("template_id", Some(self.template_id.to_string())),
            ("position", Some(self.position.to_string())),
            ("status", Some(self.status.clone())),
            ("project_id", self.project_id.map(|p| p.to_string())),
        ]
    }
}

const RUNS: &str =
    "SELECT id, request_id, template_id, position, step_started_at, status, project_id, version, created_at
    FROM process_runs";

pub async fn run_of(db: &Db, request_id: i64) -> Result<Option<Run>, StoreError> {
    db.fetch_optional_as(&format!("{RUNS} WHERE request_id = $1"), &[request_id.into()]).await
}

pub async fn run_of_in(tx: &mut Tx, request_id: i64) -> Result<Option<Run>, StoreError> {
    tx.fetch_optional_as(&format!("{RUNS} WHERE request_id = $1"), &[request_id.into()]).await
}

pub async fn start(tx: &mut Tx, request_id: i64, template_id: i64) -> Result<i64, StoreError> {
    let at = now();
    tx.fetch_scalar(
        "INSERT INTO process_runs (request_id, template_id, position, step_started_at, status, created_at, updated_at)
         VALUES ($1, $2, 1, $3, 'running', $3, $3) RETURNING id",
        &[request_id.into(), template_id.into(), at.into()],
    )
    .await
}

/// Moves a run: to `position` (a new step starts now) with `status`.
pub async fn advance(
    tx: &mut Tx,
    id: i64,
    version: i64,
    position: i64,
    status: &str,
    project_id: Option<i64>,
) -> Result<(), StoreError> {
    let at = now();
    let rows = tx
        .execute(
            "UPDATE process_runs SET position = $3, status = $4, project_id = COALESCE($5, project_id),
                    step_started_at = CASE WHEN position <> $3 THEN $6 ELSE step_started_at END,
                    version = version + 1, updated_at = $6
             WHERE id = $1 AND version = $2",
            &[id.into(), version.into(), position.into(), status.into(), project_id.into(), at.into()],
        )
        .await?;
    check_updated(tx, "process_runs", id, rows).await
}
