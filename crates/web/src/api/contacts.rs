//! A customer's contacts (`/api/v1/customers/{id}/contacts`, `/api/v1/contacts/{id}`)
//! and services (`/api/v1/customers/{id}/services`, `/api/v1/subscriptions/{id}`).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use kumppani_app::contacts;
use kumppani_app::contacts::Contact;
use kumppani_app::subscriptions::{self, Subscription};
use kumppani_domain::ContactDraft;
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
        .routes(routes!(list_contacts, create_contact))
        .routes(routes!(get_contact, update_contact, delete_contact))
        .routes(routes!(list_services, subscribe))
        .routes(routes!(get_subscription, update_subscription, delete_subscription))
}

#[utoipa::path(get, path = "/api/v1/customers/{id}/contacts", tag = "customers", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Contact>), (status = 404, body = Problem)))]
async fn list_contacts(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<Contact>>, Problem> {
    contacts::for_customer(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id)
        .await
        .map(axum::Json)
        .or_problem(lang)
}

#[utoipa::path(post, path = "/api/v1/customers/{id}/contacts", tag = "customers", params(("id" = i64, Path)),
    request_body = ContactDraft,
    responses((status = 201, body = Contact, headers(("ETag" = String))), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create_contact(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Json(draft): Json<ContactDraft>,
) -> Result<Tagged<Contact>, Problem> {
    let c = contacts::create(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id, &draft)
        .await
        .or_problem(lang)?;
    Ok(Tagged::created(c.version, c))
}

#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "customers", params(("id" = i64, Path)),
    responses((status = 200, body = Contact, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_contact(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<Contact>, Problem> {
    let c = contacts::get(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id).await.or_problem(lang)?;
    Ok(Tagged::ok(c.version, c))
}

#[utoipa::path(put, path = "/api/v1/contacts/{id}", tag = "customers",
    params(("id" = i64, Path), ("If-Match" = String, Header)), request_body = ContactDraft,
    responses((status = 200, body = Contact, headers(("ETag" = String))), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_contact(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(draft): Json<ContactDraft>,
) -> Result<Tagged<Contact>, Problem> {
    let version = if_match(&headers, lang)?;
    let c = contacts::update(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id, version, &draft)
        .await
        .or_problem(lang)?;
    Ok(Tagged::ok(c.version, c))
}

#[utoipa::path(delete, path = "/api/v1/contacts/{id}", tag = "customers",
    params(("id" = i64, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn delete_contact(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    let version = if_match(&headers, lang)?;
    contacts::delete(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id, version)
        .await
        .or_problem(lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A service the customer starts to buy.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewSubscription {
    pub service_id: Option<i64>,
    #[serde(default)]
    pub critical: bool,
}

/// Whether the service is critical to the customer.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SubscriptionChange {
    pub critical: bool,
}

#[utoipa::path(get, path = "/api/v1/customers/{id}/services", tag = "customers", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Subscription>), (status = 404, body = Problem)))]
async fn list_services(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<Subscription>>, Problem> {
    subscriptions::of_customer(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id)
        .await
        .map(axum::Json)
        .or_problem(lang)
}

#[utoipa::path(post, path = "/api/v1/customers/{id}/services", tag = "customers", params(("id" = i64, Path)),
    request_body = NewSubscription,
    responses((status = 201, body = Subscription, headers(("ETag" = String))), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn subscribe(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Json(body): Json<NewSubscription>,
) -> Result<Tagged<Subscription>, Problem> {
    let s = subscriptions::subscribe(
        &state.db,
        &session.permit(&state.db).await.or_problem(lang)?,
        id,
        body.service_id,
        body.critical,
    )
    .await
    .or_problem(lang)?;
    Ok(Tagged::created(s.version, s))
}

#[utoipa::path(get, path = "/api/v1/subscriptions/{id}", tag = "customers", params(("id" = i64, Path)),
    responses((status = 200, body = Subscription, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_subscription(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<Subscription>, Problem> {
    let s =
        subscriptions::get(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id).await.or_problem(lang)?;
    Ok(Tagged::ok(s.version, s))
}

#[utoipa::path(put, path = "/api/v1/subscriptions/{id}", tag = "customers",
    params(("id" = i64, Path), ("If-Match" = String, Header)), request_body = SubscriptionChange,
    responses((status = 200, body = Subscription, headers(("ETag" = String))), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn update_subscription(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<SubscriptionChange>,
) -> Result<Tagged<Subscription>, Problem> {
    let version = if_match(&headers, lang)?;
    let s = subscriptions::set_critical(
        &state.db,
        &session.permit(&state.db).await.or_problem(lang)?,
        id,
        version,
        body.critical,
    )
    .await
    .or_problem(lang)?;
    Ok(Tagged::ok(s.version, s))
}

#[utoipa::path(delete, path = "/api/v1/subscriptions/{id}", tag = "customers",
    params(("id" = i64, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn delete_subscription(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    let version = if_match(&headers, lang)?;
    subscriptions::unsubscribe(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id, version)
        .await
        .or_problem(lang)?;
    Ok(StatusCode::NO_CONTENT)
}
