//! Account plans: `/api/v1/customers/{id}/plan` (the assembled plan, its
//! narrative, review, history and changes), customer events
//! (`/api/v1/customers/{id}/events`, `/api/v1/events/{id}`), the dashboard
//! (`/api/v1/plans`) and the template (`/api/v1/plan-template`).

use axum::extract::State;
use axum::http::HeaderMap;
use kumppani_app::events::Event;
use kumppani_app::plans::Review;
use kumppani_app::plans::{Changes, Dashboard, DashboardQuery, PlanHistory, PlanView, Template};
use kumppani_app::{events, plans};
use kumppani_domain::plan::{EventDraft, NoteDraft, TemplateDraft};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path, Query};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_plan))
        .routes(routes!(save_notes))
        .routes(routes!(review_plan))
        .routes(routes!(plan_history))
        .routes(routes!(plan_changes))
        .routes(routes!(list_events, create_event))
        .routes(routes!(get_event, update_event))
        .routes(routes!(dashboard))
        .routes(routes!(get_template, save_template))
}

/// The customer's account plan, assembled now from the customer register,
/// projects and customer events, with the manager's narrative. The ETag is
/// the plan's own version (narrative and reviews).
#[utoipa::path(get, path = "/api/v1/customers/{id}/plan", tag = "plans", params(("id" = i64, Path)),
    responses((status = 200, body = PlanView, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_plan(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<PlanView>, Problem> {
    let v = plans::get(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id).await.or_problem(lang)?;
    Ok(Tagged::ok(v.plan.version, v))
}

/// Narratives to write: sections not listed keep theirs.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct NotesBody {
    notes: Vec<NoteDraft>,
}

/// Writes the narrative of the listed sections (blank removes one).
#[utoipa::path(put, path = "/api/v1/customers/{id}/plan/notes", tag = "plans", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "The plan's ETag the change is based on")),
    request_body = NotesBody,
    responses((status = 200, body = PlanView, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn save_notes(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<NotesBody>,
) -> Result<Tagged<PlanView>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let v = plans::save_notes(&state.db, &permit, id, version, &body.notes).await.or_problem(lang)?;
    Ok(Tagged::ok(v.plan.version, v))
}

/// Marks the plan reviewed: the assembled plan is kept as this review's
/// snapshot, and the plan's version moves on.
#[utoipa::path(put, path = "/api/v1/customers/{id}/plan/review", tag = "plans", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "The plan's ETag the review is of")),
    responses((status = 200, body = Review, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn review_plan(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Tagged<Review>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let r = plans::review(&state.db, &permit, id, version).await.or_problem(lang)?;
    Ok(Tagged::ok(r.plan_version, r))
}

/// The plan's reviews (newest first) and every change to its narrative and
/// events (who changed what, when).
#[utoipa::path(get, path = "/api/v1/customers/{id}/plan/history", tag = "plans", params(("id" = i64, Path)),
    responses((status = 200, body = PlanHistory), (status = 404, body = Problem)))]
async fn plan_history(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<PlanHistory>, Problem> {
    plans::history(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id)
        .await
        .map(axum::Json)
        .or_problem(lang)
}

/// What changed in the assembled plan since the last review.
#[utoipa::path(get, path = "/api/v1/customers/{id}/plan/changes", tag = "plans", params(("id" = i64, Path)),
    responses((status = 200, body = Changes), (status = 404, body = Problem)))]
async fn plan_changes(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Changes>, Problem> {
    plans::changes(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id)
        .await
        .map(axum::Json)
        .or_problem(lang)
}

/// The customer's events (critical updates, budget meetings, development
/// needs, marketing actions) by date.
#[utoipa::path(get, path = "/api/v1/customers/{id}/events", tag = "plans", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Event>), (status = 404, body = Problem)))]
async fn list_events(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<Event>>, Problem> {
    events::list(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id)
        .await
        .map(axum::Json)
        .or_problem(lang)
}

#[utoipa::path(post, path = "/api/v1/customers/{id}/events", tag = "plans", params(("id" = i64, Path)),
    request_body = EventDraft,
    responses((status = 201, body = Event, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create_event(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Json(draft): Json<EventDraft>,
) -> Result<Tagged<Event>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let e = events::create(&state.db, &permit, id, &draft).await.or_problem(lang)?;
    Ok(Tagged::created(e.version, e))
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "plans", params(("id" = i64, Path)),
    responses((status = 200, body = Event, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_event(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<Event>, Problem> {
    let e = events::get(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id).await.or_problem(lang)?;
    Ok(Tagged::ok(e.version, e))
}

/// Replaces an event's details (it stays with its customer).
#[utoipa::path(put, path = "/api/v1/events/{id}", tag = "plans", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "The ETag the change is based on")),
    request_body = EventDraft,
    responses((status = 200, body = Event, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn update_event(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(draft): Json<EventDraft>,
) -> Result<Tagged<Event>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let e = events::update(&state.db, &permit, id, version, &draft).await.or_problem(lang)?;
    Ok(Tagged::ok(e.version, e))
}

/// Plans by staleness (never reviewed, most overdue first, then by due
/// date), a page at a time (`limit`, default 50, at most 100; pass
/// `next_cursor` as `after` for the next page, `prev_cursor` as `before`
/// for the previous one), with changes since each review. `total`,
/// `states` (plans per review state) and the share of plan lines derived
/// from data (`automation`) cover every page.
#[utoipa::path(get, path = "/api/v1/plans", tag = "plans", params(DashboardQuery),
    responses((status = 200, body = Dashboard), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn dashboard(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(q): Query<DashboardQuery>,
) -> Result<axum::Json<Dashboard>, Problem> {
    plans::dashboard(&state.db, &session.permit(&state.db).await.or_problem(lang)?, &q)
        .await
        .map(axum::Json)
        .or_problem(lang)
}

/// The plan template: sections in order and review cadences per segment.
#[utoipa::path(get, path = "/api/v1/plan-template", tag = "plans",
    responses((status = 200, body = Template, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_template(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
) -> Result<Tagged<Template>, Problem> {
    let t = plans::template(&state.db, &session.permit(&state.db).await.or_problem(lang)?).await.or_problem(lang)?;
    Ok(Tagged::ok(t.version, t))
}

/// Replaces the template: sections in the order given (without `id`: new),
/// sections left out retired; cadences set for the segments listed.
#[utoipa::path(put, path = "/api/v1/plan-template", tag = "plans",
    params(("If-Match" = String, Header, description = "The template's ETag")),
    request_body = TemplateDraft,
    responses((status = 200, body = Template, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn save_template(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Json(draft): Json<TemplateDraft>,
) -> Result<Tagged<Template>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let t = plans::save_template(&state.db, &permit, version, &draft).await.or_problem(lang)?;
    Ok(Tagged::ok(t.version, t))
}
