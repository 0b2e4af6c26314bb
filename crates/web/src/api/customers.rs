//! `/api/v1/customers`

use axum::extract::State;
use axum::http::HeaderMap;
use kumppani_app::AuditEntry;
use kumppani_app::Page;
use kumppani_app::customers;
use kumppani_app::customers::{Customer, Filter};
use kumppani_domain::CustomerDraft;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path, Query};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_customers, create_customer))
        .routes(routes!(get_customer, update_customer))
        .routes(routes!(customer_history))
}

/// Customers in name order, one page at a time.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", params(Filter),
    responses((status = 200, body = Page<Customer>), (status = 400, body = Problem), (status = 401, body = Problem)))]
async fn list_customers(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(filter): Query<Filter>,
) -> Result<axum::Json<Page<Customer>>, Problem> {
    customers::list(&state.db, &session.permit(&state.db).await.or_problem(lang)?, &filter)
        .await
        .map(axum::Json)
        .or_problem(lang)
}

/// Creates a customer.
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers", request_body = CustomerDraft,
    responses((status = 201, body = Customer, headers(("ETag" = String))), (status = 422, body = Problem)))]
async fn create_customer(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Json(draft): Json<CustomerDraft>,
) -> Result<Tagged<Customer>, Problem> {
    let c = customers::create(&state.db, &session.permit(&state.db).await.or_problem(lang)?, &draft)
        .await
        .or_problem(lang)?;
    Ok(Tagged::created(c.version, c))
}

#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = i64, Path)),
    responses((status = 200, body = Customer, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_customer(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<Customer>, Problem> {
    let c = customers::get(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id).await.or_problem(lang)?;
    Ok(Tagged::ok(c.version, c))
}

/// Replaces a customer's editable fields. Requires `If-Match` with the ETag read.
#[utoipa::path(put, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "The ETag the change is based on")),
    request_body = CustomerDraft,
    responses((status = 200, body = Customer, headers(("ETag" = String))), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_customer(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(draft): Json<CustomerDraft>,
) -> Result<Tagged<Customer>, Problem> {
    let version = if_match(&headers, lang)?;
    let c = customers::update(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id, version, &draft)
        .await
        .or_problem(lang)?;
    Ok(Tagged::ok(c.version, c))
}

/// The customer's change history, newest first: the customer itself, its
/// contacts and its services.
#[utoipa::path(get, path = "/api/v1/customers/{id}/history", tag = "customers", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<AuditEntry>), (status = 404, body = Problem)))]
async fn customer_history(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<AuditEntry>>, Problem> {
    customers::history(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id, 200)
        .await
        .map(axum::Json)
        .or_problem(lang)
}
