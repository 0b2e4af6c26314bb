//! `/api/v1/requests`: customer contacts, their timeline, follow-up and
//! hand-over deliveries.

use axum::extract::State;
use axum::http::HeaderMap;
use kumppani_app::Page;
use kumppani_app::requests::dashboard::Dashboard;
use kumppani_app::requests::{self, CustomerRequest, Delivery, Filter, RequestEvent};
use kumppani_domain::request::RequestDraft;
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
        .routes(routes!(list_requests, record_request))
        .routes(routes!(get_request))
        .routes(routes!(requests_dashboard))
        .routes(routes!(request_timeline))
        .routes(routes!(request_deliveries))
        .routes(routes!(route_request))
        .routes(routes!(set_request_status))
        .routes(routes!(set_request_notes))
}

/// Contacts, newest first, one page at a time. `status=active` is every
/// contact not yet answered or closed.
#[utoipa::path(get, path = "/api/v1/requests", tag = "requests", params(Filter),
    responses((status = 200, body = Page<CustomerRequest>), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn list_requests(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(filter): Query<Filter>,
) -> Result<axum::Json<Page<CustomerRequest>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    requests::list(&state.db, &permit, &filter).await.map(axum::Json).or_problem(lang)
}

/// Records a contact and routes it: the answer names the channel, the rule
/// that chose it (or none: the kind's default) and who holds it.
#[utoipa::path(post, path = "/api/v1/requests", tag = "requests", request_body = RequestDraft,
    responses((status = 201, body = CustomerRequest, headers(("ETag" = String))), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
async fn record_request(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Json(draft): Json<RequestDraft>,
) -> Result<Tagged<CustomerRequest>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let r = requests::record(&state.db, &permit, &draft).await.or_problem(lang)?;
    Ok(Tagged::created(r.version, r))
}

#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "requests", params(("id" = i64, Path)),
    responses((status = 200, body = CustomerRequest, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_request(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<CustomerRequest>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let r = requests::get(&state.db, &permit, id).await.or_problem(lang)?;
    Ok(Tagged::ok(r.version, r))
}

/// What happened to the contact, oldest first.
#[utoipa::path(get, path = "/api/v1/requests/{id}/timeline", tag = "requests", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<RequestEvent>), (status = 404, body = Problem)))]
async fn request_timeline(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<RequestEvent>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    requests::timeline(&state.db, &permit, id).await.map(axum::Json).or_problem(lang)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RequestChannelBody {
    /// service_desk or partnership_manager
    pub channel: String,
}

/// A person re-routes the contact; the override is recorded. Requires `If-Match`.
#[utoipa::path(put, path = "/api/v1/requests/{id}/channel", tag = "requests",
    params(("id" = i64, Path), ("If-Match" = String, Header)), request_body = RequestChannelBody,
    responses((status = 200, body = CustomerRequest, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn route_request(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<RequestChannelBody>,
) -> Result<Tagged<CustomerRequest>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let r = requests::reroute(&state.db, &permit, id, version, &body.channel).await.or_problem(lang)?;
    Ok(Tagged::ok(r.version, r))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RequestStatusBody {
    /// open, handed_over, answered or closed
    pub status: String,
    /// The service desk's reference; absent keeps the one recorded.
    #[serde(default)]
    pub desk_reference: Option<String>,
}

/// Moves the contact on. Answered or closed records the time of the answer
/// (once). Requires `If-Match`.
#[utoipa::path(put, path = "/api/v1/requests/{id}/status", tag = "requests",
    params(("id" = i64, Path), ("If-Match" = String, Header)), request_body = RequestStatusBody,
    responses((status = 200, body = CustomerRequest, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn set_request_status(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<RequestStatusBody>,
) -> Result<Tagged<CustomerRequest>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let r = requests::set_status(&state.db, &permit, id, version, &body.status, body.desk_reference.as_deref())
        .await
        .or_problem(lang)?;
    Ok(Tagged::ok(r.version, r))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RequestNotesBody {
    pub internal_notes: String,
}

/// Replaces the centre's internal notes. Requires `If-Match`.
#[utoipa::path(put, path = "/api/v1/requests/{id}/notes", tag = "requests",
    params(("id" = i64, Path), ("If-Match" = String, Header)), request_body = RequestNotesBody,
    responses((status = 200, body = CustomerRequest, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn set_request_notes(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<RequestNotesBody>,
) -> Result<Tagged<CustomerRequest>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let r = requests::set_notes(&state.db, &permit, id, version, &body.internal_notes).await.or_problem(lang)?;
    Ok(Tagged::ok(r.version, r))
}

/// The follow-up figures: open contacts per channel, holder and customer,
/// late process steps, and lead times per process and segment (counted
/// from recorded times, over the last 365 days).
#[utoipa::path(get, path = "/api/v1/requests/dashboard", tag = "requests",
    responses((status = 200, body = Dashboard), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn requests_dashboard(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
) -> Result<axum::Json<Dashboard>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    requests::dashboard::dashboard(&state.db, &permit, lang.code()).await.map(axum::Json).or_problem(lang)
}

/// The delivery log of the contact's hand-over to the service desk's webhook.
#[utoipa::path(get, path = "/api/v1/requests/{id}/deliveries", tag = "requests", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Delivery>), (status = 404, body = Problem)))]
async fn request_deliveries(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<Delivery>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    requests::deliveries(&state.db, &permit, id).await.map(axum::Json).or_problem(lang)
}
