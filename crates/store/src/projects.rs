//! Projects: the register (with the portfolio's filters) and the status
//! history, which only grows.

use chrono::{DateTime, NaiveDate, Utc};
use kumppani_domain::{Actor, ProjectType, Rag, Stage, ValidProject, ValidStatus, search};
use serde::{Deserialize, Serialize};

use crate::{Db, Page, StoreError, Tx, Value, check_updated, now};

/// A project with its names resolved and its latest status.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Project {
    pub id: i64,
    pub name: String,
    /// Absent for an internal project.
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    /// The customer's segment.
    pub segment_id: Option<i64>,
    pub segment_name: Option<String>,
    pub executive_id: i64,
    pub executive_name: String,
    pub project_manager_id: i64,
    pub project_manager_name: String,
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<Stage>")]
    pub stage: Stage,
    pub stage_number: Option<i64>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub tolerance_time: String,
    pub tolerance_cost: String,
    pub tolerance_scope: String,
    /// What kind of project (lessons are shared between projects of a kind).
    #[schema(value_type = Option<String>)]
    #[sqlx(try_from = "crate::NullableKey<ProjectType>")]
    pub project_type: Option<ProjectType>,
    /// The project server's id, for projects that were imported.
    pub external_id: Option<String>,
    /// The latest status update, if any.
    #[sqlx(flatten, try_from = "LatestStatus")]
    pub status: Option<StatusUpdate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Project {
    /// Fields as the history shows them: people and customers by name.
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
        vec![
            ("name", Some(self.name.clone())),
            ("customer", self.customer_name.clone()),
            ("executive", Some(self.executive_name.clone())),
            ("project_manager", Some(self.project_manager_name.clone())),
            ("stage", Some(self.stage.as_str().to_owned())),
            ("stage_number", self.stage_number.map(|n| n.to_string())),
            ("starts_on", self.starts_on.map(|d| d.to_string())),
            ("ends_on", self.ends_on.map(|d| d.to_string())),
            ("tolerance_time", text(&self.tolerance_time)),
            ("tolerance_cost", text(&self.tolerance_cost)),
            ("tolerance_scope", text(&self.tolerance_scope)),
            ("project_type", self.project_type.map(|t| t.as_str().to_owned())),
        ]
    }
}

/// One highlight report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct StatusUpdate {
    pub id: i64,
    pub project_id: i64,
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<Rag>")]
    pub rag: Rag,
    pub highlight: String,
    pub author_id: Option<i64>,
    pub author_name: String,
    pub at: DateTime<Utc>,
}

/// Which projects a writer may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectScope {
    All,
    /// Those where this person is the project manager or the Executive.
    Own {
        user_id: i64,
    },
}

impl ProjectScope {
    fn condition(&self, table: &str, params: &mut Vec<Value>) -> String {
        match *self {
            ProjectScope::All => "1 = 1".to_owned(),
            ProjectScope::Own { user_id } => {
                params.push(user_id.into());
                let n = params.len();
                format!("({table}.project_manager_id = ${n} OR {table}.executive_id = ${n})")
            }
        }
    }
}

/// Whether the project exists and the scope may change it.
pub async fn editable(tx: &mut Tx, id: i64, scope: &ProjectScope) -> Result<bool, StoreError> {
    let mut params = vec![id.into()];
    let condition = scope.condition("projects", &mut params);
    let sql = format!("SELECT id FROM projects WHERE id = $1 AND {condition}");
    Ok(tx.fetch_optional(&sql, &params).await?.is_some())
}

/// What the portfolio is narrowed by. All parts are optional.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct Filter {
    pub customer_id: Option<i64>,
    /// The customer's segment (internal projects have none).
    pub segment_id: Option<i64>,
    pub project_manager_id: Option<i64>,
    /// `starting_up`, `initiating`, `delivery`, `closing`, `closed`
    pub stage: Option<String>,
    /// The latest status: `red`, `amber`, `green`, or `none` for projects
    /// without a status update yet.
    pub rag: Option<String>,
    /// `deployment`, `upgrade`, … (see the project's `project_type`).
    pub project_type: Option<String>,
    /// Return the page after the project with this id.
    pub after: Option<i64>,
    /// Return the page before the project with this id.
    pub before: Option<i64>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<i64>,
}

const SELECT: &str = "SELECT p.id, p.name, p.customer_id, c.name AS customer_name, c.segment_id,
        s.name AS segment_name, p.executive_id, e.display_name AS executive_name,
        p.project_manager_id, m.display_name AS project_manager_name, p.stage, p.stage_number,
        p.starts_on, p.ends_on, p.tolerance_time, p.tolerance_cost, p.tolerance_scope,
        p.project_type, p.external_id, p.version, p.created_at, p.updated_at,
        ls.id AS status_id, ls.rag AS status_rag, ls.highlight AS status_highlight,
        ls.author_id AS status_author_id, ls.author_name AS status_author_name, ls.at AS status_at
    FROM projects p
    LEFT JOIN customers c ON c.id = p.customer_id
    LEFT JOIN segments s ON s.id = c.segment_id
    JOIN users e ON e.id = p.executive_id
    JOIN users m ON m.id = p.project_manager_id
    LEFT JOIN project_status ls ON ls.id = (SELECT MAX(id) FROM project_status WHERE project_id = p.id)";

/// The latest status as the project list joins it: all absent when the
/// project has none.
#[derive(sqlx::FromRow)]
pub struct LatestStatus {
    #[sqlx(rename = "id")]
    project_id: i64,
    status_id: Option<i64>,
    status_rag: Option<String>,
    status_highlight: Option<String>,
    status_author_id: Option<i64>,
    status_author_name: Option<String>,
    status_at: Option<DateTime<Utc>>,
}

impl TryFrom<LatestStatus> for Option<StatusUpdate> {
    type Error = StoreError;

    fn try_from(s: LatestStatus) -> Result<Self, StoreError> {
        let Some(id) = s.status_id else { return Ok(None) };
        let (Some(rag), Some(highlight), Some(author_name), Some(at)) =
            (s.status_rag, s.status_highlight, s.status_author_name, s.status_at)
        else {
            return Err(StoreError::Malformed(format!("project status {id} lacks a column")));
        };
        let rag = Rag::try_from(rag).map_err(|e| StoreError::Malformed(e.to_string()))?;
        Ok(Some(StatusUpdate {
            id,
            project_id: s.project_id,
            rag,
            highlight,
            author_id: s.status_author_id,
            author_name,
            at,
        }))
    }
}

pub async fn get(db: &Db, id: i64) -> Result<Project, StoreError> {
    db.fetch_one_as(&format!("{SELECT} WHERE p.id = $1"), &[id.into()]).await
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<Project, StoreError> {
    tx.fetch_one_as(&format!("{SELECT} WHERE p.id = $1"), &[id.into()]).await
}

/// The filter's conditions (after `WHERE 1 = 1`), with their parameters.
fn conditions(f: &Filter, params: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    let mut bind = |sql: &mut String, clause: &str, v: Value| {
        params.push(v);
        sql.push_str(&clause.replace('?', &format!("${}", params.len())));
    };
    if let Some(id) = f.customer_id {
        bind(&mut sql, " AND p.customer_id = ?", id.into());
    }
    if let Some(id) = f.segment_id {
        bind(&mut sql, " AND c.segment_id = ?", id.into());
    }
    if let Some(id) = f.project_manager_id {
        bind(&mut sql, " AND p.project_manager_id = ?", id.into());
    }
    if let Some(stage) = f.stage.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        bind(&mut sql, " AND p.stage = ?", stage.into());
    }
    if let Some(t) = f.project_type.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        bind(&mut sql, " AND p.project_type = ?", t.into());
    }
    match f.rag.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some("none") => sql.push_str(" AND ls.id IS NULL"),
        Some(rag) => bind(&mut sql, " AND ls.rag = ?", rag.into()),
        None => {}
    }
    sql
}

/// One page of the portfolio in name order (keyset pagination on
/// `(name_key, id)`, so a page costs the same at 20,000 projects as at 20).
pub async fn list(db: &Db, f: &Filter) -> Result<Page<Project>, StoreError> {
    let limit = f.limit.unwrap_or(50).clamp(1, 200);
    let mut params: Vec<Value> = Vec::new();
    let base = conditions(f, &mut params);
    // The latest-status join is needed for counting only when filtering by it.
    let count_sql = if f.rag.as_deref().is_some_and(|r| !r.trim().is_empty()) {
        format!("SELECT COUNT(*) AS n FROM ({SELECT} WHERE 1 = 1{base}) AS matching")
    } else {
        format!("SELECT COUNT(*) AS n FROM projects p LEFT JOIN customers c ON c.id = p.customer_id WHERE 1 = 1{base}")
    };
    let total: i64 = db.fetch_scalar(&count_sql, &params).await?;
    let (cursor, backwards) = match (f.after, f.before) {
        (Some(id), _) => (Some(id), false),
        (None, Some(id)) => (Some(id), true),
        (None, None) => (None, false),
    };
    let mut sql = format!("{SELECT} WHERE 1 = 1{base}");
    if let Some(id) = cursor {
        params.push(id.into());
        let op = if backwards { "<" } else { ">" };
        sql.push_str(&format!(
            " AND (p.name_key, p.id) {op} (SELECT name_key, id FROM projects WHERE id = ${})",
            params.len()
        ));
    }
    let order = if backwards { "DESC" } else { "ASC" };
    // One row more than asked tells whether another page follows.
    params.push((limit + 1).into());
    sql.push_str(&format!(" ORDER BY p.name_key {order}, p.id {order} LIMIT ${}", params.len()));
    let mut items = db.fetch_all_as::<Project>(&sql, &params).await?;
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    if backwards {
        items.reverse();
    }
    let (first, last) = (items.first().map(|p| p.id), items.last().map(|p| p.id));
    let (has_next, has_prev) = if backwards { (true, more) } else { (more, cursor.is_some()) };
    Ok(Page { total, next_cursor: last.filter(|_| has_next), prev_cursor: first.filter(|_| has_prev), items })
}

fn values(p: &ValidProject) -> Vec<Value> {
    vec![
        p.name.as_str().into(),
        search::sort_key(p.name.as_str()).into(),
        p.customer_id.into(),
        p.executive_id.into(),
        p.project_manager_id.into(),
        p.stage.as_str().into(),
        p.stage_number.into(),
        p.starts_on.into(),
        p.ends_on.into(),
        p.tolerance_time.as_str().into(),
        p.tolerance_cost.as_str().into(),
        p.tolerance_scope.as_str().into(),
        p.project_type.map(ProjectType::as_str).into(),
    ]
}

pub async fn insert(tx: &mut Tx, p: &ValidProject) -> Result<i64, StoreError> {
    insert_from(tx, p, None).await
}

/// Inserts a project a project server knows by `external_id` (unique).
pub async fn insert_from(tx: &mut Tx, p: &ValidProject, external_id: Option<&str>) -> Result<i64, StoreError> {
    let mut params = values(p);
    params.push(now().into());
    params.push(external_id.into());
    tx.fetch_scalar(
        "INSERT INTO projects (name, name_key, customer_id, executive_id, project_manager_id, stage, stage_number,
                               starts_on, ends_on, tolerance_time, tolerance_cost, tolerance_scope, project_type,
                               created_at, updated_at, external_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) RETURNING id",
        &params,
    )
    .await
}

/// Updates a project the scope may change (the scope is part of the
/// statement, so a reassignment cannot slip in between check and write).
pub async fn update(
    tx: &mut Tx,
    id: i64,
    version: i64,
    p: &ValidProject,
    scope: &ProjectScope,
) -> Result<(), StoreError> {
    let mut params = vec![id.into(), version.into()];
    params.extend(values(p));
    params.push(now().into());
    let condition = scope.condition("projects", &mut params);
    let sql = format!(
        "UPDATE projects SET name = $3, name_key = $4, customer_id = $5, executive_id = $6, project_manager_id = $7,
                stage = $8, stage_number = $9, starts_on = $10, ends_on = $11, tolerance_time = $12,
                tolerance_cost = $13, tolerance_scope = $14, project_type = $15, version = version + 1,
                updated_at = $16
         WHERE id = $1 AND version = $2 AND {condition}"
    );
    let rows = tx.execute(&sql, &params).await?;
    check_updated(tx, "projects", id, rows).await
}

/// Appends a status update; returns its id.
pub async fn add_status(tx: &mut Tx, project_id: i64, s: &ValidStatus, author: &Actor) -> Result<i64, StoreError> {
    tx.fetch_scalar(
        "INSERT INTO project_status (project_id, rag, highlight, author_id, author_name, at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        &[
            project_id.into(),
            s.rag.as_str().into(),
            s.highlight.as_str().into(),
            author.id().into(),
            author.name().into(),
            now().into(),
        ],
    )
    .await
}

const STATUS: &str = "SELECT id, project_id, rag, highlight, author_id, author_name, at FROM project_status";

/// A project's status history, newest first.
pub async fn statuses(db: &Db, project_id: i64) -> Result<Vec<StatusUpdate>, StoreError> {
    let sql = format!("{STATUS} WHERE project_id = $1 ORDER BY id DESC");
    db.fetch_all_as(&sql, &[project_id.into()]).await
}

pub async fn status_in(tx: &mut Tx, id: i64) -> Result<StatusUpdate, StoreError> {
    tx.fetch_one_as(&format!("{STATUS} WHERE id = $1"), &[id.into()]).await
}

/// The project a project server knows by this id, if imported before.
pub async fn by_external_id(tx: &mut Tx, external_id: &str) -> Result<Option<i64>, StoreError> {
    tx.fetch_optional_scalar("SELECT id FROM projects WHERE external_id = $1", &[external_id.into()]).await
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.fetch_scalar("SELECT COUNT(*) AS n FROM projects", &[]).await
}

/// (id, name) of every customer, in name order: the choices of a
/// project's customer.
pub async fn customer_choices(db: &Db) -> Result<Vec<(i64, String)>, StoreError> {
    db.fetch_all_as("SELECT id, name FROM customers ORDER BY name_key, id", &[]).await
}

/// Customers that have projects, by name, at most `limit`; `chosen` is
/// put first if it has projects and would not be listed otherwise.
pub async fn customers_with_projects(
    db: &Db,
    limit: usize,
    chosen: Option<i64>,
) -> Result<Vec<(i64, String)>, StoreError> {
    let mut out: Vec<(i64, String)> = db
        .fetch_all_as(
            "SELECT c.id, c.name FROM customers c
             WHERE EXISTS (SELECT 1 FROM projects p WHERE p.customer_id = c.id)
             ORDER BY c.name_key, c.id LIMIT $1",
            &[(limit as i64).into()],
        )
        .await?;
    if let Some(id) = chosen.filter(|id| !out.iter().any(|(c, _)| c == id)) {
        let found = db
            .fetch_optional_as(
                "SELECT c.id, c.name FROM customers c
                 WHERE c.id = $1 AND EXISTS (SELECT 1 FROM projects p WHERE p.customer_id = c.id)",
                &[id.into()],
            )
            .await?;
        if let Some(customer) = found {
            out.insert(0, customer);
        }
    }
    Ok(out)
}

/// Records that belong to a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    Stakeholder,
    CommunicationLine,
    Lesson,
}

/// The project a stakeholder, communication line or lesson belongs to.
pub async fn project_of(tx: &mut Tx, child: Child, id: i64) -> Result<i64, StoreError> {
    // Table names come from this enum, never from input.
    let table = match child {
        Child::Stakeholder => "stakeholders",
        Child::CommunicationLine => "communication_lines",
        Child::Lesson => "lessons",
    };
    tx.fetch_scalar(&format!("SELECT project_id FROM {table} WHERE id = $1"), &[id.into()]).await
}
