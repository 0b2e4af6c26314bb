//! CSRF protection for the HTML forms: every state-changing page request of
//! a signed-in user must carry `_csrf`, a value derived from the session
//! token that only pages served to that session contain. (The JSON API is
//! protected by requiring `application/json`, which a cross-site form cannot
//! send, and by the `Sec-Fetch-Site` check in `security.rs`.)

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::session::{SESSION_COOKIE, cookie};

/// Form bodies larger than this are refused before parsing.
const MAX_FORM_BYTES: usize = 256 * 1024;
/// Uploaded files (multipart forms) may be this large.
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
    // File uploads (the CSV import) are multipart and may be larger.
    let boundary = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|ct| multer::parse_boundary(ct).ok());
    let limit = if boundary.is_some() { MAX_UPLOAD_BYTES } else { MAX_FORM_BYTES };
    let Ok(bytes) = to_bytes(body, limit).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let presented = match boundary {
        Some(boundary) => multipart_value(bytes.clone(), boundary, "_csrf").await,
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

/// The value of the field `name` in a `multipart/form-data` body. Our forms
/// put `_csrf` first, so the file after it is not read here.
async fn multipart_value(body: axum::body::Bytes, boundary: String, name: &str) -> Option<String> {
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
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

    #[tokio::test]
    async fn finds_the_token_in_a_multipart_body() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nt0k\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\na,b\r\n--XyZ--\r\n";
        let bytes = axum::body::Bytes::from(body);
        assert_eq!(multipart_value(bytes.clone(), "XyZ".into(), "_csrf").await.as_deref(), Some("t0k"));
        assert_eq!(multipart_value(bytes, "XyZ".into(), "other").await, None);
    }
}
