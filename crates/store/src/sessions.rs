//! Sign-in sessions, kept in the database so that instances share them.

use chrono::{DateTime, Utc};

use crate::users::User;
use crate::{Db, StoreError, Tx, now};

pub async fn create(tx: &mut Tx, token_hash: &str, user_id: i64) -> Result<(), StoreError> {
    let at = now();
    tx.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen) VALUES ($1, $2, $3, $3)",
        &[token_hash.into(), user_id.into(), at.into()],
    )
    .await?;
    Ok(())
}

/// The user of a live session of an active user, if any, with the
/// session's start and last use (the caller applies the timeouts).
pub async fn lookup(db: &Db, token_hash: &str) -> Result<Option<(User, DateTime<Utc>, DateTime<Utc>)>, StoreError> {
    // The user comes with the session in one query: every signed-in
    // request asks, and each query is a round trip to a database thread.
    let sql = format!(
        "SELECT {}, s.created_at AS session_created_at, s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND u.active",
        crate::users::COLUMNS_OF_U
    );
    #[derive(sqlx::FromRow)]
    struct Live {
        #[sqlx(flatten)]
        user: User,
        session_created_at: DateTime<Utc>,
        last_seen: DateTime<Utc>,
    }
    let live: Option<Live> = db.fetch_optional_as(&sql, &[token_hash.into()]).await?;
    Ok(live.map(|l| (l.user, l.session_created_at, l.last_seen)))
}

/// Marks the session used now. Called at most once a minute per session
/// so that reads do not turn into writes.
pub async fn touch(db: &Db, token_hash: &str) -> Result<(), StoreError> {
    db.execute("UPDATE sessions SET last_seen = $2 WHERE token_hash = $1", &[token_hash.into(), now().into()]).await?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, token_hash: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM sessions WHERE token_hash = $1", &[token_hash.into()]).await?;
    Ok(())
}

/// Ends every session of a user (password change, disabling).
pub async fn delete_for_user(tx: &mut Tx, user_id: i64) -> Result<(), StoreError> {
    tx.execute("DELETE FROM sessions WHERE user_id = $1", &[user_id.into()]).await?;
    Ok(())
}
