//! The web crate's integration suite: the real server on a loopback port,
//! spoken to over HTTP. Every check is written once, as
//! `async fn xxx(app: &TestApp)`, and runs on a fresh SQLite database and,
//! when `KUMPPANI_TEST_POSTGRES_URL` names an admin URL (e.g.
//! `postgres://postgres@127.0.0.1:5432/postgres`), on a fresh PostgreSQL
//! database as well. Without the variable the PostgreSQL half says so on
//! stderr and passes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// `check => sqlite_test, postgres_test;` makes the two tests of one check.
macro_rules! on_both_backends {
    ($($check:ident => $sqlite:ident, $postgres:ident;)*) => {$(
        #[tokio::test]
        async fn $sqlite() {
            let app = crate::helpers::TestApp::spawn().await;
            $check(&app).await;
            app.finish().await;
        }

        #[tokio::test]
        async fn $postgres() {
            let Some(app) = crate::helpers::TestApp::postgres().await else { return };
            $check(&app).await;
            app.finish().await;
        }
    )*};
}

/// `config; check => sqlite_test, postgres_test;` as [`on_both_backends`],
/// on a server whose [`kumppani_web::WebConfig`] `config` (a
/// `fn(WebConfig) -> WebConfig`) adjusts.
macro_rules! on_both_backends_with {
    ($config:expr; $($check:ident => $sqlite:ident, $postgres:ident;)*) => {$(
        #[tokio::test]
        async fn $sqlite() {
            let app = crate::helpers::TestApp::spawn_with($config).await;
            $check(&app).await;
            app.finish().await;
        }

        #[tokio::test]
        async fn $postgres() {
            let Some(app) = crate::helpers::TestApp::postgres_with($config).await else { return };
            $check(&app).await;
            app.finish().await;
        }
    )*};
}

mod helpers;

mod auth;
mod catalog;
mod contacts;
mod customers;
mod hostile;
mod listing;
mod ownership;
mod pages;
mod platform;
mod secrets;
mod throttling;
mod users;
