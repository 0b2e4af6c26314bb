//! CSRF protection for the HTML forms: every state-changing page request of
//! a signed-in user must carry `_csrf`, a value derived from the session
//! token that only pages served to that session contain; templates write it
//! with the `csrf_field` macro of `macros.html`. (The JSON API is
//! protected by requiring `application/json`, which a cross-site form cannot
//! send, and by the `Sec-Fetch-Site` check in `security.rs`.)

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::session::Session;
use crate::upload::{self, CsrfCheck};

/// Form bodies larger than this are refused before parsing (the longest
/// text field is 10,000 characters).
const MAX_FORM_BYTES: usize = 256 * 1024;

/// The CSRF token of a session.
pub fn token_for(session_token: &str) -> String {
    kumppani_app::auth::token_hash(&format!("csrf:{session_token}"))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether a presented token is the expected one.
pub fn matches(presented: &[u8], expected: &str) -> bool {
    constant_time_eq(presented, expected.as_bytes())
}

/// What a form without a valid token gets.
pub fn refused() -> Response {
    (StatusCode::FORBIDDEN, "The form was stale or did not come from Kumppani. Reload the page and try again.")
        .into_response()
}

/// Runs before every handler. For a state-changing page request it first
/// finds the session (from the headers alone: a request that is not
/// signed in is sent to sign-in without a byte of its body read), then
/// checks the token: in a form body read under a small limit, or, for the
/// upload routes only, by the upload reader (see `upload.rs`).
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The sign-in form has no session to derive a token from (a stale
    // cookie may still be sent); the cross-site check in `security.rs`
    // guards it. The JSON API takes only JSON bodies.
    let path = request.uri().path();
    let is_page = !path.starts_with("/api/") && path != "/login";
    if !(unsafe_method && is_page) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let session = match Session::from_request_parts(&mut parts, &state).await {
        Ok(session) => session,
        Err(not_signed_in) => return not_signed_in.into_response(),
    };
    // An API token is never sent by a browser on its own: no token to check.
    let expected = (!session.token.is_empty()).then(|| token_for(&session.token));
    parts.extensions.insert(session);
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if upload::is_multipart(content_type) {
        if !upload::UPLOAD_PATHS.contains(&parts.uri.path()) {
            return StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response();
        }
        if !upload::boundary(content_type).is_some_and(|b| (1..=upload::MAX_BOUNDARY_CHARS).contains(&b.len())) {
            return (StatusCode::BAD_REQUEST, "A multipart boundary is 1 to 70 characters.").into_response();
        }
        parts.extensions.insert(expected.map_or(CsrfCheck::NotNeeded, CsrfCheck::Expect));
        return next.run(Request::from_parts(parts, body)).await;
    }
    // From here the token is checked (or not needed): an upload route that
    // gets a plain form reads it as one without a file.
    parts.extensions.insert(CsrfCheck::NotNeeded);
    let Some(expected) = expected else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) if crate::server::is_timeout(&e) => return StatusCode::REQUEST_TIMEOUT.into_response(),
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let presented = form_urlencoded_value(&bytes, "_csrf");
    if !presented.is_some_and(|p| matches(p.as_bytes(), &expected)) {
        tracing::warn!(path = %parts.uri.path(), "form without a valid CSRF token refused");
        return refused();
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

    /// Every POST form in every template carries the token through the
    /// `csrf_field` macro (sign-in excepted: it has no session yet, and the
    /// guard lets it through), and no template writes the field by hand.
    #[test]
    fn every_post_form_in_the_templates_carries_the_token() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut lacking = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("the templates directory") {
            let path = entry.expect("a template").path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let text = std::fs::read_to_string(&path).expect("a readable template");
            if name != "macros.html" {
                assert!(!text.contains("name=\"_csrf\""), "{name} writes the token by hand");
            }
            lacking.extend(post_forms_without_token(&text).into_iter().map(|tag| format!("{name}: {tag}")));
        }
        assert!(lacking.is_empty(), "POST forms without {{% call m::csrf_field(c) %}}:\n{}", lacking.join("\n"));
    }

    #[test]
    fn a_post_form_without_the_macro_is_found() {
        let page = r#"<form method="get" action="/q"></form>
<form method="post" action="/login"></form>
<form method="post" action="/a">{% call m::csrf_field(c) %}{% endcall %}</form>
<form class="inline" method="POST" action="/b"><button></button></form>"#;
        assert_eq!(post_forms_without_token(page), [r#"<form class="inline" method="POST" action="/b">"#]);
    }

    /// The opening tags of the POST forms in a template that lack the token.
    fn post_forms_without_token(template: &str) -> Vec<String> {
        let mut lacking = Vec::new();
        for (start, _) in template.match_indices("<form") {
            let rest = &template[start..];
            // Template tags inside the opening tag hold no `<`.
            let tag = rest[1..].find('<').map_or(rest, |end| &rest[..=end]);
            let tag = tag.trim_end();
            let body = rest.find("</form>").map_or(rest, |end| &rest[..end]);
            let is_post = tag.to_ascii_lowercase().contains("method=\"post\"");
            if is_post && !tag.contains("action=\"/login\"") && !body.contains("csrf_field(c)") {
                lacking.push(tag.to_owned());
            }
        }
        lacking
    }

    #[test]
    fn finds_the_token_in_a_form_body() {
        assert_eq!(form_urlencoded_value(b"name=x&_csrf=ab%20c", "_csrf").as_deref(), Some("ab c"));
        assert_eq!(form_urlencoded_value(b"name=x", "_csrf"), None);
    }
}
