//! Who is asking: the session cookie, its timeouts, and the extractor that
//! every protected handler takes. A handler without [`Session`] cannot reach
//! a use case, since every use case needs the session's actor.

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use kumppani_app::auth::{self, SessionTimeouts};
use kumppani_app::tokens;
use kumppani_app::users::User;
use kumppani_domain::Actor;

use crate::AppState;
use crate::problem::Problem;

pub const SESSION_COOKIE: &str = "kumppani_session";

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The secret of an `Authorization: Bearer …` header.
fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, secret) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| secret.trim().to_owned())
}

/// The `Set-Cookie` value for a session token (empty token: remove it).
pub fn session_cookie(token: &str, secure: bool) -> String {
    let max_age = if token.is_empty() { "; Max-Age=0" } else { "" };
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}{max_age}")
}

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub actor: Actor,
    /// The session cookie's token; empty when signed in with an API token.
    pub token: String,
}

/// What a request without a valid session gets: pages redirect to sign-in,
/// the API answers 401.
pub enum NotSignedIn {
    Page(String),
    Api,
    Unavailable,
}

impl IntoResponse for NotSignedIn {
    fn into_response(self) -> Response {
        match self {
            NotSignedIn::Page(next) => {
                Redirect::to(&format!("/login?next={}", crate::ui::form::url_encode(&next))).into_response()
            }
            NotSignedIn::Api => {
                Problem::new(StatusCode::UNAUTHORIZED, "not-signed-in", "Sign in first.").into_response()
            }
            NotSignedIn::Unavailable => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        }
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = NotSignedIn;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // The CSRF guard found it already for a state-changing page request.
        if let Some(session) = parts.extensions.get::<Session>() {
            return Ok(session.clone());
        }
        let path = parts.extensions.get::<OriginalUri>().map_or_else(|| parts.uri.clone(), |u| u.0.clone());
        let reject = || {
            if path.path().starts_with("/api/") {
                NotSignedIn::Api
            } else {
                NotSignedIn::Page(path.path_and_query().map_or("/", |p| p.as_str()).to_owned())
            }
        };
        if let Some(secret) = bearer(&parts.headers) {
            // Scripts: a personal API token acts with its owner's rights.
            let user = tokens::user_of(&state.db, &secret).await.map_err(|_| NotSignedIn::Unavailable)?;
            let user = user.ok_or_else(reject)?;
            let actor = Actor::from(&user);
            return Ok(Session { user, actor, token: String::new() });
        }
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(reject)?;
        let timeouts = SessionTimeouts { idle: state.config.idle_timeout, absolute: state.config.absolute_timeout };
        let user = auth::session_user(&state.db, &token, timeouts).await.map_err(|_| NotSignedIn::Unavailable)?;
        let user = user.ok_or_else(reject)?;
        let actor = Actor::from(&user);
        Ok(Session { user, actor, token })
    }
}

impl Session {
    /// A permit for capability `C`, if this user's role has it (a refusal
    /// is audited). Use cases take permits, so this check cannot be skipped.
    pub async fn permit<C: kumppani_app::policy::cap::Cap>(
        &self,
        db: &kumppani_app::Db,
    ) -> Result<kumppani_app::policy::Permit<C>, kumppani_app::AppError> {
        kumppani_app::policy::permit::<C>(db, &self.actor).await
    }
}

/// The client's address, for sign-in throttling: the socket peer, or, when
/// a trusted proxy header is configured, the right-most address in that
/// header: the one the proxy itself appended. Entries to its left come from
/// the client and could say anything, so they are never read; without the
/// setting no header is read at all. A request that lacks the header (it
/// did not come through the proxy) falls back to its socket peer.
pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let forwarded =
            state.config.trusted_proxy_header.as_deref().and_then(|name| forwarded_for(&parts.headers, name));
        let ip = forwarded
            .or_else(|| parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip()));
        Ok(ClientAddress(ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())))
    }
}

/// The right-most entry of a proxy header (all its lines, in order) as an
/// address. Takes `X-Forwarded-For` lists (`client, proxy1`), addresses with
/// a port (`192.0.2.1:4711`, `[2001:db8::1]:4711`) and `Forwarded`'s
/// `for=` parameter. Not an address: None.
fn forwarded_for(headers: &HeaderMap, name: &str) -> Option<std::net::IpAddr> {
    let last = headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|entry| !entry.is_empty())?;
    // `Forwarded: for=192.0.2.60;proto=https;by=…`
    let value = last
        .split(';')
        .map(str::trim)
        .find_map(|part| part.split_once('=').filter(|(k, _)| k.eq_ignore_ascii_case("for")).map(|(_, v)| v))
        .unwrap_or(last)
        .trim_matches('"');
    value
        .parse::<std::net::IpAddr>()
        .ok()
        .or_else(|| value.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| value.strip_prefix('[').and_then(|v| v.strip_suffix(']')).and_then(|v| v.parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for line in lines {
            h.append("x-forwarded-for", HeaderValue::from_str(line).unwrap());
        }
        h
    }

    fn ip(s: &str) -> Option<std::net::IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn the_right_most_entry_is_the_client() {
        assert_eq!(forwarded_for(&with(&["198.51.100.7"]), "x-forwarded-for"), ip("198.51.100.7"));
        // What the client wrote itself comes first; the proxy appends.
        assert_eq!(forwarded_for(&with(&["10.9.9.9, 198.51.100.7"]), "X-Forwarded-For"), ip("198.51.100.7"));
        assert_eq!(forwarded_for(&with(&["10.9.9.9", "198.51.100.7 , "]), "x-forwarded-for"), ip("198.51.100.7"));
        assert_eq!(forwarded_for(&with(&["192.0.2.1:4711"]), "x-forwarded-for"), ip("192.0.2.1"));
        assert_eq!(forwarded_for(&with(&["[2001:db8::1]:4711"]), "x-forwarded-for"), ip("2001:db8::1"));
        assert_eq!(forwarded_for(&with(&["2001:db8::1"]), "x-forwarded-for"), ip("2001:db8::1"));
    }

    #[test]
    fn forwarded_for_parameter_is_read() {
        let mut h = HeaderMap::new();
        h.insert("forwarded", HeaderValue::from_static("for=10.0.0.1, for=\"[2001:db8::2]\";proto=https"));
        assert_eq!(forwarded_for(&h, "forwarded"), ip("2001:db8::2"));
    }

    #[test]
    fn anything_else_is_no_address() {
        assert_eq!(forwarded_for(&with(&["198.51.100.7, unknown"]), "x-forwarded-for"), None);
        assert_eq!(forwarded_for(&with(&[" , "]), "x-forwarded-for"), None);
        assert_eq!(forwarded_for(&HeaderMap::new(), "x-forwarded-for"), None);
        assert_eq!(forwarded_for(&with(&["198.51.100.7"]), "not a header name"), None);
    }
}
