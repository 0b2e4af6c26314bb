//! The signed-in user's API tokens (`/api/v1/me/tokens`) and people's
//! absences (`/api/v1/users/{id}/absences`, `/api/v1/absences/{id}`).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use kumppani_app::absences::Absence;
use kumppani_app::tokens::ApiToken;
use kumppani_app::{absences, tokens};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::security::NO_STORE;
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(list_absences, create_absence))
        .routes(routes!(delete_absence))
}

/// A token to create.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewToken {
    /// What the token is for, e.g. "monthly report script".
    pub name: String,
    /// Days the token works, 1 to 365; 90 when absent.
    pub expires_in_days: Option<i64>,
}

/// A created token. `secret` is shown only in this answer (sent with
/// `Cache-Control: no-store`); send it as `Authorization: Bearer <secret>`.
/// It stops working at `token.expires_at`, when revoked, or when its owner's
/// password changes.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedToken {
    pub token: ApiToken,
    pub secret: String,
}

#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "people", responses((status = 200, body = Vec<ApiToken>)))]
async fn list_tokens(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
) -> Result<axum::Json<Vec<ApiToken>>, Problem> {
    tokens::list(&state.db, &session.actor).await.map(axum::Json).or_problem(lang)
}

#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "people", request_body = NewToken,
    responses((status = 201, body = CreatedToken, headers(("ETag" = String), ("Cache-Control" = String))), (status = 422, body = Problem)))]
async fn create_token(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Json(body): Json<NewToken>,
) -> Result<impl IntoResponse, Problem> {
    let (token, secret) =
        tokens::create(&state.db, &session.actor, &body.name, body.expires_in_days).await.or_problem(lang)?;
    Ok(([NO_STORE], Tagged::created(token.version, CreatedToken { token, secret })))
}

/// Revokes one of the caller's tokens at once.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "people", params(("id" = i64, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn revoke_token(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    let version = if_match(&headers, lang)?;
    tokens::revoke(&state.db, &session.actor, id, version).await.or_problem(lang)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A period away. Dates as `2026-12-24` (or `24.12.2026`).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewAbsence {
    pub starts_on: String,
    pub ends_on: String,
    #[serde(default)]
    pub note: String,
}

/// A person's current and future absences.
#[utoipa::path(get, path = "/api/v1/users/{id}/absences", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Absence>), (status = 404, body = Problem)))]
async fn list_absences(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<Absence>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    absences::list(&state.db, &permit, id, kumppani_app::centre_time::today()).await.map(axum::Json).or_problem(lang)
}

/// Records an absence: one's own, or anyone's for the unit head and administrators.
#[utoipa::path(post, path = "/api/v1/users/{id}/absences", tag = "people", params(("id" = i64, Path)), request_body = NewAbsence,
    responses((status = 201, body = Absence, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn create_absence(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Json(body): Json<NewAbsence>,
) -> Result<Tagged<Absence>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let a =
        absences::create(&state.db, &permit, id, &body.starts_on, &body.ends_on, &body.note).await.or_problem(lang)?;
    Ok(Tagged::created(a.version, a))
}

#[utoipa::path(delete, path = "/api/v1/absences/{id}", tag = "people", params(("id" = i64, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn delete_absence(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    absences::delete(&state.db, &permit, id, version).await.or_problem(lang)?;
    Ok(StatusCode::NO_CONTENT)
}
