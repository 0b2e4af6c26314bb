//! Sign-in attempts, counted to throttle guessing.

use chrono::{DateTime, Utc};

use crate::{Db, StoreError, Tx, now};

/// Records an attempt and returns its id.
pub async fn record(tx: &mut Tx, username: &str, address: &str, succeeded: bool) -> Result<i64, StoreError> {
    tx.fetch_one(
        "INSERT INTO sign_in_attempts (username, address, at, succeeded) VALUES ($1, $2, $3, $4) RETURNING id",
        &[username.into(), address.into(), now().into(), succeeded.into()],
    )
    .await?
    .get("id")
}

/// Marks an attempt recorded as failed (before judging) as a success.
pub async fn mark_succeeded(tx: &mut Tx, id: i64) -> Result<(), StoreError> {
    tx.execute("UPDATE sign_in_attempts SET succeeded = TRUE WHERE id = $1", &[id.into()]).await?;
    Ok(())
}

/// Failed attempts since `since` for the username and for the address.
pub async fn failures_since(
    db: &Db,
    username: &str,
    address: &str,
    since: DateTime<Utc>,
) -> Result<(i64, i64), StoreError> {
    let row = db
        .fetch_one(
            "SELECT
               (SELECT COUNT(*) FROM sign_in_attempts WHERE username = $1 AND at >= $3 AND NOT succeeded) AS by_user,
               (SELECT COUNT(*) FROM sign_in_attempts WHERE address = $2 AND at >= $3 AND NOT succeeded) AS by_address",
            &[username.into(), address.into(), since.into()],
        )
        .await?;
    Ok((row.get("by_user")?, row.get("by_address")?))
}

/// Forgets attempts older than `before` (they no longer count).
pub async fn prune(db: &Db, before: DateTime<Utc>) -> Result<u64, StoreError> {
    db.execute("DELETE FROM sign_in_attempts WHERE at < $1", &[before.into()]).await
}
