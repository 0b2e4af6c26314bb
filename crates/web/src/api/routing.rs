//! `/api/v1/routing-rules`: which channel a customer contact goes to.

use axum::extract::State;
use axum::http::HeaderMap;
use kumppani_app::routing_rules::{self, RoutingRule};
use kumppani_domain::routing::RuleDraft;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_rules, create_rule)).routes(routes!(get_rule, update_rule))
}

/// Every routing rule, in the order they are tried.
#[utoipa::path(get, path = "/api/v1/routing-rules", tag = "requests",
    responses((status = 200, body = Vec<RoutingRule>), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn list_rules(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
) -> Result<axum::Json<Vec<RoutingRule>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    routing_rules::list(&state.db, &permit).await.map(axum::Json).or_problem(lang)
}

/// Adds a rule (unit head and administrators).
#[utoipa::path(post, path = "/api/v1/routing-rules", tag = "requests", request_body = RuleDraft,
    responses((status = 201, body = RoutingRule, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
async fn create_rule(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Json(draft): Json<RuleDraft>,
) -> Result<Tagged<RoutingRule>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let r = routing_rules::create(&state.db, &permit, &draft).await.or_problem(lang)?;
    Ok(Tagged::created(r.version, r))
}

#[utoipa::path(get, path = "/api/v1/routing-rules/{id}", tag = "requests", params(("id" = i64, Path)),
    responses((status = 200, body = RoutingRule, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_rule(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<RoutingRule>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let r = routing_rules::get(&state.db, &permit, id).await.or_problem(lang)?;
    Ok(Tagged::ok(r.version, r))
}

/// Changes a rule; `active: false` switches it off. Requires `If-Match`.
#[utoipa::path(put, path = "/api/v1/routing-rules/{id}", tag = "requests",
    params(("id" = i64, Path), ("If-Match" = String, Header)), request_body = RuleDraft,
    responses((status = 200, body = RoutingRule, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn update_rule(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(draft): Json<RuleDraft>,
) -> Result<Tagged<RoutingRule>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let r = routing_rules::update(&state.db, &permit, id, version, &draft).await.or_problem(lang)?;
    Ok(Tagged::ok(r.version, r))
}
