//! User accounts.

use chrono::{DateTime, Utc};
use kumppani_domain::{Actor, Role, ValidUser};
use serde::Serialize;

use crate::{Db, StoreError, Tx, check_updated, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<Role>")]
    pub role: Role,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&User> for Actor {
    /// A signed-in user acts with the role stored for them, nothing else.
    fn from(user: &User) -> Actor {
        Actor::user(user.id, &user.display_name, user.role)
    }
}

impl User {
    /// Whether the user can own work in the centre: be a project's
    /// executive or manager, own a plan event or a stakeholder line. Disabled
    /// accounts and external board members (the customer's people) cannot.
    pub fn is_active_staff(&self) -> bool {
        self.active && self.role != Role::ExternalBoardMember
    }

    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("username", Some(self.username.clone())),
            ("display_name", Some(self.display_name.clone())),
            ("email", self.email.clone()),
            ("role", Some(self.role.as_str().to_owned())),
            ("active", Some(self.active.to_string())),
        ]
    }
}

const COLUMNS: &str = "id, username, display_name, email, role, active, version, created_at, updated_at";
/// [`COLUMNS`] of a `users` table aliased `u`, for joins.
pub(crate) const COLUMNS_OF_U: &str =
    "u.id, u.username, u.display_name, u.email, u.role, u.active, u.version, u.created_at, u.updated_at";

pub async fn get(db: &Db, id: i64) -> Result<User, StoreError> {
    db.fetch_one_as(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"), &[id.into()]).await
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<User, StoreError> {
    tx.fetch_one_as(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"), &[id.into()]).await
}

/// All users, by display name.
pub async fn list(db: &Db) -> Result<Vec<User>, StoreError> {
    db.fetch_all_as(&format!("SELECT {COLUMNS} FROM users ORDER BY display_name COLLATE \"C\", id"), &[]).await
}

/// A user and their password hash, for signing in.
pub async fn credentials(db: &Db, username: &str) -> Result<Option<(User, Option<String>)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Credentials {
        #[sqlx(flatten)]
        user: User,
        password_hash: Option<String>,
    }
    let sql = format!("SELECT {COLUMNS}, password_hash FROM users WHERE username = $1");
    let found: Option<Credentials> = db.fetch_optional_as(&sql, &[username.into()]).await?;
    Ok(found.map(|c| (c.user, c.password_hash)))
}

pub async fn insert(tx: &mut Tx, u: &ValidUser, password_hash: Option<&str>) -> Result<i64, StoreError> {
    let at = now();
    tx.fetch_scalar(
        "INSERT INTO users (username, display_name, email, role, active, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        &[
            u.username.as_str().into(),
            u.display_name.as_str().into(),
            u.email.as_ref().map(|e| e.as_str()).into(),
            u.role.as_str().into(),
            u.active.into(),
            password_hash.into(),
            at.into(),
        ],
    )
    .await
}

pub async fn update(tx: &mut Tx, id: i64, version: i64, u: &ValidUser) -> Result<(), StoreError> {
    let rows = tx
        .execute(
            "UPDATE users SET username = $3, display_name = $4, email = $5, role = $6, active = $7,
                    version = version + 1, updated_at = $8
             WHERE id = $1 AND version = $2",
            &[
                id.into(),
                version.into(),
                u.username.as_str().into(),
                u.display_name.as_str().into(),
                u.email.as_ref().map(|e| e.as_str()).into(),
                u.role.as_str().into(),
                u.active.into(),
                now().into(),
            ],
        )
        .await?;
    check_updated(tx, "users", id, rows).await
}

/// Sets a new password hash; the version moves so open forms notice.
pub async fn set_password(tx: &mut Tx, id: i64, hash: &str) -> Result<(), StoreError> {
    let rows = tx
        .execute(
            "UPDATE users SET password_hash = $2, version = version + 1, updated_at = $3 WHERE id = $1",
            &[id.into(), hash.into(), now().into()],
        )
        .await?;
    if rows == 1 { Ok(()) } else { Err(StoreError::NotFound) }
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.fetch_scalar("SELECT COUNT(*) AS n FROM users", &[]).await
}
