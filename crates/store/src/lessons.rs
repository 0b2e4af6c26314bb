//! The lessons log and its search across all projects.
//!
//! Full text goes through each database's own engine: an FTS5 table kept by
//! triggers on SQLite (ranked by bm25), a generated `tsvector` column with a
//! GIN index on PostgreSQL (ranked by ts_rank, with Finnish stemming on top
//! of the prefix match). The query words are a
//! `kumppani_domain::lesson::SearchTerms`, the same for both and safe for
//! both syntaxes by construction; the SQL differs only where the dialects do.

use chrono::{DateTime, Utc};
use kumppani_domain::lesson::{Category, LessonKind, SearchTerms, ValidLesson};
use kumppani_domain::{Actor, ProjectType};
use serde::{Deserialize, Serialize};

use crate::{Backend, Db, StoreError, Tx, Value, check_updated, now};

/// A lesson with its project's context.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Lesson {
    pub id: i64,
    pub project_id: i64,
    pub project_name: String,
    #[schema(value_type = Option<String>)]
    #[sqlx(try_from = "crate::NullableKey<ProjectType>")]
    pub project_type: Option<ProjectType>,
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub segment_id: Option<i64>,
    pub segment_name: Option<String>,
    #[sqlx(rename = "title")]
    pub summary: String,
    pub happened: String,
    pub advice: String,
    /// `repeat` or `avoid`
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<LessonKind>")]
    pub kind: LessonKind,
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<Category>")]
    pub category: Category,
    pub logged_by_id: Option<i64>,
    pub logged_by_name: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Lesson {
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
        vec![
            ("summary", Some(self.summary.clone())),
            ("happened", Some(self.happened.clone())),
            ("advice", text(&self.advice)),
            ("kind", Some(self.kind.as_str().to_owned())),
            ("category", Some(self.category.as_str().to_owned())),
        ]
    }
}

/// What the lessons search is narrowed by; all optional.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct Query {
    /// Words to find (all of them, each as a prefix).
    #[param(value_type = Option<String>)]
    pub q: Option<SearchTerms>,
    /// The customer's segment of the lesson's project.
    pub segment_id: Option<i64>,
    pub customer_id: Option<i64>,
    /// The project type of the lesson's project.
    pub project_type: Option<String>,
    pub category: Option<String>,
    /// At most this many, 1–100 (default 50).
    pub limit: Option<i64>,
}

const SELECT: &str = "SELECT l.id, l.project_id, p.name AS project_name, p.project_type, p.customer_id,
        c.name AS customer_name, c.segment_id, s.name AS segment_name, l.title, l.happened, l.advice, l.kind,
        l.category, l.logged_by_id, l.logged_by_name, l.version, l.created_at, l.updated_at";

const FROM: &str = " FROM lessons l
    JOIN projects p ON p.id = l.project_id
    LEFT JOIN customers c ON c.id = p.customer_id
    LEFT JOIN segments s ON s.id = c.segment_id";

/// SQLite with a full-text match: the FTS5 table first, and CROSS JOIN so
/// the planner keeps it first (else a filter's index drives the loop and the
/// match runs once per candidate row: seconds instead of milliseconds).
const FROM_FTS5: &str = " FROM lessons_fts CROSS JOIN lessons l ON l.id = lessons_fts.rowid
    JOIN projects p ON p.id = l.project_id
    LEFT JOIN customers c ON c.id = p.customer_id
    LEFT JOIN segments s ON s.id = c.segment_id";

/// A project's lessons, newest first.
pub async fn of_project(db: &Db, project_id: i64) -> Result<Vec<Lesson>, StoreError> {
    let sql = format!("{SELECT}{FROM} WHERE l.project_id = $1 ORDER BY l.id DESC");
    db.fetch_all_as(&sql, &[project_id.into()]).await
}

pub async fn get_in(tx: &mut Tx, project_id: i64, id: i64) -> Result<Lesson, StoreError> {
    let sql = format!("{SELECT}{FROM} WHERE l.id = $1 AND l.project_id = $2");
    tx.fetch_one_as(&sql, &[id.into(), project_id.into()]).await
}

pub async fn get(db: &Db, id: i64) -> Result<Lesson, StoreError> {
    let sql = format!("{SELECT}{FROM} WHERE l.id = $1");
    db.fetch_one_as(&sql, &[id.into()]).await
}

pub async fn insert(tx: &mut Tx, project_id: i64, l: &ValidLesson, by: &Actor) -> Result<i64, StoreError> {
    tx.fetch_scalar(
        "INSERT INTO lessons (project_id, title, happened, advice, kind, category, logged_by_id, logged_by_name,
                              created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        &[
            project_id.into(),
            l.summary.as_str().into(),
            l.happened.as_str().into(),
            l.advice.as_str().into(),
            l.kind.as_str().into(),
            l.category.as_str().into(),
            by.id().into(),
            by.name().into(),
            now().into(),
        ],
    )
    .await
}

pub async fn update(tx: &mut Tx, id: i64, version: i64, l: &ValidLesson) -> Result<(), StoreError> {
    let rows = tx
        .execute(
            "UPDATE lessons SET title = $3, happened = $4, advice = $5, kind = $6, category = $7,
                    version = version + 1, updated_at = $8
             WHERE id = $1 AND version = $2",
            &[
                id.into(),
                version.into(),
                l.summary.as_str().into(),
                l.happened.as_str().into(),
                l.advice.as_str().into(),
                l.kind.as_str().into(),
                l.category.as_str().into(),
                now().into(),
            ],
        )
        .await?;
    check_updated(tx, "lessons", id, rows).await
}

/// How the query words combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Every word (a search box).
    All,
    /// Any word (similarity to a project's name).
    Any,
}

/// The FROM clause, full-text condition and rank expression for `terms`,
/// with their parameters appended. Each word is letters and digits only (the
/// type's promise), so quoting it as below cannot break out of either syntax.
fn full_text(backend: Backend, terms: &SearchTerms, how: Match, params: &mut Vec<Value>) -> (String, String, String) {
    let terms = terms.words();
    match backend {
        Backend::Sqlite => {
            let joiner = if how == Match::All { " AND " } else { " OR " };
            let expr = terms.iter().map(|t| format!("\"{t}\"*")).collect::<Vec<_>>().join(joiner);
            params.push(expr.into());
            let n = params.len();
            (
                FROM_FTS5.to_owned(),
                format!("lessons_fts MATCH ${n}"),
                // bm25 is lower for better matches; the summary counts ten times.
                "bm25(lessons_fts, 10.0, 1.0, 1.0)".to_owned(),
            )
        }
        Backend::Postgres => {
            let joiner = if how == Match::All { " && " } else { " || " };
            let parts: Vec<String> = terms
                .iter()
                .map(|t| {
                    params.push(format!("{t}:*").into());
                    let n = params.len();
                    format!("(to_tsquery('finnish', ${n}) || to_tsquery('simple', ${n}))")
                })
                .collect();
            let query = format!("({})", parts.join(joiner));
            // Negated so that, as with bm25, lower sorts first.
            (FROM.to_owned(), format!("l.search @@ {query}"), format!("(-ts_rank(l.search, {query}))"))
        }
    }
}

/// Searches lessons across all projects: full text when `q` has words
/// (best first), else newest first.
pub async fn search(db: &Db, q: &Query) -> Result<Vec<Lesson>, StoreError> {
    let no_words = SearchTerms::default();
    let terms = q.q.as_ref().unwrap_or(&no_words);
    let limit = q.limit.unwrap_or(50).clamp(1, 100);
    let mut params: Vec<Value> = Vec::new();
    let mut conditions = String::new();
    let bind = |sql: &mut String, params: &mut Vec<Value>, clause: &str, v: Value| {
        params.push(v);
        sql.push_str(&clause.replace('?', &format!("${}", params.len())));
    };
    if let Some(id) = q.segment_id {
        bind(&mut conditions, &mut params, " AND c.segment_id = ?", id.into());
    }
    if let Some(id) = q.customer_id {
        bind(&mut conditions, &mut params, " AND p.customer_id = ?", id.into());
    }
    if let Some(t) = q.project_type.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        bind(&mut conditions, &mut params, " AND p.project_type = ?", t.into());
    }
    if let Some(c) = q.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        bind(&mut conditions, &mut params, " AND l.category = ?", c.into());
    }
    let (from, order) = if terms.is_empty() {
        (FROM.to_owned(), "l.id DESC".to_owned())
    } else {
        let (from, condition, rank) = full_text(db.backend(), terms, Match::All, &mut params);
        conditions.push_str(&format!(" AND {condition}"));
        (from, format!("{rank}, l.id DESC"))
    };
    params.push(limit.into());
    let sql = format!("{SELECT}{from} WHERE 1 = 1{conditions} ORDER BY {order} LIMIT ${}", params.len());
    db.fetch_all_as(&sql, &params).await
}

/// Lessons of other projects like this one (same project type or same
/// customer segment), ranked by how well they match the words of `text`
/// (the project's name); when too few match, the newest of the similar
/// projects fill the list.
pub async fn similar(
    db: &Db,
    project_id: i64,
    project_type: Option<ProjectType>,
    segment_id: Option<i64>,
    text: &str,
    limit: i64,
) -> Result<Vec<Lesson>, StoreError> {
    if project_type.is_none() && segment_id.is_none() {
        return Ok(Vec::new());
    }
    let mut params: Vec<Value> =
        vec![project_id.into(), project_type.map(ProjectType::as_str).into(), segment_id.into()];
    let like = "l.project_id <> $1 AND (p.project_type = $2 OR c.segment_id = $3)";
    let terms = SearchTerms::parse(text);
    let mut found: Vec<Lesson> = Vec::new();
    if !terms.is_empty() {
        let (from, condition, rank) = full_text(db.backend(), &terms, Match::Any, &mut params);
        let sql = format!("{SELECT}{from} WHERE {like} AND {condition} ORDER BY {rank}, l.id DESC LIMIT {limit}");
        found = db.fetch_all_as(&sql, &params).await?;
    }
    if (found.len() as i64) < limit {
        let sql = format!("{SELECT}{FROM} WHERE {like} ORDER BY l.id DESC LIMIT {limit}");
        let rest: Vec<Lesson> = db.fetch_all_as(&sql, &params[..3]).await?;
        for l in rest {
            if (found.len() as i64) < limit && !found.iter().any(|f| f.id == l.id) {
                found.push(l);
            }
        }
    }
    Ok(found)
}
