//! `/api/v1/glossary`: the PRINCE2 terms in English, Finnish and Swedish.

use axum::extract::State;
use axum::http::HeaderMap;
use kumppani_app::glossary;
use kumppani_app::glossary::Term;
use kumppani_domain::glossary::TermDraft;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_terms, create_term)).routes(routes!(get_term, update_term))
}

/// Every term, sorted by its wording in the caller's language.
#[utoipa::path(get, path = "/api/v1/glossary", tag = "projects",
    responses((status = 200, body = Vec<Term>), (status = 401, body = Problem), (status = 404, body = Problem)))]
async fn list_terms(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
) -> Result<axum::Json<Vec<Term>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    glossary::list(&state.db, &permit, lang.code()).await.map(axum::Json).or_problem(lang)
}

/// Adds a term (unit head and administrators).
#[utoipa::path(post, path = "/api/v1/glossary", tag = "projects", request_body = TermDraft,
    responses((status = 201, body = Term, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
async fn create_term(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Json(draft): Json<TermDraft>,
) -> Result<Tagged<Term>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let t = glossary::create(&state.db, &permit, &draft).await.or_problem(lang)?;
    Ok(Tagged::created(t.version, t))
}

#[utoipa::path(get, path = "/api/v1/glossary/{id}", tag = "projects", params(("id" = i64, Path)),
    responses((status = 200, body = Term, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_term(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<Term>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let t = glossary::get(&state.db, &permit, id).await.or_problem(lang)?;
    Ok(Tagged::ok(t.version, t))
}

/// Changes a term's wording and definitions (its key stays). Requires `If-Match`.
#[utoipa::path(put, path = "/api/v1/glossary/{id}", tag = "projects",
    params(("id" = i64, Path), ("If-Match" = String, Header)), request_body = TermDraft,
    responses((status = 200, body = Term, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn update_term(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(draft): Json<TermDraft>,
) -> Result<Tagged<Term>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let t = glossary::update(&state.db, &permit, id, version, &draft).await.or_problem(lang)?;
    Ok(Tagged::ok(t.version, t))
}
