//! The routes outside the JSON API, as a table that records each path as it
//! is registered. A page module's `router()` returns [`Routes`], and only
//! [`Routes`] merge into it, so a route cannot be served without being
//! listed by [`crate::route_paths`] (which the authorization matrix walks).
//! The JSON API needs no table: utoipa-axum records its routes in the
//! OpenAPI document.

use std::convert::Infallible;

use axum::Router;
use axum::extract::Request;
use axum::handler::Handler;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, Route};
use tower::{Layer, Service};

use crate::AppState;

/// A router of pages and the paths it routes.
pub(crate) struct Routes {
    router: Router<AppState>,
    paths: Vec<&'static str>,
}

impl Routes {
    pub(crate) fn new() -> Routes {
        Routes { router: Router::new(), paths: Vec::new() }
    }

    /// [`Router::route`], recording `path`.
    pub(crate) fn route(self, path: &'static str, methods: MethodRouter<AppState>) -> Routes {
        let mut paths = self.paths;
        paths.push(path);
        Routes { router: self.router.route(path, methods), paths }
    }

    /// [`Router::merge`], keeping both tables.
    pub(crate) fn merge(self, other: Routes) -> Routes {
        let mut paths = self.paths;
        paths.extend(other.paths);
        Routes { router: self.router.merge(other.router), paths }
    }

    /// [`Router::layer`]: around every route registered so far.
    pub(crate) fn layer<L>(self, layer: L) -> Routes
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        Routes { router: self.router.layer(layer), paths: self.paths }
    }

    /// [`Router::fallback`]: what a path no route matches gets.
    pub(crate) fn fallback<H, T>(self, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Routes { router: self.router.fallback(handler), paths: self.paths }
    }

    /// The paths in the order they were registered.
    pub(crate) fn paths(&self) -> &[&'static str] {
        &self.paths
    }

    pub(crate) fn into_router(self) -> Router<AppState> {
        self.router
    }
}
