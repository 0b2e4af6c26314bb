//! The signed-in user's calendar feeds (`/api/v1/calendar-feeds`). The feed
//! URL itself (`/feeds/{secret}.ics`) is served with the pages.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use kumppani_app::feeds;
use kumppani_app::feeds::Feed;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::security::NO_STORE;
use crate::session::Session;
use crate::ui::feeds::feed_url;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, create)).routes(routes!(revoke))
}

/// A feed to create: `scope` is `customer` (with `customer_id`), `manager`
/// (with `manager_id`) or `centre`. `lang` (`fi`, `sv`, `en`) is the
/// language of its titles; the caller's language when absent.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewFeed {
    pub scope: String,
    pub customer_id: Option<i64>,
    pub manager_id: Option<i64>,
    pub lang: Option<String>,
}

/// A created feed. `url` carries the secret and is shown only in this
/// answer (sent with `Cache-Control: no-store`); give it to a calendar
/// program as a subscription. It is a full URL when the server's public URL
/// is configured, else a path to put the server's address in front of.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedFeed {
    pub feed: Feed,
    pub url: String,
}

#[utoipa::path(get, path = "/api/v1/calendar-feeds", tag = "plans", responses((status = 200, body = Vec<Feed>), (status = 404, body = Problem)))]
async fn list(State(state): State<AppState>, session: Session, lang: Lang) -> Result<axum::Json<Vec<Feed>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    feeds::list(&state.db, &permit).await.map(axum::Json).or_problem(lang)
}

#[utoipa::path(post, path = "/api/v1/calendar-feeds", tag = "plans", request_body = NewFeed,
    responses((status = 201, body = CreatedFeed, headers(("ETag" = String), ("Cache-Control" = String))), (status = 422, body = Problem)))]
async fn create(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Json(body): Json<NewFeed>,
) -> Result<impl IntoResponse, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let scope = feeds::scope_of(&body.scope, body.customer_id, body.manager_id)
        .map_err(kumppani_app::AppError::from)
        .or_problem(lang)?;
    let feed_lang = body.lang.as_deref().unwrap_or(lang.code());
    let (feed, secret) = feeds::create(&state.db, &permit, scope, feed_lang).await.or_problem(lang)?;
    let url = feed_url(&state, &secret);
    Ok(([NO_STORE], Tagged::created(feed.version, CreatedFeed { feed, url })))
}

/// Revokes one of the caller's feeds at once: its URL answers 404 from now on.
#[utoipa::path(delete, path = "/api/v1/calendar-feeds/{id}", tag = "plans", params(("id" = i64, Path), ("If-Match" = String, Header)),
    responses((status = 204), (status = 404, body = Problem), (status = 412, body = Problem), (status = 428, body = Problem)))]
async fn revoke(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<StatusCode, Problem> {
    let version = if_match(&headers, lang)?;
    feeds::revoke(&state.db, &session.actor, id, version).await.or_problem(lang)?;
    Ok(StatusCode::NO_CONTENT)
}
