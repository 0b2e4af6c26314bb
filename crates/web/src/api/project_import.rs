//! `POST /api/v1/projects/import`: projects from a project server's file.

use axum::extract::{DefaultBodyLimit, Request, State};
use kumppani_app::project_import::{self, ImportReport};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::json_body;
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

/// Largest request: room for a file of the largest size accepted
/// (`project_import::MAX_BYTES`) with its quotes and line breaks escaped as JSON.
const MAX_REQUEST_BYTES: usize = 2 * kumppani_domain::project_import::MAX_BYTES + 64 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_projects)).layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
}

/// A project server's file, as text (the API takes JSON bodies only).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ImportRequest {
    /// The file's content: MS Project XML (MSPDI) or its CSV export, UTF-8.
    pub content: String,
    /// Report what would happen without writing anything.
    #[serde(default)]
    pub dry_run: bool,
}

/// Creates the file's projects that are not in the register yet (matched on
/// the project server's id); projects whose manager is not a known staff
/// member are reported, not created. The file may be at most 8 MiB (422
/// beyond), the request at most 16 MiB and 64 KiB (413 beyond).
#[utoipa::path(post, path = "/api/v1/projects/import", tag = "projects", request_body = ImportRequest,
    responses((status = 200, body = ImportReport), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 413, body = Problem), (status = 422, body = Problem)))]
async fn import_projects(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    request: Request,
) -> Result<axum::Json<ImportReport>, Problem> {
    // The permit first: a caller who may not import is answered before
    // their body is read.
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let req: ImportRequest = json_body(request, &state).await?;
    project_import::import_projects(&state.db, &permit, req.content.as_bytes(), req.dry_run)
        .await
        .map(axum::Json)
        .or_problem(lang)
}
