//! Sign-in attempts, counted to throttle guessing. The rules that use the
//! counts live in `kumppani_app::auth`.

use chrono::{DateTime, Utc};

use crate::{Db, StoreError, Tx, now};

/// Records an attempt, as a failure until it is judged, and returns its id.
pub async fn record(tx: &mut Tx, username: &str, address: &str) -> Result<i64, StoreError> {
    tx.fetch_scalar(
        "INSERT INTO sign_in_attempts (username, address, at, succeeded) VALUES ($1, $2, $3, FALSE) RETURNING id",
        &[username.into(), address.into(), now().into()],
    )
    .await
}

/// Marks an attempt recorded as failed (before judging) as a success.
pub async fn mark_succeeded(tx: &mut Tx, id: i64) -> Result<(), StoreError> {
    tx.execute("UPDATE sign_in_attempts SET succeeded = TRUE WHERE id = $1", &[id.into()]).await?;
    Ok(())
}

/// Marks an attempt as refused by the throttle: no password was checked, so
/// it no longer counts as a failure.
pub async fn mark_throttled(db: &Db, id: i64) -> Result<(), StoreError> {
    db.execute("UPDATE sign_in_attempts SET throttled = TRUE WHERE id = $1", &[id.into()]).await?;
    Ok(())
}

/// What the throttle weighs for one attempt. Failures are password checks
/// that failed (attempts not yet judged count as failures, so that parallel
/// guesses see each other); throttled attempts are left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Counts {
    /// Failures for this username from this address since `since`.
    pub pair: i64,
    /// Failures from this address, any username, since `since`.
    #[sqlx(rename = "by_address")]
    pub address: i64,
    /// Failures for this username from any address since `since`.
    #[sqlx(rename = "by_account")]
    pub account: i64,
    /// Attempts for this username that were (or are being) judged since
    /// `recent`, successes included.
    pub recent_checks: i64,
    /// Successful sign-ins of this username from this address since `known`.
    pub successes_here: i64,
}

/// Where the counts start.
#[derive(Debug, Clone, Copy)]
pub struct Since {
    pub since: DateTime<Utc>,
    pub recent: DateTime<Utc>,
    pub known: DateTime<Utc>,
}

/// The counts for a username and an address.
pub async fn counts(db: &Db, username: &str, address: &str, at: Since) -> Result<Counts, StoreError> {
    db.fetch_one_as(
        "SELECT
               (SELECT COUNT(*) FROM sign_in_attempts WHERE username = $1 AND address = $2 AND at >= $3
                  AND NOT succeeded AND NOT throttled) AS pair,
               (SELECT COUNT(*) FROM sign_in_attempts WHERE address = $2 AND at >= $3
                  AND NOT succeeded AND NOT throttled) AS by_address,
               (SELECT COUNT(*) FROM sign_in_attempts WHERE username = $1 AND at >= $3
                  AND NOT succeeded AND NOT throttled) AS by_account,
               (SELECT COUNT(*) FROM sign_in_attempts WHERE username = $1 AND at >= $4
                  AND NOT throttled) AS recent_checks,
               (SELECT COUNT(*) FROM sign_in_attempts WHERE username = $1 AND address = $2 AND at >= $5
                  AND succeeded) AS successes_here",
        &[username.into(), address.into(), at.since.into(), at.recent.into(), at.known.into()],
    )
    .await
}

/// Forgets failures older than `failures_before` and successes older than
/// `successes_before` (they no longer count). Returns how many went.
pub async fn prune(
    db: &Db,
    failures_before: DateTime<Utc>,
    successes_before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    db.execute(
        "DELETE FROM sign_in_attempts WHERE at < $1 AND (NOT succeeded OR at < $2)",
        &[failures_before.into(), successes_before.into()],
    )
    .await
}
