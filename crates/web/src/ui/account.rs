//! Signing in and out, changing one's password, and the language switch.

use askama::Template;
use axum::extract::{Form as Body, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kumppani_app::{AppError, auth};
use serde::Deserialize;

use super::form::{Form, safe_next, submit};
use super::{Chrome, OrPage, PageError, render, render_status};
use crate::routes::Routes;
use crate::session::{ClientAddress, SESSION_COOKIE, Session, cookie, session_cookie};
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/account/password", get(password_page).post(change_password))
        .route("/lang/{code}", get(switch_language))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    c: Chrome,
    next: String,
    username: String,
    /// Why the last attempt failed, in the user's language.
    failed: Option<String>,
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

async fn login_page(lang: Lang, Query(q): Query<Next>) -> Result<axum::response::Html<String>, PageError> {
    let page = LoginPage {
        c: Chrome::new(lang, None, "/login", "login-title"),
        // Only a page the user was sent from; none lets sign-in pick the
        // role's start page.
        next: q.next.as_deref().map(|n| safe_next(Some(n))).unwrap_or_default(),
        username: String::new(),
        failed: None,
    };
    render(&page, lang)
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    lang: Lang,
    ClientAddress(address): ClientAddress,
    headers: axum::http::HeaderMap,
    Body(f): Body<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(f.next.as_deref());
    let asked = f.next.as_deref().is_some_and(|n| !n.is_empty());
    match auth::sign_in(&state.db, &f.username, &f.password, &address).await {
        Ok((token, user)) => {
            // Without a page to return to, an external board member starts
            // from their own boards; everyone else from the customers.
            let next = if !asked && user.role == kumppani_domain::Role::ExternalBoardMember {
                "/my-projects".to_owned()
            } else {
                next
            };
            if let Some(old) = cookie(&headers, SESSION_COOKIE) {
                auth::discard_session(&state.db, &old).await.or_page(lang)?;
            }
            let mut response = Redirect::to(&next).into_response();
            if let Ok(v) = HeaderValue::from_str(&session_cookie(&token, state.config.secure_cookies)) {
                response.headers_mut().insert(header::SET_COOKIE, v);
            }
            Ok(response)
        }
        Err(e @ (AppError::BadCredentials | AppError::Throttled { .. })) => {
            let (status, message) = match e {
                AppError::Throttled { .. } => (StatusCode::TOO_MANY_REQUESTS, "login-throttled"),
                _ => (StatusCode::UNAUTHORIZED, "login-failed"),
            };
            let c = Chrome::new(lang, None, "/login", "login-title");
            let next = if asked { next } else { String::new() };
            let page = LoginPage { c, next, username: f.username, failed: Some(lang.t(message)) };
            let mut response = render_status(status, &page, lang)?;
            if let AppError::Throttled { retry_after_secs } = e {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            }
            Ok(response)
        }
        Err(e) => Err(PageError::from_app(e, lang)),
    }
}

async fn logout(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Response, PageError> {
    auth::sign_out(&state.db, &session.actor, &session.token).await.or_page(lang)?;
    let mut response = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&session_cookie("", state.config.secure_cookies)) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    c: Chrome,
    form: Form,
}

async fn password_page(session: Session, lang: Lang) -> Result<axum::response::Html<String>, PageError> {
    let page =
        PasswordPage { c: Chrome::new(lang, Some(&session), "/account", "password-title"), form: Form::default() };
    render(&page, lang)
}

async fn change_password(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    form: Form,
) -> Result<Response, PageError> {
    let result =
        auth::change_password(&state.db, &session.actor, form.v("current_password"), form.v("new_password")).await;
    // Every session ended with the change, this one too: sign in again.
    let done = |()| Redirect::to("/login?next=/customers").into_response();
    submit(lang, form, result, done, async |form| {
        Ok(PasswordPage { c: Chrome::new(lang, Some(&session), "/account", "password-title"), form })
    })
    .await
}

/// Sets the language and returns to the page the link was on (its
/// same-site `Referer`), or to `next`.
async fn switch_language(Path(code): Path<String>, Query(q): Query<Next>, headers: axum::http::HeaderMap) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let back = q.next.or_else(|| same_site_referer(&headers));
    let mut response = Redirect::to(&safe_next(back.as_deref())).into_response();
    let cookie = format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// The path and query of a `Referer` on this same host, if any.
fn same_site_referer(headers: &axum::http::HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let rest = referer.strip_prefix("http://").or_else(|| referer.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    path.starts_with('/').then(|| path.to_owned())
}
