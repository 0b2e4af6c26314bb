//! `/api/v1/projects`: the register and the status history.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use kumppani_app::Page;
use kumppani_app::projects;
use kumppani_app::projects::{Filter, Project, StatusUpdate};
use kumppani_domain::{ProjectDraft, StatusDraft};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path, Query};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_projects, create_project))
        .routes(routes!(get_project, update_project))
        .routes(routes!(list_status, add_status))
}

/// The portfolio: projects with their latest status, in name order, one
/// page at a time.
#[utoipa::path(get, path = "/api/v1/projects", tag = "projects", params(Filter),
    responses((status = 200, body = Page<Project>), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 422, body = Problem)))]
async fn list_projects(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(filter): Query<Filter>,
) -> Result<axum::Json<Page<Project>>, Problem> {
    projects::list(&state.db, &session.permit(&state.db).await.or_problem(lang)?, &filter)
        .await
        .map(axum::Json)
        .or_problem(lang)
}

/// Creates a project.
#[utoipa::path(post, path = "/api/v1/projects", tag = "projects", request_body = ProjectDraft,
    responses((status = 201, body = Project, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
async fn create_project(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Json(draft): Json<ProjectDraft>,
) -> Result<Tagged<Project>, Problem> {
    let p = projects::create(&state.db, &session.permit(&state.db).await.or_problem(lang)?, &draft)
        .await
        .or_problem(lang)?;
    Ok(Tagged::created(p.version, p))
}

#[utoipa::path(get, path = "/api/v1/projects/{id}", tag = "projects", params(("id" = i64, Path)),
    responses((status = 200, body = Project, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_project(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<Project>, Problem> {
    let p = projects::get(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id).await.or_problem(lang)?;
    Ok(Tagged::ok(p.version, p))
}

/// Replaces a project's details. Requires `If-Match` with the ETag read.
/// The status is not among them: it has its own history.
#[utoipa::path(put, path = "/api/v1/projects/{id}", tag = "projects", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "The ETag the change is based on")),
    request_body = ProjectDraft,
    responses((status = 200, body = Project, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn update_project(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(draft): Json<ProjectDraft>,
) -> Result<Tagged<Project>, Problem> {
    let version = if_match(&headers, lang)?;
    let p = projects::update(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id, version, &draft)
        .await
        .or_problem(lang)?;
    Ok(Tagged::ok(p.version, p))
}

/// The project's status history (highlight reports), newest first.
#[utoipa::path(get, path = "/api/v1/projects/{id}/status", tag = "projects", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<StatusUpdate>), (status = 404, body = Problem)))]
async fn list_status(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<StatusUpdate>>, Problem> {
    projects::statuses(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id)
        .await
        .map(axum::Json)
        .or_problem(lang)
}

/// Adds a status update to the history (never replaces one).
#[utoipa::path(post, path = "/api/v1/projects/{id}/status", tag = "projects", params(("id" = i64, Path)),
    request_body = StatusDraft,
    responses((status = 201, body = StatusUpdate), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
async fn add_status(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Json(draft): Json<StatusDraft>,
) -> Result<(StatusCode, axum::Json<StatusUpdate>), Problem> {
    let s = projects::add_status(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id, &draft)
        .await
        .or_problem(lang)?;
    Ok((StatusCode::CREATED, axum::Json(s)))
}
