//! CSV imports (`POST /api/v1/imports`) and a customer's activities
//! (`GET /api/v1/customers/{id}/activities`).

use axum::extract::{DefaultBodyLimit, Request, State};
use kumppani_app::Page;
use kumppani_app::activities::Activity;
use kumppani_app::{activities, data_import};
use kumppani_domain::Invalid;
use kumppani_domain::data_import::ImportKind;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Path, Query, json_body};
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

/// Largest import accepted over HTTP (the command line has no limit).
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_csv))
        .layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES + 64 * 1024))
        .routes(routes!(list_activities))
}

/// A CSV file to import, as text.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct ImportBody {
    /// What the file holds: customers, contacts or activities.
    kind: String,
    /// The file's name, kept in the audit trail.
    #[serde(default)]
    file_name: Option<String>,
    /// The whole file: UTF-8, comma-separated, a header row first.
    csv: String,
}

/// Imports a CSV file of customers, contacts or activities. The body may be
/// at most 32 MiB and 64 KiB (413 beyond); the file name is kept as its
/// base name, at most 200 characters.
#[utoipa::path(post, path = "/api/v1/imports", tag = "customers",
    request_body = ImportBody,
    responses((status = 200, body = data_import::ImportReport), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
async fn import_csv(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    request: Request,
) -> Result<axum::Json<data_import::ImportReport>, Problem> {
    // The permit first: a caller who may not import is answered before
    // their (possibly 32 MiB) body is read.
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let body: ImportBody = json_body(request, &state).await?;
    let kind =
        ImportKind::parse(&body.kind).map_err(|code| Problem::from_app(Invalid::one("kind", code).into(), lang))?;
    let name = body.file_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or("api.csv");
    data_import::run(&state.db, &permit, kind, name, body.csv.as_bytes(), &|_| {})
        .await
        .map(axum::Json)
        .or_problem(lang)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct ActivityPage {
    /// Return the activities after (older than) the one with this id.
    after: Option<i64>,
    /// Page size, 1–100 (default 10).
    limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/customers/{id}/activities", tag = "customers",
    params(("id" = i64, Path), ActivityPage),
    responses((status = 200, body = Page<Activity>), (status = 404, body = Problem)))]
async fn list_activities(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Query(page): Query<ActivityPage>,
) -> Result<axum::Json<Page<Activity>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    activities::for_customer(&state.db, &permit, id, page.after, page.limit).await.map(axum::Json).or_problem(lang)
}
