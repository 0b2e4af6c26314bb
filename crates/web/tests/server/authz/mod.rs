//! Authorization tests (RELIABILITY S2 and S3), run against the real server
//! on a fresh SQLite database and, when `KUMPPANI_TEST_POSTGRES_URL` names a
//! PostgreSQL admin URL, on a fresh PostgreSQL database too.
//!
//! - `matrix`: every route × role × own/other record, compared with the
//!   reviewed `expected.txt` (`KUMPPANI_BLESS=1` rewrites it).
//! - `leak`: markers in every internal-only field; the external board member
//!   crawls everything and sees none; forbidden records look missing.

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

// The API suite's harness, shared read-only.
#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

mod leak;
mod matrix;
mod probe;
mod routes;
mod world;
