//! Personal API tokens: scripts act with their owner's rights.

use kumppani_domain::{Actor, Change, Invalid, Name};
use kumppani_store::Db;
use kumppani_store::audit::{Action, Target};
use kumppani_store::tokens::{self, ApiToken};

use crate::auth::{new_token, token_hash};
use crate::{AppError, audit_change};

/// Tokens are recognisable in logs and secret scanners by this prefix.
pub const PREFIX: &str = "kpt_";

fn own(actor: &Actor) -> Result<i64, AppError> {
    actor.id.ok_or(AppError::Forbidden)
}

fn target(user_id: i64, id: i64) -> Target<'static> {
    Target { entity: "api_token", entity_id: Some(id), subject: Some(("user", user_id)) }
}

pub async fn list(db: &Db, actor: &Actor) -> Result<Vec<ApiToken>, AppError> {
    Ok(tokens::for_user(db, own(actor)?).await?)
}

/// Creates a token and returns it with its secret, which is shown only now.
pub async fn create(db: &Db, actor: &Actor, name: &str) -> Result<(ApiToken, String), AppError> {
    let user_id = own(actor)?;
    let name = Name::parse(name).map_err(|code| Invalid::one("name", code))?;
    let secret = format!("{PREFIX}{}", new_token());
    let mut tx = db.begin().await?;
    let id = tokens::insert(&mut tx, user_id, name.as_str(), &token_hash(&secret)).await?;
    let token = tokens::get_in(&mut tx, id).await?;
    let change = Change { field: "name".into(), old: None, new: Some(token.name.clone()) };
    audit_change(&mut tx, actor, Action::Create, target(user_id, id), &[change]).await?;
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

/// The owner of a presented token, if it is live.
pub async fn authenticate(db: &Db, secret: &str) -> Result<Option<i64>, AppError> {
    if !secret.starts_with(PREFIX) {
        return Ok(None);
    }
    match tokens::lookup(db, &token_hash(secret)).await? {
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
