//! `/api/v1/lessons` (search across all projects, and each lesson at its
//! id) and a project's lessons log under `/api/v1/projects/{id}/lessons`.

use axum::extract::State;
use axum::http::HeaderMap;
use kumppani_app::lessons;
use kumppani_app::lessons::{Lesson, Query as LessonQuery};
use kumppani_domain::lesson::LessonDraft;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path, Query};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search_lessons))
        .routes(routes!(list_lessons, create_lesson))
        .routes(routes!(get_lesson, update_lesson))
        .routes(routes!(similar_lessons))
}

/// Full-text search over every project's lessons, best match first (newest
/// first without words), narrowed by segment, customer, project type and
/// category.
#[utoipa::path(get, path = "/api/v1/lessons", tag = "projects", params(LessonQuery),
    responses((status = 200, body = Vec<Lesson>), (status = 400, body = Problem), (status = 422, body = Problem)))]
async fn search_lessons(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(q): Query<LessonQuery>,
) -> Result<axum::Json<Vec<Lesson>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    lessons::search(&state.db, &permit, &q).await.map(axum::Json).or_problem(lang)
}

/// The project's lessons log, newest first.
#[utoipa::path(get, path = "/api/v1/projects/{id}/lessons", tag = "projects", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Lesson>), (status = 404, body = Problem)))]
async fn list_lessons(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<Lesson>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    lessons::of_project(&state.db, &permit, id).await.map(axum::Json).or_problem(lang)
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/lessons", tag = "projects", params(("id" = i64, Path)),
    request_body = LessonDraft,
    responses((status = 201, body = Lesson, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create_lesson(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Json(draft): Json<LessonDraft>,
) -> Result<Tagged<Lesson>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let l = lessons::create(&state.db, &permit, id, &draft).await.or_problem(lang)?;
    Ok(Tagged::created(l.version, l))
}

#[utoipa::path(get, path = "/api/v1/lessons/{id}", tag = "projects", params(("id" = i64, Path)),
    responses((status = 200, body = Lesson, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_lesson(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<Lesson>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let l = lessons::get(&state.db, &permit, id).await.or_problem(lang)?;
    Ok(Tagged::ok(l.version, l))
}

/// Replaces a lesson. Requires `If-Match`.
#[utoipa::path(put, path = "/api/v1/lessons/{id}", tag = "projects",
    params(("id" = i64, Path), ("If-Match" = String, Header)),
    request_body = LessonDraft,
    responses((status = 200, body = Lesson, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn update_lesson(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(draft): Json<LessonDraft>,
) -> Result<Tagged<Lesson>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let l = lessons::update(&state.db, &permit, id, version, &draft).await.or_problem(lang)?;
    Ok(Tagged::ok(l.version, l))
}

/// Lessons from similar projects (same type or customer segment), best
/// match on the project's name first.
#[utoipa::path(get, path = "/api/v1/projects/{id}/similar-lessons", tag = "projects", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Lesson>), (status = 404, body = Problem)))]
async fn similar_lessons(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<Lesson>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    lessons::similar(&state.db, &permit, id).await.map(axum::Json).or_problem(lang)
}
