//! Security headers on every response, and a cross-site check on every
//! state-changing request.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// For an answer that shows a secret once (a new API token, a new feed
/// URL): no cache, shared or the browser's own, may keep it.
pub(crate) const NO_STORE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "no-store");

/// What the headers depend on in the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Send `Strict-Transport-Security`: set with secure cookies, which
    /// say the server is reached over HTTPS only.
    pub hsts: bool,
}

impl Policy {
    pub fn of(config: &crate::WebConfig) -> Self {
        Policy { hsts: config.secure_cookies }
    }
}

/// Adds the headers and refuses cross-site writes. Browsers say where a
/// request came from in `Sec-Fetch-Site` (or at least `Origin`); a form
/// posted from another site is refused before it reaches a handler.
pub async fn headers(State(policy): State<Policy>, request: Request, next: Next) -> Response {
    let mut response = if is_cross_site_write(&request) {
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    } else {
        next.run(request).await
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if policy.hsts {
        // A year, subdomains included: once a browser has seen this, it
        // never tries plain HTTP here, so a session cookie cannot be
        // stripped of TLS on a hostile network.
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    response
}

fn is_cross_site_write(request: &Request) -> bool {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or("");
            let host = host.to_str().unwrap_or("");
            let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            origin_host != host
        }
        // No browser provenance at all: a script or API client, which must
        // present a session or token of its own anyway.
        _ => false,
    }
}
