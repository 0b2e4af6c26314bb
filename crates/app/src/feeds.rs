//! Calendar feeds: ICS subscriptions to one customer's, one partnership
//! manager's or the whole centre's dated plan events (critical updates,
//! budget meetings, needs, marketing actions, reviews due). A feed URL
//! carries a 256-bit secret of which only the hash is kept. Calendar
//! programs cannot sign in, so a fetch acts with the feed owner's rights as
//! they stand at that moment: a disabled owner, or one who may no longer
//! read plans, has dead feeds.

use chrono::{Duration, NaiveDate};
use kumppani_domain::{Actor, Change, Invalid};
use kumppani_store::audit::{Action, Target};
use kumppani_store::feeds;
pub use kumppani_store::feeds::{Feed, FeedScope};
use kumppani_store::plans::Which;
use kumppani_store::{Db, customers, users};

use crate::auth::{new_token, token_hash};
use crate::error::reference;
use crate::plans::assemble::CustomerEvent;
use crate::policy::cap::ReadPlans;
use crate::policy::{Permit, deny};
use crate::{AppError, audit_change};

/// Feed secrets are recognisable in logs and secret scanners by this prefix.
pub const PREFIX: &str = "kcal_";

/// How far back a feed reaches: calendar programs keep what they have seen,
/// so older events add only download weight.
const HISTORY_DAYS: i64 = 365;

fn target(user_id: i64, id: i64) -> Target<'static> {
    Target { entity: "calendar_feed", entity_id: Some(id), subject: Some(("user", user_id)) }
}

fn own(actor: &Actor) -> Result<i64, AppError> {
    actor.id().ok_or(AppError::Forbidden)
}

/// The caller's own feeds, newest first.
pub async fn list(db: &Db, permit: &Permit<ReadPlans>) -> Result<Vec<Feed>, AppError> {
    Ok(feeds::for_user(db, own(permit.actor())?).await?)
}

fn scope_label(scope: FeedScope) -> String {
    match scope {
        FeedScope::Customer { customer_id } => format!("customer {customer_id}"),
        FeedScope::Manager { manager_id } => format!("manager {manager_id}"),
        FeedScope::Centre => "centre".to_owned(),
    }
}

/// A feed's scope from a form or a request: `scope` is `customer`,
/// `manager` or `centre`, with the id the first two need.
pub fn scope_of(scope: &str, customer_id: Option<i64>, manager_id: Option<i64>) -> Result<FeedScope, Invalid> {
    match (scope.trim(), customer_id, manager_id) {
        ("customer", Some(customer_id), _) => Ok(FeedScope::Customer { customer_id }),
        ("customer", None, _) => Err(Invalid::one("customer_id", "error-required")),
        ("manager", _, Some(manager_id)) => Ok(FeedScope::Manager { manager_id }),
        ("manager", _, None) => Err(Invalid::one("manager_id", "error-required")),
        ("centre", _, _) => Ok(FeedScope::Centre),
        ("", _, _) => Err(Invalid::one("scope", "error-required")),
        _ => Err(Invalid::one("scope", "error-choice")),
    }
}

/// Creates a feed and returns it with its secret, which is shown only now.
/// `lang` is the language its titles will be written in.
pub async fn create(
    db: &Db,
    permit: &Permit<ReadPlans>,
    scope: FeedScope,
    lang: &str,
) -> Result<(Feed, String), AppError> {
    let user_id = own(permit.actor())?;
    if !matches!(lang, "fi" | "sv" | "en") {
        return Err(Invalid::one("lang", "error-choice").into());
    }
    let mut tx = db.begin().await?;
    match scope {
        FeedScope::Customer { customer_id } => {
            reference(customers::get_in(&mut tx, customer_id).await.map(drop), "customer_id")?;
        }
        FeedScope::Manager { manager_id } => {
            let manager = reference(users::get_in(&mut tx, manager_id).await, "manager_id")?;
            if !manager.role.can_hold_customers() {
                return Err(Invalid::one("manager_id", "error-not-a-manager").into());
            }
        }
        FeedScope::Centre => {}
    }
    let secret = format!("{PREFIX}{}", new_token());
    let id = feeds::insert(&mut tx, user_id, scope, lang, &token_hash(&secret)).await?;
    let feed = feeds::get_in(&mut tx, id).await?;
    let change = Change { field: "scope".into(), old: None, new: Some(scope_label(scope)) };
    audit_change(&mut tx, permit.actor(), Action::Create, target(user_id, id), &[change]).await?;
    tx.commit().await?;
    Ok((feed, secret))
}

/// Revokes one of the caller's feeds; its URL answers 404 from now on.
pub async fn revoke(db: &Db, actor: &Actor, id: i64, version: i64) -> Result<(), AppError> {
    let user_id = own(actor)?;
    let mut tx = db.begin().await?;
    let feed = feeds::get_in(&mut tx, id).await?;
    if feed.user_id != user_id {
        // Someone else's feed looks like no feed at all; the attempt is recorded.
        drop(tx);
        return Err(deny(db, actor, "calendar_feed", Some(id), AppError::NotFound).await);
    }
    feeds::revoke(&mut tx, id, version).await?;
    let change = Change { field: "revoked".into(), old: None, new: Some("true".into()) };
    audit_change(&mut tx, actor, Action::Update, target(user_id, id), &[change]).await?;
    tx.commit().await?;
    Ok(())
}

/// What a fetch of a live feed returns: the feed and its events by date.
pub struct Fetched {
    pub feed: Feed,
    pub events: Vec<CustomerEvent>,
}

/// The feed behind a presented secret (with or without a trailing `.ics`),
/// read with its owner's current rights. `None` for an unknown, revoked or
/// dead feed: the caller answers 404 to all alike.
pub async fn fetch(db: &Db, secret: &str, today: NaiveDate) -> Result<Option<Fetched>, AppError> {
    let secret = secret.strip_suffix(".ics").unwrap_or(secret);
    if !secret.starts_with(PREFIX) {
        return Ok(None);
    }
    let Some(feed) = feeds::lookup(db, &token_hash(secret)).await? else { return Ok(None) };
    let owner = users::get(db, feed.user_id).await?;
    let actor = Actor::from(&owner);
    // A calendar program polls every few minutes: a feed whose owner lost
    // the right is simply dead, not a refusal to audit at each poll.
    if !crate::policy::allows(owner.role, crate::policy::Capability::ReadPlans) {
        return Ok(None);
    }
    let permit = crate::policy::permit::<ReadPlans>(db, &actor).await?;
    let which = match feed.scope {
        FeedScope::Customer { customer_id } => Which::Customer(customer_id),
        FeedScope::Manager { manager_id } => Which::Portfolio { manager_id: Some(manager_id) },
        FeedScope::Centre => Which::Portfolio { manager_id: None },
    };
    let from = today - Duration::days(HISTORY_DAYS);
    let mut events = crate::plans::calendar(db, &permit, which).await?;
    events.retain(|e| e.date >= from);
    let stale = feed.last_used_at.is_none_or(|t| (chrono::Utc::now() - t).num_seconds() >= 60);
    if stale {
        feeds::touch(db, feed.id).await?;
    }
    Ok(Some(Fetched { feed, events }))
}
