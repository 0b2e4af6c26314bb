//! The JSON API under `/api/v1`. Every handler is annotated for the OpenAPI
//! document; every mutable resource carries an `ETag` (its version) and
//! every update requires `If-Match`.

pub mod account;
pub mod balance;
pub mod boards;
mod catalog;
mod contacts;
mod customers;
mod data_import;
mod extract;
mod feeds;
mod glossary;
mod lessons;
mod mail;
mod people;
mod plans;
mod processes;
mod project_import;
mod projects;
mod requests;
mod routing;
mod stakeholders;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::problem::Problem;
use crate::{AppState, Lang};

#[derive(OpenApi)]
#[openapi(
    info(title = "Kumppani API", description = "Account management and PRINCE2 project governance for IT service centres."),
    tags(
        (name = "customers", description = "Customers, their contacts and services"),
        (name = "catalog", description = "Segments (operating models) and the service catalogue"),
        (name = "people", description = "Users, roles and signing in"),
        (name = "projects", description = "The project register and status history"),
        (name = "boards", description = "Project boards, their meetings, decisions and guidance"),
        (name = "plans", description = "Account plans, customer events and the plan template"),
        (name = "requests", description = "Customer contacts, their routing to a channel, and the routing rules"),
    )
)]
struct ApiDoc;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(customers::router())
        .merge(contacts::router())
        .merge(catalog::router())
        .merge(people::router())
        .merge(account::router())
        .merge(balance::router())
        .merge(projects::router())
        .merge(boards::router())
        .merge(plans::router())
        .merge(feeds::router())
        .merge(project_import::router())
        .merge(stakeholders::router())
        .merge(lessons::router())
        .merge(glossary::router())
        .merge(data_import::router())
        .merge(requests::router())
        .merge(routing::router())
        .merge(processes::router())
        .merge(mail::router())
}

/// The ETag of a version.
fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

/// A JSON body with its ETag (and a status, 200 unless said otherwise).
pub struct Tagged<T> {
    pub status: StatusCode,
    pub version: i64,
    pub body: T,
}

impl<T> Tagged<T> {
    pub fn ok(version: i64, body: T) -> Self {
        Tagged { status: StatusCode::OK, version, body }
    }

    pub fn created(version: i64, body: T) -> Self {
        Tagged { status: StatusCode::CREATED, version, body }
    }
}

impl<T: Serialize> IntoResponse for Tagged<T> {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body)).into_response();
        response.headers_mut().insert(header::ETAG, etag(self.version));
        response
    }
}

/// The version an update is based on, from `If-Match`: missing → 428,
/// not one of our ETags → 412.
pub fn if_match(headers: &HeaderMap, lang: Lang) -> Result<i64, Problem> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Err(Problem::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition-required",
            &lang.t("problem-if-match-required"),
        ));
    };
    value
        .to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| Problem::new(StatusCode::PRECONDITION_FAILED, "stale", &lang.t("problem-stale")))
}
