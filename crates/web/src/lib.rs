//! Kumppani's HTTP surface: the JSON API under `/api/v1` with its generated
//! OpenAPI document, and the server-rendered pages. Both call the use cases
//! in `kumppani-app`.

mod api;
mod csrf;
mod i18n;
mod problem;
mod routes;
mod security;
mod server;
mod session;
mod ui;
mod upload;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use kumppani_app::Db;
use routes::Routes;
use std::time::Duration;
use tokio::net::TcpListener;

pub use i18n::{Lang, missing_keys};
pub use server::ConnectionLimits;

/// Settings the web layer needs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// A session ends after this long without use.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, used or not.
    pub absolute_timeout: Duration,
    /// How long a client may take to send a request; open connections.
    pub limits: ConnectionLimits,
    /// Where people reach Kumppani (`https://kumppani.example.fi`, no
    /// trailing slash), for links used outside the browser: calendar feed
    /// URLs. Never taken from the request's `Host`, which the client
    /// chooses. None: such links are given as paths, with a note.
    pub public_url: Option<String>,
    /// The header a reverse proxy puts the client's address in (e.g.
    /// `X-Forwarded-For`); its right-most entry, the one the proxy appended,
    /// is the client for sign-in throttling. None: the socket peer, and no
    /// header is trusted.
    pub trusted_proxy_header: Option<String>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            idle_timeout: Duration::from_secs(60 * 60),
            absolute_timeout: Duration::from_secs(12 * 60 * 60),
            limits: ConnectionLimits::default(),
            public_url: None,
            trusted_proxy_header: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: WebConfig,
}

/// The whole application as a router, for `serve` and for tests.
pub fn app(state: AppState) -> Router {
    let body_timeout = state.config.limits.request_body_timeout;
    let (api_router, _) = api::router().split_for_parts();
    routes()
        .into_router()
        .merge(api_router)
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::guard))
        .layer(axum::middleware::from_fn(move |r, n| server::body_deadline(body_timeout, r, n)))
        .layer(axum::middleware::from_fn_with_state(security::Policy::of(&state.config), security::headers))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Everything outside the JSON API: the pages and the few plain endpoints.
fn routes() -> Routes {
    Routes::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route("/api/openapi.json", get(openapi_json))
        .merge(ui::router())
}

/// Every path template the server routes (`/customers/{id}`), sorted: the
/// JSON API's from its OpenAPI document, the rest from the route table they
/// are registered through. For checks that must cover every route (the
/// authorization matrix); a path's methods are in the `Allow` header of the
/// 405 that a method it lacks gets.
pub fn route_paths() -> Vec<String> {
    let api = openapi().paths.paths.into_keys();
    let mut paths: Vec<String> = api.chain(routes().paths().iter().map(|p| (*p).to_owned())).collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The OpenAPI 3.1 document, generated from the handlers' annotations.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::router().split_for_parts().1
}

async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(openapi())
}

async fn ready(State(state): State<AppState>) -> StatusCode {
    match state.db.ping().await {
        Ok(()) => StatusCode::OK,
        Err(_) => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// Serves until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.config.limits;
    server::serve(listener, app(state), limits, shutdown).await
}
