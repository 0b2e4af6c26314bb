//! Personal API tokens: scripts act with their owner's rights.

use kumppani_domain::{Actor, Change, Invalid, Name};
use kumppani_store::Db;
use kumppani_store::audit::{Action, Target};
pub use kumppani_store::tokens::ApiToken;
use kumppani_store::users::{self, User};
use kumppani_store::{StoreError, tokens};

use crate::auth::{new_token, token_hash};
use crate::{AppError, audit_change};

/// Tokens are recognisable in logs and secret scanners by this prefix.
pub const PREFIX: &str = "kpt_";

/// How long a token lives when its creator does not say.
pub const DEFAULT_DAYS: i64 = 90;
/// The longest a token may live: a forgotten script's token dies within a
/// year at most.
pub const MAX_DAYS: i64 = 365;

fn own(actor: &Actor) -> Result<i64, AppError> {
    actor.id().ok_or(AppError::Forbidden)
}

fn target(user_id: i64, id: i64) -> Target<'static> {
    Target { entity: "api_token", entity_id: Some(id), subject: Some(("user", user_id)) }
}

pub async fn list(db: &Db, actor: &Actor) -> Result<Vec<ApiToken>, AppError> {
    Ok(tokens::for_user(db, own(actor)?).await?)
}

/// Days a token may live: 1 to [`MAX_DAYS`], [`DEFAULT_DAYS`] when not said.
fn lifetime(days: Option<i64>) -> Result<i64, &'static str> {
    match days.unwrap_or(DEFAULT_DAYS) {
        days @ 1..=MAX_DAYS => Ok(days),
        _ => Err("error-token-expiry"),
    }
}

/// Creates a token that lives `days` days (default [`DEFAULT_DAYS`], at
/// most [`MAX_DAYS`]) and returns it with its secret, which is shown only now.
pub async fn create(db: &Db, actor: &Actor, name: &str, days: Option<i64>) -> Result<(ApiToken, String), AppError> {
    let user_id = own(actor)?;
    let mut errors = Invalid::default();
    let name = errors.check("name", Name::parse(name));
    let days = errors.check("expires_in_days", lifetime(days));
    let (Some(name), Some(days)) = (name, days) else {
        return Err(errors.into());
    };
    let secret = format!("{PREFIX}{}", new_token());
    let expires_at = chrono::Utc::now() + chrono::Duration::days(days);
    let mut tx = db.begin().await?;
    let id = tokens::insert(&mut tx, user_id, name.as_str(), &token_hash(&secret), expires_at).await?;
    let token = tokens::get_in(&mut tx, id).await?;
    let changes = [
        Change { field: "name".into(), old: None, new: Some(token.name.clone()) },
        Change { field: "expires_at".into(), old: None, new: Some(token.expires_at.to_rfc3339()) },
    ];
    audit_change(&mut tx, actor, Action::Create, target(user_id, id), &changes).await?;
    tx.commit().await?;
    Ok((token, secret))
}

/// Revokes one of the actor's own tokens.
pub async fn revoke(db: &Db, actor: &Actor, id: i64, version: i64) -> Result<(), AppError> {
    let user_id = own(actor)?;
    let mut tx = db.begin().await?;
    let token = tokens::get_in(&mut tx, id).await?;
    if token.user_id != user_id {
        // Someone else's token looks like no token at all, but the attempt
        // is recorded.
        drop(tx);
        return Err(crate::policy::deny(db, actor, "api_token", Some(id), AppError::NotFound).await);
    }
    tokens::revoke(&mut tx, id, version).await?;
    let change = Change { field: "revoked".into(), old: None, new: Some("true".into()) };
    audit_change(&mut tx, actor, Action::Update, target(user_id, id), &[change]).await?;
    tx.commit().await?;
    Ok(())
}

/// Revokes every live token of a user, one audit row per token. Called in
/// the password change's transaction: a new password ends what the old one
/// may have let someone create.
pub(crate) async fn revoke_all(tx: &mut kumppani_store::Tx, actor: &Actor, user_id: i64) -> Result<(), AppError> {
    for token in tokens::revoke_all_for_user(tx, user_id).await? {
        let change = Change { field: "revoked".into(), old: None, new: Some("true".into()) };
        audit_change(tx, actor, Action::Update, target(user_id, token.id), &[change]).await?;
    }
    Ok(())
}

/// The owner of a presented token, if it is live: not revoked, not
/// expired, its owner active.
async fn authenticate(db: &Db, secret: &str) -> Result<Option<i64>, AppError> {
    if !secret.starts_with(PREFIX) {
        return Ok(None);
    }
    match tokens::lookup(db, &token_hash(secret), chrono::Utc::now()).await? {
        Some((id, user_id, last_used)) => {
            let stale = last_used.is_none_or(|t| (chrono::Utc::now() - t).num_seconds() >= 60);
            if stale {
                tokens::touch(db, id).await?;
            }
            Ok(Some(user_id))
        }
        None => Ok(None),
    }
}

/// The user an `Authorization: Bearer` secret acts for, if the token is
/// live and its owner still exists.
pub async fn user_of(db: &Db, secret: &str) -> Result<Option<User>, AppError> {
    let Some(user_id) = authenticate(db, secret).await? else {
        return Ok(None);
    };
    match users::get(db, user_id).await {
        Ok(user) => Ok(Some(user)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
