//! The routing rules (SPEC §5): read by everyone who reads contacts, kept
//! by the unit head and administrators. Changing a rule changes how new
//! contacts are routed; contacts already routed keep their decision.

use kumppani_domain::diff;
use kumppani_domain::routing::RuleDraft;
use kumppani_store::audit::{Action, Target};
pub use kumppani_store::routing_rules::RoutingRule;
use kumppani_store::{Db, catalog, routing_rules};

use crate::error::reference;
use crate::policy::Permit;
use crate::policy::cap::{EditRouting, ReadRequests};
use crate::{AppError, audit_change};

fn target(id: i64) -> Target<'static> {
    Target { entity: "routing_rule", entity_id: Some(id), subject: None }
}

/// Every rule, in the order the router tries them.
pub async fn list(db: &Db, _: &Permit<ReadRequests>) -> Result<Vec<RoutingRule>, AppError> {
    Ok(routing_rules::list(db).await?)
}

pub async fn get(db: &Db, _: &Permit<ReadRequests>, id: i64) -> Result<RoutingRule, AppError> {
    Ok(routing_rules::get(db, id).await?)
}

pub async fn create(db: &Db, permit: &Permit<EditRouting>, draft: &RuleDraft) -> Result<RoutingRule, AppError> {
    let valid = draft.validate()?;
    let mut tx = db.begin().await?;
    if let Some(service) = valid.service_id {
        reference(catalog::get_in(&mut tx, catalog::Kind::Service, service).await, "service_id")?;
    }
    let id = routing_rules::insert(&mut tx, &valid).await?;
    let created = routing_rules::get_in(&mut tx, id).await?;
    audit_change(&mut tx, permit.actor(), Action::Create, target(id), &diff(None, Some(&created.audit_fields())))
        .await?;
    tx.commit().await?;
    Ok(created)
}

/// Changes a rule (switching it off is `active: false`; a rule that routed
/// contacts is kept so their records still name it).
pub async fn update(
    db: &Db,
    permit: &Permit<EditRouting>,
    id: i64,
    version: i64,
    draft: &RuleDraft,
) -> Result<RoutingRule, AppError> {
    let mut tx = db.begin().await?;
    let before = routing_rules::get_in(&mut tx, id).await?;
    let valid = draft.validate()?;
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    if let Some(service) = valid.service_id {
        reference(catalog::get_in(&mut tx, catalog::Kind::Service, service).await, "service_id")?;
    }
    routing_rules::update(&mut tx, id, version, &valid).await?;
    let after = routing_rules::get_in(&mut tx, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, permit.actor(), Action::Update, target(id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}

pub fn draft_of(r: &RoutingRule) -> RuleDraft {
    RuleDraft {
        name: r.name.clone(),
        position: Some(r.position),
        channel: r.channel.as_str().to_owned(),
        kinds: r.kind_list().iter().map(|k| k.as_str().to_owned()).collect(),
        service_id: r.service_id,
        keywords: Some(r.keyword_list().join("\n")).filter(|k| !k.is_empty()),
        sender: Some(r.sender.clone()).filter(|s| !s.is_empty()),
        active: r.active,
    }
}
