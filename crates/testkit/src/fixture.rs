//! What a test runs against, built once per backend, and the macro that
//! writes the two tests of each check.

/// A test's world on one backend: a bare database ([`crate::TestDb`]), or a
/// running server on one (the web suite's `TestApp`).
#[allow(async_fn_in_trait, reason = "tests await these on their own runtime; no Send bound is needed")]
pub trait Fixture: Sized {
    /// What a group of tests changes in the fixture before it starts; its
    /// default is the plain fixture.
    type Setup: Default;

    /// The fixture on a fresh SQLite database.
    async fn on_sqlite(setup: Self::Setup) -> Self;

    /// The fixture on a fresh PostgreSQL database, or None (after saying so
    /// on stderr) when no PostgreSQL server is configured.
    async fn on_postgres(setup: Self::Setup) -> Option<Self>;

    /// Shuts the fixture down in order; dropping it instead (a panicking
    /// test) still cleans up, less gracefully.
    async fn finish(self);
}

/// Writes the two tests of each check: `check => sqlite_test, postgres_test;`
/// runs `check(&fixture)` on a fresh SQLite fixture and on a fresh
/// PostgreSQL one (which passes, saying so on stderr, when
/// `KUMPPANI_TEST_POSTGRES_URL` is not set). The fixture type comes first,
/// with its setup after a comma when the checks need one:
///
/// ```ignore
/// on_both_backends! { TestDb;
///     records::check_users => sqlite_users, postgres_users;
/// }
/// on_both_backends! { TestApp, Configure(proxied);
///     throttles_by_the_proxy_address => sqlite_throttles, postgres_throttles;
/// }
/// ```
#[macro_export]
macro_rules! on_both_backends {
    (@each $fixture:ty, $setup:expr; $($check:path => $sqlite:ident, $postgres:ident;)*) => {$(
        #[tokio::test]
        async fn $sqlite() {
            let fixture = <$fixture as $crate::Fixture>::on_sqlite($setup).await;
            $check(&fixture).await;
            $crate::Fixture::finish(fixture).await;
        }

        #[tokio::test]
        async fn $postgres() {
            let Some(fixture) = <$fixture as $crate::Fixture>::on_postgres($setup).await else { return };
            $check(&fixture).await;
            $crate::Fixture::finish(fixture).await;
        }
    )*};
    ($fixture:ty, $setup:expr; $($checks:tt)*) => {
        $crate::on_both_backends!(@each $fixture, $setup; $($checks)*);
    };
    ($fixture:ty; $($checks:tt)*) => {
        $crate::on_both_backends!(@each $fixture, ::core::default::Default::default(); $($checks)*);
    };
}
