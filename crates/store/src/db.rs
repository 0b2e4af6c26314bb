//! One code path over two databases.
//!
//! Every query is written once with `$1…$N` placeholders, which both SQLite
//! and PostgreSQL accept through sqlx. Parameters are typed [`Value`]s so that
//! a NULL is sent with the right type to PostgreSQL. Rows are read typed:
//! a struct deriving `sqlx::FromRow` is a [`Record`], decoded by
//! `fetch_*_as` from whichever backend produced the row, and a one-column
//! answer (a count, an id) is read by `fetch_scalar`. [`Row::get`] by
//! column name stays for code that reads any table (dump, schema) and for
//! tests. We do not use `sqlx::Any`: it cannot decode booleans on SQLite or
//! timestamps on either backend (sqlx issue #2778).

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Decode, FromRow, Postgres, Sqlite, Type};
use std::str::FromStr;
use std::time::Duration;

use crate::StoreError;

/// Which database a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A typed query parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(Option<bool>),
    Time(Option<DateTime<Utc>>),
    Date(Option<NaiveDate>),
}

macro_rules! value_from {
    ($variant:ident, $t:ty) => {
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::$variant(Some(v.into()))
            }
        }
        impl From<Option<$t>> for Value {
            fn from(v: Option<$t>) -> Self {
                Value::$variant(v.map(Into::into))
            }
        }
    };
}
value_from!(Int, i64);
value_from!(Text, String);
value_from!(Text, &str);
value_from!(Bool, bool);
value_from!(Time, DateTime<Utc>);
value_from!(Date, NaiveDate);

/// A row from either backend.
pub enum Row {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

/// A type both backends can decode.
pub trait Column: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres> {}
impl<T> Column for T where T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres> {}

/// A struct both backends' rows decode into: `#[derive(sqlx::FromRow)]`
/// gives it (the derive is generic over the row type). Stored keys of
/// closed lists decode through `keys::StoredKey` and `keys::NullableKey`.
pub trait Record: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> {}
impl<T> Record for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> {}

impl Row {
    pub fn get<T: Column>(&self, column: &str) -> Result<T, StoreError> {
        use sqlx::Row as _;
        match self {
            Row::Sqlite(r) => r.try_get(column),
            Row::Postgres(r) => r.try_get(column),
        }
        .map_err(StoreError::from)
    }

    /// The whole row as a [`Record`].
    pub(crate) fn decode<T: Record>(&self) -> Result<T, StoreError> {
        match self {
            Row::Sqlite(r) => T::from_row(r),
            Row::Postgres(r) => T::from_row(r),
        }
        .map_err(StoreError::from)
    }

    /// The first column (a count, an id, a single value).
    pub(crate) fn first<T: Column>(&self) -> Result<T, StoreError> {
        use sqlx::Row as _;
        match self {
            Row::Sqlite(r) => r.try_get(0),
            Row::Postgres(r) => r.try_get(0),
        }
        .map_err(StoreError::from)
    }
}

macro_rules! bind_all {
    ($query:expr, $params:expr) => {{
        let mut q = $query;
        for p in $params {
            q = match p {
                Value::Int(v) => q.bind(*v),
                Value::Text(v) => q.bind(v.clone()),
                Value::Bool(v) => q.bind(*v),
                Value::Time(v) => q.bind(*v),
                Value::Date(v) => q.bind(*v),
            };
        }
        q
    }};
}

/// Runs `$body` with `$conn` bound to the backend's executor and `$wrap`
/// turning a backend row into a [`Row`].
macro_rules! on_backend {
    ($target:expr, |$conn:ident, $wrap:ident| $body:expr) => {
        match $target {
            Target::Sqlite($conn) => {
                let $wrap = Row::Sqlite;
                $body
            }
            Target::Postgres($conn) => {
                let $wrap = Row::Postgres;
                $body
            }
        }
    };
}

/// The typed reads, the same on a [`Db`] and in a [`Tx`] (`$m` is the
/// receiver's `mut`, if any).
macro_rules! typed_reads {
    ($($m:tt)?) => {
        /// Every row as a [`Record`].
        pub(crate) async fn fetch_all_as<T: Record>(&$($m)? self, sql: &str, params: &[Value]) -> Result<Vec<T>, StoreError> {
            self.fetch_all(sql, params).await?.iter().map(Row::decode).collect()
        }

        pub(crate) async fn fetch_optional_as<T: Record>(&$($m)? self, sql: &str, params: &[Value]) -> Result<Option<T>, StoreError> {
            self.fetch_optional(sql, params).await?.as_ref().map(Row::decode).transpose()
        }

        /// The one row as a [`Record`]; no row is [`StoreError::NotFound`].
        pub(crate) async fn fetch_one_as<T: Record>(&$($m)? self, sql: &str, params: &[Value]) -> Result<T, StoreError> {
            self.fetch_one(sql, params).await?.decode()
        }

        /// The first column of the one row; no row is [`StoreError::NotFound`].
        pub(crate) async fn fetch_scalar<T: Column>(&$($m)? self, sql: &str, params: &[Value]) -> Result<T, StoreError> {
            self.fetch_one(sql, params).await?.first()
        }

        pub(crate) async fn fetch_optional_scalar<T: Column>(&$($m)? self, sql: &str, params: &[Value]) -> Result<Option<T>, StoreError> {
            self.fetch_optional(sql, params).await?.as_ref().map(Row::first).transpose()
        }

        /// The first column of every row.
        pub(crate) async fn fetch_all_scalar<T: Column>(&$($m)? self, sql: &str, params: &[Value]) -> Result<Vec<T>, StoreError> {
            self.fetch_all(sql, params).await?.iter().map(Row::first).collect()
        }
    };
}

// SQL text reaches sqlx as `AssertSqlSafe`: it is built only from this
// crate's constants and `$N` placeholders; values always travel as parameters.
enum Target<'a> {
    Sqlite(&'a mut sqlx::SqliteConnection),
    Postgres(&'a mut sqlx::PgConnection),
}

impl Target<'_> {
    async fn fetch_all(self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        on_backend!(self, |conn, wrap| {
            Ok(bind_all!(sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())), params)
                .fetch_all(conn)
                .await?
                .into_iter()
                .map(wrap)
                .collect())
        })
    }

    async fn fetch_optional(self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError> {
        on_backend!(self, |conn, wrap| {
            Ok(bind_all!(sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())), params)
                .fetch_optional(conn)
                .await?
                .map(wrap))
        })
    }

    async fn execute(self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        on_backend!(self, |conn, _wrap| {
            Ok(bind_all!(sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())), params).execute(conn).await?.rows_affected())
        })
    }
}

/// The database handle the application holds; cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
}

/// A transaction: every write and its audit row go through one of these.
pub struct Tx {
    inner: TxInner,
}

enum TxInner {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Db {
    /// Connects to `sqlite://path` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        let pool = match backend_of(url)? {
            Backend::Sqlite => {
                // WAL lets readers run beside the writer; synchronous=FULL
                // syncs the WAL on every commit, so an acknowledged write
                // survives a crash or power loss.
                let options = SqliteConnectOptions::from_str(url)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    // `COLLATE "C"` in shared SQL: code-point order, as
                    // PostgreSQL's "C" collation, whatever the server's locale.
                    .collation("C", |a: &str, b: &str| a.cmp(b))
                    .busy_timeout(Duration::from_secs(10));
                Pool::Sqlite(SqlitePoolOptions::new().max_connections(8).connect_with(options).await?)
            }
            Backend::Postgres => Pool::Postgres(
                PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?,
            ),
        };
        Ok(Db { pool })
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Brings the schema up to date. Each backend has its own migrations
    /// folder with the same intent; see `migrations/README.md`.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::migrate!("migrations/sqlite").run(p).await?,
            Pool::Postgres(p) => sqlx::migrate!("migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    pub async fn begin(&self) -> Result<Tx, StoreError> {
        let inner = match &self.pool {
            // BEGIN IMMEDIATE takes the write lock up front, so two writers
            // never both read and then fail to upgrade (SQLITE_BUSY mid-way).
            Pool::Sqlite(p) => TxInner::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(p) => TxInner::Postgres(p.begin().await?),
        };
        Ok(Tx { inner })
    }

    /// A read-only snapshot: every query in it sees the database as it was
    /// at its first read, while writers go on (WAL on SQLite, repeatable
    /// read on PostgreSQL). Used for exports and backups.
    pub async fn begin_read(&self) -> Result<Tx, StoreError> {
        let inner = match &self.pool {
            Pool::Sqlite(p) => TxInner::Sqlite(p.begin_with("BEGIN DEFERRED").await?),
            Pool::Postgres(p) => {
                TxInner::Postgres(p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?)
            }
        };
        Ok(Tx { inner })
    }

    /// SQLite only: a consistent copy of the whole database into a new file
    /// at `path` (`VACUUM INTO`), safe while writers run, never a file copy
    /// of a live WAL database. Then checks the copy's integrity.
    pub async fn vacuum_into(&self, path: &str) -> Result<(), StoreError> {
        if self.backend() != Backend::Sqlite {
            return Err(StoreError::Malformed("VACUUM INTO is SQLite's; use the portable export".into()));
        }
        self.execute("VACUUM INTO $1", &[path.into()]).await?;
        let copy = Db::connect(&format!("sqlite://{path}")).await?;
        let verdict: String = copy.fetch_scalar("PRAGMA integrity_check", &[]).await?;
        copy.close().await;
        if verdict != "ok" {
            return Err(StoreError::Malformed(format!("the backup failed its integrity check: {verdict}")));
        }
        Ok(())
    }

    /// Answers whether the database takes queries (for `/readyz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.fetch_one("SELECT 1 AS one", &[]).await.map(|_| ())
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }

    async fn with<R>(&self, f: impl AsyncFnOnce(Target<'_>) -> Result<R, StoreError>) -> Result<R, StoreError> {
        match &self.pool {
            Pool::Sqlite(p) => f(Target::Sqlite(&mut *p.acquire().await?)).await,
            Pool::Postgres(p) => f(Target::Postgres(&mut *p.acquire().await?)).await,
        }
    }

    pub(crate) async fn fetch_all(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        self.with(async |t| t.fetch_all(sql, params).await).await
    }

    pub(crate) async fn fetch_optional(&self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError> {
        self.with(async |t| t.fetch_optional(sql, params).await).await
    }

    pub(crate) async fn fetch_one(&self, sql: &str, params: &[Value]) -> Result<Row, StoreError> {
        self.fetch_optional(sql, params).await?.ok_or(StoreError::NotFound)
    }

    pub(crate) async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        self.with(async |t| t.execute(sql, params).await).await
    }

    typed_reads!();
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) => Backend::Postgres,
        }
    }

    fn target(&mut self) -> Target<'_> {
        match &mut self.inner {
            TxInner::Sqlite(t) => Target::Sqlite(t),
            TxInner::Postgres(t) => Target::Postgres(t),
        }
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        match self.inner {
            TxInner::Sqlite(t) => t.commit().await?,
            TxInner::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub(crate) async fn fetch_all(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        self.target().fetch_all(sql, params).await
    }

    pub(crate) async fn fetch_optional(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError> {
        self.target().fetch_optional(sql, params).await
    }

    pub(crate) async fn fetch_one(&mut self, sql: &str, params: &[Value]) -> Result<Row, StoreError> {
        self.fetch_optional(sql, params).await?.ok_or(StoreError::NotFound)
    }

    pub(crate) async fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        self.target().execute(sql, params).await
    }

    typed_reads!(mut);
}

pub fn backend_of(url: &str) -> Result<Backend, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Backend::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else {
        Err(StoreError::UnsupportedUrl)
    }
}

/// Raw SQL for tests that set up or inspect states no use case produces (a
/// date stored before the range check, a count of every row). Raw queries
/// are otherwise the store's own, so that nothing outside it reads or writes
/// a table without going through a use case and its permit; the feature is
/// switched on only by test harnesses (dev-dependencies).
#[cfg(feature = "testing")]
pub mod testing {
    use super::{Db, Row, Tx, Value};
    use crate::StoreError;

    /// The store's raw queries on a [`Db`], under their own names.
    #[allow(async_fn_in_trait)]
    pub trait RawSql {
        async fn fetch_all(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError>;
        async fn fetch_optional(&self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError>;
        async fn fetch_one(&self, sql: &str, params: &[Value]) -> Result<Row, StoreError>;
        async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;
    }

    impl RawSql for Db {
        async fn fetch_all(&self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
            Db::fetch_all(self, sql, params).await
        }
        async fn fetch_optional(&self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError> {
            Db::fetch_optional(self, sql, params).await
        }
        async fn fetch_one(&self, sql: &str, params: &[Value]) -> Result<Row, StoreError> {
            Db::fetch_one(self, sql, params).await
        }
        async fn execute(&self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
            Db::execute(self, sql, params).await
        }
    }

    /// The same inside a [`Tx`].
    #[allow(async_fn_in_trait)]
    pub trait RawSqlTx {
        async fn fetch_all(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError>;
        async fn fetch_optional(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError>;
        async fn fetch_one(&mut self, sql: &str, params: &[Value]) -> Result<Row, StoreError>;
        async fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;
    }

    impl RawSqlTx for Tx {
        async fn fetch_all(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
            Tx::fetch_all(self, sql, params).await
        }
        async fn fetch_optional(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, StoreError> {
            Tx::fetch_optional(self, sql, params).await
        }
        async fn fetch_one(&mut self, sql: &str, params: &[Value]) -> Result<Row, StoreError> {
            Tx::fetch_one(self, sql, params).await
        }
        async fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
            Tx::execute(self, sql, params).await
        }
    }
}
