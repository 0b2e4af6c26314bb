//! `/api/v1/processes`, `/api/v1/process-steps` and a contact's process run
//! (`/api/v1/requests/{id}/process`).

use axum::extract::State;
use axum::http::HeaderMap;
use kumppani_app::processes::{self, RunView, Template, TemplateStep};
use kumppani_domain::process::StepDraft;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_processes))
        .routes(routes!(get_process))
        .routes(routes!(update_process_step))
        .routes(routes!(get_request_process, start_request_process))
        .routes(routes!(advance_request_process))
}

/// The process templates.
#[utoipa::path(get, path = "/api/v1/processes", tag = "requests",
    responses((status = 200, body = Vec<Template>), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn list_processes(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
) -> Result<axum::Json<Vec<Template>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    processes::templates(&state.db, &permit).await.map(axum::Json).or_problem(lang)
}

/// A process template with its steps in order.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ProcessWithSteps {
    pub template: Template,
    pub steps: Vec<TemplateStep>,
}

#[utoipa::path(get, path = "/api/v1/processes/{id}", tag = "requests", params(("id" = i64, Path)),
    responses((status = 200, body = ProcessWithSteps), (status = 404, body = Problem)))]
async fn get_process(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<ProcessWithSteps>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let (template, steps) = processes::template(&state.db, &permit, id).await.or_problem(lang)?;
    Ok(axum::Json(ProcessWithSteps { template, steps }))
}

/// Changes a step (unit head and administrators). Requires `If-Match`.
#[utoipa::path(put, path = "/api/v1/process-steps/{id}", tag = "requests",
    params(("id" = i64, Path), ("If-Match" = String, Header)), request_body = StepDraft,
    responses((status = 200, body = TemplateStep, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn update_process_step(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(draft): Json<StepDraft>,
) -> Result<Tagged<TemplateStep>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let s = processes::update_step(&state.db, &permit, id, version, &draft).await.or_problem(lang)?;
    Ok(Tagged::ok(s.version, s))
}

/// The contact's process run: where it is, what is due, its steps.
#[utoipa::path(get, path = "/api/v1/requests/{id}/process", tag = "requests", params(("id" = i64, Path)),
    responses((status = 200, body = RunView, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_request_process(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<RunView>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let view = processes::run_of(&state.db, &permit, id).await.or_problem(lang)?;
    let view = view.ok_or(kumppani_app::AppError::NotFound).or_problem(lang)?;
    Ok(Tagged::ok(view.run.version, view))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StartProcessBody {
    pub template_id: Option<i64>,
}

/// Starts a process for the contact. `If-Match` is the contact's version.
#[utoipa::path(put, path = "/api/v1/requests/{id}/process", tag = "requests",
    params(("id" = i64, Path), ("If-Match" = String, Header)), request_body = StartProcessBody,
    responses((status = 200, body = RunView, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn start_request_process(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<StartProcessBody>,
) -> Result<Tagged<RunView>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let view = processes::start(&state.db, &permit, id, version, body.template_id).await.or_problem(lang)?;
    Ok(Tagged::ok(view.run.version, view))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AdvanceBody {
    /// done, approved or rejected: one the current step allows.
    pub outcome: String,
    /// Needed when the step makes the contact a project.
    #[serde(default)]
    pub project_manager_id: Option<i64>,
}

/// Ends the current step with an outcome. `If-Match` is the run's version.
#[utoipa::path(put, path = "/api/v1/requests/{id}/process/step", tag = "requests",
    params(("id" = i64, Path), ("If-Match" = String, Header)), request_body = AdvanceBody,
    responses((status = 200, body = RunView, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn advance_request_process(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<AdvanceBody>,
) -> Result<Tagged<RunView>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let view = processes::advance(&state.db, &permit, id, version, &body.outcome, body.project_manager_id)
        .await
        .or_problem(lang)?;
    Ok(Tagged::ok(view.run.version, view))
}
