//! Passwords and sessions.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use kumppani_domain::{Actor, Invalid, drafts::check_password};
use kumppani_store::audit::{Action, Target};
use kumppani_store::{Db, attempts, sessions, users};
use rand::RngCore;

use crate::AppError;

/// Argon2id with the crate's defaults (OWASP's recommended parameters).
pub fn hash_password(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(e.to_string()))
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A hash of a password nobody has, verified when the user does not exist so
/// that unknown users and wrong passwords take the same time.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password that matches nothing").unwrap_or_default())
}

/// The SHA-256 of a session token, as stored.
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Failed sign-ins counted per account and per address within
/// [`THROTTLE_WINDOW`]; reaching a limit refuses further attempts until the
/// window has passed. Documented in docs/ARCHITECTURE.md.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const THROTTLE_WINDOW: chrono::Duration = chrono::Duration::minutes(15);

/// Checks a username and password; on success opens a session and returns
/// its token (for the cookie) and the user. Both outcomes are audited, and
/// each attempt counts towards throttling. Unknown users and wrong passwords
/// take the same time and give the same answer.
pub async fn sign_in(
    db: &Db,
    username: &str,
    password: &str,
    address: &str,
) -> Result<(String, users::User), AppError> {
    let username = username.trim().to_lowercase();
    let username: String = username.chars().take(64).collect();
    // The attempt is recorded (as a failure) before it is judged, so that
    // parallel guesses see each other: of any burst, at most the allowed
    // number get as far as the password check.
    let mut tx = db.begin().await?;
    let attempt = attempts::record(&mut tx, &username, address, false).await?;
    tx.commit().await?;
    let since = chrono::Utc::now() - THROTTLE_WINDOW;
    let (by_user, by_address) = attempts::failures_since(db, &username, address, since).await?;
    if by_user > MAX_FAILURES_PER_ACCOUNT || by_address > MAX_FAILURES_PER_ADDRESS {
        // Verify anyway so a throttled answer takes as long as any other.
        verify(password, decoy_hash());
        let mut tx = db.begin().await?;
        let actor = Actor { id: None, name: username.clone(), role: kumppani_domain::Role::Staff };
        let target = Target { entity: "user", entity_id: None, subject: None };
        kumppani_store::audit::record(&mut tx, &actor, Action::SignInThrottled, target, &[]).await?;
        tx.commit().await?;
        return Err(AppError::Throttled { retry_after_secs: THROTTLE_WINDOW.num_seconds().unsigned_abs() });
    }
    let found = users::credentials(db, &username).await?;
    let (user, hash) = match found {
        Some((user, Some(hash))) if user.active => (Some(user), hash),
        _ => (None, decoy_hash().to_owned()),
    };
    let ok = verify(password, &hash) && user.is_some();
    let mut tx = db.begin().await?;
    if ok {
        attempts::mark_succeeded(&mut tx, attempt).await?;
    }
    let result = match user.filter(|_| ok) {
        Some(user) => {
            let token = new_token();
            sessions::create(&mut tx, &token_hash(&token), user.id).await?;
            let actor = Actor { id: Some(user.id), name: user.display_name.clone(), role: user.role };
            let target = Target { entity: "user", entity_id: Some(user.id), subject: Some(("user", user.id)) };
            kumppani_store::audit::record(&mut tx, &actor, Action::SignIn, target, &[]).await?;
            Ok((token, user))
        }
        None => {
            let actor = Actor { id: None, name: username.clone(), role: kumppani_domain::Role::Staff };
            let target = Target { entity: "user", entity_id: None, subject: None };
            kumppani_store::audit::record(&mut tx, &actor, Action::SignInFailed, target, &[]).await?;
            Err(AppError::BadCredentials)
        }
    };
    tx.commit().await?;
    result
}

/// Forgets a session the browser presented when signing in again, so that a
/// sign-in always leaves exactly one fresh session (no fixation).
pub async fn discard_session(db: &Db, token: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sessions::delete(&mut tx, &token_hash(token)).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends one session.
pub async fn sign_out(db: &Db, actor: &Actor, token: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sessions::delete(&mut tx, &token_hash(token)).await?;
    let target = Target { entity: "user", entity_id: actor.id, subject: actor.id.map(|id| ("user", id)) };
    kumppani_store::audit::record(&mut tx, actor, Action::SignOut, target, &[]).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes a password after checking the current one; ends every session
/// of the user (the caller signs in again).
pub async fn change_password(db: &Db, actor: &Actor, current: &str, new: &str) -> Result<(), AppError> {
    let id = actor.id.ok_or(AppError::Forbidden)?;
    let user = users::get(db, id).await?;
    let hash = users::credentials(db, &user.username).await?.and_then(|(_, h)| h).unwrap_or_default();
    if !verify(current, &hash) {
        return Err(Invalid::one("current_password", "error-password-wrong").into());
    }
    check_password(new).map_err(|code| Invalid::one("new_password", code))?;
    let new_hash = hash_password(new)?;
    let mut tx = db.begin().await?;
    users::set_password(&mut tx, id, &new_hash).await?;
    sessions::delete_for_user(&mut tx, id).await?;
    let change = kumppani_domain::Change { field: "password".into(), old: None, new: Some("••••".into()) };
    let target = Target { entity: "user", entity_id: Some(id), subject: Some(("user", id)) };
    kumppani_store::audit::record(&mut tx, actor, Action::Update, target, &[change]).await?;
    tx.commit().await?;
    Ok(())
}

/// A random password for a new account (20 characters, ~119 bits).
pub fn random_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect()
}
