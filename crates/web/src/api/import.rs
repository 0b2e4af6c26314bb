//! `POST /api/v1/projects/import`: projects from a project server's file.

use axum::extract::State;
use kumppani_app::import::{self, ImportReport};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::Json;
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_projects))
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
/// member are reported, not created.
#[utoipa::path(post, path = "/api/v1/projects/import", tag = "projects", request_body = ImportRequest,
    responses((status = 200, body = ImportReport), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
async fn import_projects(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Json(req): Json<ImportRequest>,
) -> Result<axum::Json<ImportReport>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    import::import_projects(&state.db, &permit, req.content.as_bytes(), req.dry_run)
        .await
        .map(axum::Json)
        .or_problem(lang)
}
