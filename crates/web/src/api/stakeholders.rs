//! A project's stakeholder register and communication plan: listed and
//! added under `/api/v1/projects/{id}/`, each record then at its own id.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use kumppani_app::stakeholders;
use kumppani_app::stakeholders::{CommunicationLine, Stakeholder};
use kumppani_domain::stakeholder::{CommunicationDraft, StakeholderDraft};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_stakeholders, create_stakeholder))
        .routes(routes!(get_stakeholder, update_stakeholder, delete_stakeholder))
        .routes(routes!(list_lines, create_line))
        .routes(routes!(get_line, update_line, delete_line))
}

/// The project's stakeholders, in the order they were added.
#[utoipa::path(get, path = "/api/v1/projects/{id}/stakeholders", tag = "projects", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Stakeholder>), (status = 404, body = Problem)))]
async fn list_stakeholders(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<Stakeholder>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let (list, _) = stakeholders::of_project(&state.db, &permit, id).await.or_problem(lang)?;
    Ok(axum::Json(list))
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/stakeholders", tag = "projects", params(("id" = i64, Path)),
    request_body = StakeholderDraft,
    responses((status = 201, body = Stakeholder, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create_stakeholder(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Json(draft): Json<StakeholderDraft>,
) -> Result<Tagged<Stakeholder>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let s = stakeholders::create(&state.db, &permit, id, &draft).await.or_problem(lang)?;
    Ok(Tagged::created(s.version, s))
}

#[utoipa::path(get, path = "/api/v1/stakeholders/{id}", tag = "projects",
    params(("id" = i64, Path)),
    responses((status = 200, body = Stakeholder, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_stakeholder(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<Stakeholder>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let s = stakeholders::get(&state.db, &permit, id).await.or_problem(lang)?;
    Ok(Tagged::ok(s.version, s))
}

/// Replaces a stakeholder's details. Requires `If-Match`.
#[utoipa::path(put, path = "/api/v1/stakeholders/{id}", tag = "projects",
    params(("id" = i64, Path), ("If-Match" = String, Header)),
    request_body = StakeholderDraft,
    responses((status = 200, body = Stakeholder, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn update_stakeholder(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(draft): Json<StakeholderDraft>,
) -> Result<Tagged<Stakeholder>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let s = stakeholders::update(&state.db, &permit, id, version, &draft).await.or_problem(lang)?;
    Ok(Tagged::ok(s.version, s))
}

/// Removes a stakeholder no communication line names. Requires `If-Match`.
#[utoipa::path(delete, path = "/api/v1/stakeholders/{id}", tag = "projects",
    params(("id" = i64, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn delete_stakeholder(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    stakeholders::delete(&state.db, &permit, id, version).await.or_problem(lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The project's communication plan.
#[utoipa::path(get, path = "/api/v1/projects/{id}/communications", tag = "projects", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CommunicationLine>), (status = 404, body = Problem)))]
async fn list_lines(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<CommunicationLine>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let (_, lines) = stakeholders::of_project(&state.db, &permit, id).await.or_problem(lang)?;
    Ok(axum::Json(lines))
}

#[utoipa::path(post, path = "/api/v1/projects/{id}/communications", tag = "projects", params(("id" = i64, Path)),
    request_body = CommunicationDraft,
    responses((status = 201, body = CommunicationLine, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create_line(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Json(draft): Json<CommunicationDraft>,
) -> Result<Tagged<CommunicationLine>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let l = stakeholders::create_line(&state.db, &permit, id, &draft).await.or_problem(lang)?;
    Ok(Tagged::created(l.version, l))
}

#[utoipa::path(get, path = "/api/v1/communications/{id}", tag = "projects",
    params(("id" = i64, Path)),
    responses((status = 200, body = CommunicationLine, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_line(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<CommunicationLine>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let l = stakeholders::get_line(&state.db, &permit, id).await.or_problem(lang)?;
    Ok(Tagged::ok(l.version, l))
}

/// Replaces a communication line. Requires `If-Match`.
#[utoipa::path(put, path = "/api/v1/communications/{id}", tag = "projects",
    params(("id" = i64, Path), ("If-Match" = String, Header)),
    request_body = CommunicationDraft,
    responses((status = 200, body = CommunicationLine, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn update_line(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(draft): Json<CommunicationDraft>,
) -> Result<Tagged<CommunicationLine>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let l = stakeholders::update_line(&state.db, &permit, id, version, &draft).await.or_problem(lang)?;
    Ok(Tagged::ok(l.version, l))
}

#[utoipa::path(delete, path = "/api/v1/communications/{id}", tag = "projects",
    params(("id" = i64, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn delete_line(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    stakeholders::delete_line(&state.db, &permit, id, version).await.or_problem(lang)?;
    Ok(StatusCode::NO_CONTENT)
}
