//! CSRF protection for the HTML forms: every state-changing page request of
//! a signed-in user must carry `_csrf`, a value derived from the session
//! token that only pages served to that session contain. (The JSON API is
//! protected by requiring `application/json`, which a cross-site form cannot
//! send, and by the `Sec-Fetch-Site` check in `security.rs`.)

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::session::{SESSION_COOKIE, cookie};

/// Form bodies larger than this are refused before parsing.
const MAX_FORM_BYTES: usize = 256 * 1024;
/// Uploads (multipart bodies) may be larger: a project server's export or
/// a CSV import.
pub const MAX_UPLOAD_BYTES: usize = 32 * 1024 * 1024 + 64 * 1024;

/// The CSRF token of a session.
pub fn token_for(session_token: &str) -> String {
    kumppani_app::auth::token_hash(&format!("csrf:{session_token}"))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub async fn guard(request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The sign-in form has no session to derive a token from (a stale
    // cookie may still be sent); the cross-site check in `security.rs`
    // guards it.
    let path = request.uri().path();
    let is_page = !path.starts_with("/api/") && path != "/login";
    let session = cookie(request.headers(), SESSION_COOKIE);
    let Some(session) = session.filter(|_| unsafe_method && is_page) else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let content_type = parts.headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let boundary = crate::multipart::boundary(content_type);
    let limit = if boundary.is_some() { MAX_UPLOAD_BYTES } else { MAX_FORM_BYTES };
    let Ok(bytes) = to_bytes(body, limit).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let presented = match &boundary {
        Some(b) => crate::multipart::parts(&bytes, b)
            .into_iter()
            .find(|p| p.name == "_csrf")
            .and_then(|p| String::from_utf8(p.data).ok()),
        None => form_urlencoded_value(&bytes, "_csrf"),
    };
    let expected = token_for(&session);
    if !presented.is_some_and(|p| constant_time_eq(p.as_bytes(), expected.as_bytes())) {
        tracing::warn!(path = %parts.uri.path(), "form without a valid CSRF token refused");
        return (
            StatusCode::FORBIDDEN,
            "The form was stale or did not come from Kumppani. Reload the page and try again.",
        )
            .into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// The first value of `name` in an `application/x-www-form-urlencoded` body.
fn form_urlencoded_value(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_per_session_and_compare_exactly() {
        let (a, b) = (token_for("one"), token_for("two"));
        assert_ne!(a, b);
        assert!(constant_time_eq(a.as_bytes(), token_for("one").as_bytes()));
        assert!(!constant_time_eq(a.as_bytes(), &a.as_bytes()[1..]));
    }

    #[test]
    fn finds_the_token_in_a_form_body() {
        assert_eq!(form_urlencoded_value(b"name=x&_csrf=ab%20c", "_csrf").as_deref(), Some("ab c"));
        assert_eq!(form_urlencoded_value(b"name=x", "_csrf"), None);
    }
}
