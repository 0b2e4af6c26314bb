//! User administration.

use kumppani_domain::{Invalid, UserDraft, diff, drafts::check_password};
use kumppani_store::audit::{Action, Target};
use kumppani_store::users;
pub use kumppani_store::users::User;
use kumppani_store::{Db, StoreError, sessions};

use crate::policy::Permit;
use crate::policy::cap::{ManageUsers, ReadUsers};
use crate::{AppError, audit_change, auth};

fn target(id: i64) -> Target<'static> {
    Target { entity: "user", entity_id: Some(id), subject: Some(("user", id)) }
}

fn duplicate_username(e: StoreError) -> AppError {
    match e {
        StoreError::Duplicate { .. } => Invalid::one("username", "error-username-taken").into(),
        other => other.into(),
    }
}

pub async fn list(db: &Db, _: &Permit<ReadUsers>) -> Result<Vec<User>, AppError> {
    Ok(users::list(db).await?)
}

pub async fn get(db: &Db, _: &Permit<ReadUsers>, id: i64) -> Result<User, AppError> {
    Ok(users::get(db, id).await?)
}

/// Creates a user; with a password they can sign in at once.
pub async fn create(
    db: &Db,
    permit: &Permit<ManageUsers>,
    draft: &UserDraft,
    password: Option<&str>,
) -> Result<User, AppError> {
    let actor = permit.actor();
    let valid = draft.validate();
    let password_check = password.map(check_password).transpose();
    let valid = match (valid, password_check) {
        (Ok(v), Ok(_)) => v,
        (v, p) => {
            let mut errors = v.err().unwrap_or_default();
            if let Err(code) = p {
                errors.push("password", code);
            }
            return Err(errors.into());
        }
    };
    let hash = password.map(auth::hash_password).transpose()?;
    let mut tx = db.begin().await?;
    let id = users::insert(&mut tx, &valid, hash.as_deref()).await.map_err(duplicate_username)?;
    let created = users::get_in(&mut tx, id).await?;
    audit_change(&mut tx, actor, Action::Create, target(id), &diff(None, Some(&created.audit_fields()))).await?;
    tx.commit().await?;
    Ok(created)
}

/// Updates a user; disabling one ends their sessions at once.
pub async fn update(
    db: &Db,
    permit: &Permit<ManageUsers>,
    id: i64,
    version: i64,
    draft: &UserDraft,
) -> Result<User, AppError> {
    let actor = permit.actor();
    let valid = draft.validate()?;
    let mut tx = db.begin().await?;
    let before = users::get_in(&mut tx, id).await?;
    users::update(&mut tx, id, version, &valid).await.map_err(duplicate_username)?;
    if !valid.active {
        sessions::delete_for_user(&mut tx, id).await?;
    }
    let after = users::get_in(&mut tx, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, actor, Action::Update, target(id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}

pub fn draft_of(u: &User) -> UserDraft {
    UserDraft {
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        email: u.email.clone(),
        role: u.role.as_str().to_owned(),
        active: u.active,
    }
}

/// A user by username (for the command line).
pub async fn find(db: &Db, _: &Permit<ManageUsers>, username: &str) -> Result<User, AppError> {
    users::credentials(db, &username.trim().to_lowercase()).await?.map(|(u, _)| u).ok_or(AppError::NotFound)
}
