//! Segments (operating models) and the service catalogue.

use kumppani_domain::{Invalid, NamedDraft, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::named;
pub use kumppani_store::named::{Kind, Named};
use kumppani_store::{Db, StoreError};

use crate::policy::Permit;
use crate::policy::cap::{EditCatalog, ReadCatalog};
use crate::{AppError, audit_change};

fn target(kind: Kind, id: i64) -> Target<'static> {
    Target { entity: kind.entity(), entity_id: Some(id), subject: Some((kind.entity(), id)) }
}

fn duplicate_name(e: StoreError) -> AppError {
    match e {
        StoreError::Duplicate { .. } => Invalid::one("name", "error-name-taken").into(),
        other => other.into(),
    }
}

pub async fn list(db: &Db, _: &Permit<ReadCatalog>, kind: Kind) -> Result<Vec<Named>, AppError> {
    Ok(named::list(db, kind).await?)
}

/// Ids and names only, for pickers and filters.
pub async fn names(db: &Db, _: &Permit<ReadCatalog>, kind: Kind) -> Result<Vec<(i64, String)>, AppError> {
    Ok(named::names(db, kind).await?)
}

pub async fn get(db: &Db, _: &Permit<ReadCatalog>, kind: Kind, id: i64) -> Result<Named, AppError> {
    Ok(named::get(db, kind, id).await?)
}

pub async fn create(db: &Db, permit: &Permit<EditCatalog>, kind: Kind, draft: &NamedDraft) -> Result<Named, AppError> {
    let actor = permit.actor();
    let valid = draft.validate()?;
    let mut tx = db.begin().await?;
    let id = named::insert(&mut tx, kind, &valid).await.map_err(duplicate_name)?;
    let created = named::get_in(&mut tx, kind, id).await?;
    audit_change(&mut tx, actor, Action::Create, target(kind, id), &diff(None, Some(&created.audit_fields()))).await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn update(
    db: &Db,
    permit: &Permit<EditCatalog>,
    kind: Kind,
    id: i64,
    version: i64,
    draft: &NamedDraft,
) -> Result<Named, AppError> {
    let actor = permit.actor();
    let valid = draft.validate()?;
    let mut tx = db.begin().await?;
    let before = named::get_in(&mut tx, kind, id).await?;
    named::update(&mut tx, kind, id, version, &valid).await.map_err(duplicate_name)?;
    let after = named::get_in(&mut tx, kind, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, actor, Action::Update, target(kind, id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}
