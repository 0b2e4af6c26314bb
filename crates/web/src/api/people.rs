//! `/api/v1/session` (sign in and out), `/api/v1/me` and `/api/v1/users`.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kumppani_app::users::User;
use kumppani_app::{auth, users};
use kumppani_domain::UserDraft;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::session::{ClientAddress, SESSION_COOKIE, Session, cookie, session_cookie};
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in, sign_out))
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

/// Signs in; the session cookie comes back in `Set-Cookie`.
#[utoipa::path(post, path = "/api/v1/session", tag = "people", request_body = Credentials,
    responses((status = 200, body = User), (status = 401, body = Problem), (status = 429, body = Problem)))]
async fn sign_in(
    State(state): State<AppState>,
    lang: Lang,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Json(c): Json<Credentials>,
) -> Result<Response, Problem> {
    let (token, user) = auth::sign_in(&state.db, &c.username, &c.password, &address).await.or_problem(lang)?;
    if let Some(old) = cookie(&headers, SESSION_COOKIE) {
        auth::discard_session(&state.db, &old).await.or_problem(lang)?;
    }
    let mut response = axum::Json(user).into_response();
    let cookie = HeaderValue::from_str(&session_cookie(&token, state.config.secure_cookies))
        .map_err(|e| crate::problem::internal(&e.to_string(), lang))?;
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// Signs out, ending this session.
#[utoipa::path(delete, path = "/api/v1/session", tag = "people", responses((status = 204), (status = 401, body = Problem)))]
async fn sign_out(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Response, Problem> {
    auth::sign_out(&state.db, &session.actor, &session.token).await.or_problem(lang)?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&session_cookie("", state.config.secure_cookies)) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "people", responses((status = 200, body = User), (status = 401, body = Problem)))]
async fn me(session: Session) -> Tagged<User> {
    Tagged::ok(session.user.version, session.user)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Changes the signed-in user's password and ends all their sessions.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "people", request_body = PasswordChange,
    responses((status = 204), (status = 401, body = Problem), (status = 422, body = Problem)))]
async fn change_password(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Json(body): Json<PasswordChange>,
) -> Result<StatusCode, Problem> {
    auth::change_password(&state.db, &session.actor, &body.current_password, &body.new_password)
        .await
        .or_problem(lang)?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/users", tag = "people", responses((status = 200, body = Vec<User>), (status = 404, body = Problem)))]
async fn list_users(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
) -> Result<axum::Json<Vec<User>>, Problem> {
    users::list(&state.db, &session.permit(&state.db).await.or_problem(lang)?).await.map(axum::Json).or_problem(lang)
}

/// A new user; with `password` they can sign in at once.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewUser {
    #[serde(flatten)]
    pub user: UserDraft,
    pub password: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/users", tag = "people", request_body = NewUser,
    responses((status = 201, body = User, headers(("ETag" = String))), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_user(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Json(body): Json<NewUser>,
) -> Result<Tagged<User>, Problem> {
    let u = users::create(
        &state.db,
        &session.permit(&state.db).await.or_problem(lang)?,
        &body.user,
        body.password.as_deref(),
    )
    .await
    .or_problem(lang)?;
    Ok(Tagged::created(u.version, u))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = User, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_user(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<User>, Problem> {
    let u = users::get(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id).await.or_problem(lang)?;
    Ok(Tagged::ok(u.version, u))
}

/// Updates a user (display name, e-mail, role, active). Disabling ends their sessions.
#[utoipa::path(put, path = "/api/v1/users/{id}", tag = "people", params(("id" = i64, Path), ("If-Match" = String, Header)),
    request_body = UserDraft,
    responses((status = 200, body = User, headers(("ETag" = String))), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
async fn update_user(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(draft): Json<UserDraft>,
) -> Result<Tagged<User>, Problem> {
    let version = if_match(&headers, lang)?;
    let u = users::update(&state.db, &session.permit(&state.db).await.or_problem(lang)?, id, version, &draft)
        .await
        .or_problem(lang)?;
    Ok(Tagged::ok(u.version, u))
}
