//! `/api/v1/segments` (operating models) and `/api/v1/services` (the catalogue).

use axum::extract::State;
use axum::http::HeaderMap;
use kumppani_app::catalog::CatalogEntry;
use kumppani_app::catalog::{self, Kind};
use kumppani_domain::CatalogEntryDraft;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_segments, create_segment))
        .routes(routes!(get_segment, update_segment))
        .routes(routes!(list_services, create_service))
        .routes(routes!(get_service, update_service))
}

async fn list(state: &AppState, s: &Session, lang: Lang, kind: Kind) -> Result<axum::Json<Vec<CatalogEntry>>, Problem> {
    catalog::list(&state.db, &s.permit(&state.db).await.or_problem(lang)?, kind).await.map(axum::Json).or_problem(lang)
}

async fn create(
    state: &AppState,
    s: &Session,
    lang: Lang,
    kind: Kind,
    d: &CatalogEntryDraft,
) -> Result<Tagged<CatalogEntry>, Problem> {
    let n = catalog::create(&state.db, &s.permit(&state.db).await.or_problem(lang)?, kind, d).await.or_problem(lang)?;
    Ok(Tagged::created(n.version, n))
}

async fn get(state: &AppState, s: &Session, lang: Lang, kind: Kind, id: i64) -> Result<Tagged<CatalogEntry>, Problem> {
    let n = catalog::get(&state.db, &s.permit(&state.db).await.or_problem(lang)?, kind, id).await.or_problem(lang)?;
    Ok(Tagged::ok(n.version, n))
}

async fn update(
    state: &AppState,
    s: &Session,
    lang: Lang,
    headers: &HeaderMap,
    kind: Kind,
    id: i64,
    d: &CatalogEntryDraft,
) -> Result<Tagged<CatalogEntry>, Problem> {
    let version = if_match(headers, lang)?;
    let n = catalog::update(&state.db, &s.permit(&state.db).await.or_problem(lang)?, kind, id, version, d)
        .await
        .or_problem(lang)?;
    Ok(Tagged::ok(n.version, n))
}

/// Segments (operating models) with their customer counts.
#[utoipa::path(get, path = "/api/v1/segments", tag = "catalog", responses((status = 200, body = Vec<CatalogEntry>)))]
async fn list_segments(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
) -> Result<axum::Json<Vec<CatalogEntry>>, Problem> {
    list(&st, &s, lang, Kind::Segment).await
}

#[utoipa::path(post, path = "/api/v1/segments", tag = "catalog", request_body = CatalogEntryDraft,
    responses((status = 201, body = CatalogEntry, headers(("ETag" = String))), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_segment(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
    Json(d): Json<CatalogEntryDraft>,
) -> Result<Tagged<CatalogEntry>, Problem> {
    create(&st, &s, lang, Kind::Segment, &d).await
}

#[utoipa::path(get, path = "/api/v1/segments/{id}", tag = "catalog", params(("id" = i64, Path)),
    responses((status = 200, body = CatalogEntry, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_segment(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<CatalogEntry>, Problem> {
    get(&st, &s, lang, Kind::Segment, id).await
}

#[utoipa::path(put, path = "/api/v1/segments/{id}", tag = "catalog", params(("id" = i64, Path), ("If-Match" = String, Header)),
    request_body = CatalogEntryDraft,
    responses((status = 200, body = CatalogEntry, headers(("ETag" = String))), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_segment(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(d): Json<CatalogEntryDraft>,
) -> Result<Tagged<CatalogEntry>, Problem> {
    update(&st, &s, lang, &headers, Kind::Segment, id, &d).await
}

/// The service catalogue with how many customers buy each.
#[utoipa::path(get, path = "/api/v1/services", tag = "catalog", responses((status = 200, body = Vec<CatalogEntry>)))]
async fn list_services(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
) -> Result<axum::Json<Vec<CatalogEntry>>, Problem> {
    list(&st, &s, lang, Kind::Service).await
}

#[utoipa::path(post, path = "/api/v1/services", tag = "catalog", request_body = CatalogEntryDraft,
    responses((status = 201, body = CatalogEntry, headers(("ETag" = String))), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_service(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
    Json(d): Json<CatalogEntryDraft>,
) -> Result<Tagged<CatalogEntry>, Problem> {
    create(&st, &s, lang, Kind::Service, &d).await
}

#[utoipa::path(get, path = "/api/v1/services/{id}", tag = "catalog", params(("id" = i64, Path)),
    responses((status = 200, body = CatalogEntry, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_service(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<CatalogEntry>, Problem> {
    get(&st, &s, lang, Kind::Service, id).await
}

#[utoipa::path(put, path = "/api/v1/services/{id}", tag = "catalog", params(("id" = i64, Path), ("If-Match" = String, Header)),
    request_body = CatalogEntryDraft,
    responses((status = 200, body = CatalogEntry, headers(("ETag" = String))), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_service(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(d): Json<CatalogEntryDraft>,
) -> Result<Tagged<CatalogEntry>, Problem> {
    update(&st, &s, lang, &headers, Kind::Service, id, &d).await
}
