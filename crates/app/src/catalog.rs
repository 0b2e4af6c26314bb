//! Segments (operating models) and the service catalogue.

use kumppani_domain::{CatalogEntryDraft, Invalid, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::catalog;
pub use kumppani_store::catalog::{CatalogEntry, Kind};
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

pub async fn list(db: &Db, _: &Permit<ReadCatalog>, kind: Kind) -> Result<Vec<CatalogEntry>, AppError> {
    Ok(catalog::list(db, kind).await?)
}

/// Ids and names only, for pickers and filters.
pub async fn names(db: &Db, _: &Permit<ReadCatalog>, kind: Kind) -> Result<Vec<(i64, String)>, AppError> {
    Ok(catalog::names(db, kind).await?)
}

pub async fn get(db: &Db, _: &Permit<ReadCatalog>, kind: Kind, id: i64) -> Result<CatalogEntry, AppError> {
    Ok(catalog::get(db, kind, id).await?)
}

pub async fn create(
    db: &Db,
    permit: &Permit<EditCatalog>,
    kind: Kind,
    draft: &CatalogEntryDraft,
) -> Result<CatalogEntry, AppError> {
    let actor = permit.actor();
    let valid = draft.validate()?;
    let mut tx = db.begin().await?;
    let id = catalog::insert(&mut tx, kind, &valid).await.map_err(duplicate_name)?;
    let created = catalog::get_in(&mut tx, kind, id).await?;
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
    draft: &CatalogEntryDraft,
) -> Result<CatalogEntry, AppError> {
    let actor = permit.actor();
    let valid = draft.validate()?;
    let mut tx = db.begin().await?;
    let before = catalog::get_in(&mut tx, kind, id).await?;
    catalog::update(&mut tx, kind, id, version, &valid).await.map_err(duplicate_name)?;
    let after = catalog::get_in(&mut tx, kind, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, actor, Action::Update, target(kind, id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}
