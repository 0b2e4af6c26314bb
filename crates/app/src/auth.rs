//! Passwords and sessions.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use kumppani_domain::{Actor, Invalid, drafts::check_password};
use kumppani_store::audit::{Action, Target};
use kumppani_store::users::User;
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

/// Sign-in throttling. Failures are failed password checks within
/// [`THROTTLE_WINDOW`], counted per (username, address) pair, per address
/// and per username; an attempt the throttle refuses checks no password and
/// does not count. The rules, in order (documented in docs/ARCHITECTURE.md):
///
/// 1. **Pair**: after [`MAX_FAILURES_PER_PAIR`] failures for a username from
///    an address, that address waits out the window for that username,
///    whatever the password. Guessing from one address is slow, and someone
///    else's failures never block a user at their own address.
/// 2. **Address**: after [`MAX_FAILURES_PER_ADDRESS`] failures from an
///    address (any usernames, made-up ones included), that address gets one
///    try per username per window: a username that already failed from it
///    waits; one that has not is checked as usual, so a real user with the
///    right password still gets in, even behind a shared proxy address.
/// 3. **Account ceiling**: after [`ACCOUNT_CEILING`] failures for a username
///    from all addresses together (distributed guessing), the account is
///    slowed, not locked: from an address it has not signed in from within
///    [`KNOWN_ADDRESS_DAYS`], one password check per [`SLOW_INTERVAL`] for
///    the whole account; the rest answer 429 with that short `Retry-After`.
///    An address the user signed in from before is not slowed.
///
/// None of the rules looks at whether the username exists, so unknown users
/// and wrong passwords get the same answers.
pub const MAX_FAILURES_PER_PAIR: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const ACCOUNT_CEILING: i64 = 20;
pub const THROTTLE_WINDOW: chrono::Duration = chrono::Duration::minutes(15);
pub const SLOW_INTERVAL: chrono::Duration = chrono::Duration::seconds(30);
pub const KNOWN_ADDRESS_DAYS: i64 = 30;

/// The key an address is throttled under: IPv4 as it is (an IPv4-mapped
/// IPv6 address as its IPv4), IPv6 by its /64 prefix, since one host
/// usually holds a whole /64 and could otherwise take a fresh address per
/// guess. Anything that is not an address is kept as given.
pub fn throttle_key(address: &str) -> String {
    match address.trim().parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let prefix = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{prefix}/64")
            }
        },
        Err(_) => address.trim().chars().take(64).collect(),
    }
}

/// What the throttle says about an attempt, from the counts that include
/// the attempt itself (recorded before it is judged).
fn verdict(c: &attempts::Counts) -> Option<chrono::Duration> {
    if c.pair > MAX_FAILURES_PER_PAIR {
        return Some(THROTTLE_WINDOW);
    }
    // Over the address limit, one try per username: this attempt is the
    // pair's only one, or it waits.
    if c.address > MAX_FAILURES_PER_ADDRESS && c.pair > 1 {
        return Some(THROTTLE_WINDOW);
    }
    // Under distributed guessing, another check of this account within the
    // interval (this one is counted too) makes this one wait briefly.
    if c.account > ACCOUNT_CEILING && c.successes_here == 0 && c.recent_checks > 1 {
        return Some(SLOW_INTERVAL);
    }
    None
}

/// Checks a username and password; on success opens a session and returns
/// its token (for the cookie) and the user. Both outcomes are audited, and
/// each attempt counts towards throttling (see [`MAX_FAILURES_PER_PAIR`]).
/// Unknown users and wrong passwords take the same time and give the same
/// answer. `address` is the client's address (see [`throttle_key`]).
pub async fn sign_in(
    db: &Db,
    username: &str,
    password: &str,
    address: &str,
) -> Result<(String, users::User), AppError> {
    let username = username.trim().to_lowercase();
    let username: String = username.chars().take(64).collect();
    let address = throttle_key(address);
    // The attempt is recorded (as a failure) before it is judged, so that
    // parallel guesses see each other: of any burst, at most the allowed
    // number get as far as the password check.
    let mut tx = db.begin().await?;
    let attempt = attempts::record(&mut tx, &username, &address).await?;
    tx.commit().await?;
    let now = chrono::Utc::now();
    let since = attempts::Since {
        since: now - THROTTLE_WINDOW,
        recent: now - SLOW_INTERVAL,
        known: now - chrono::Duration::days(KNOWN_ADDRESS_DAYS),
    };
    let counts = attempts::counts(db, &username, &address, since).await?;
    if let Some(wait) = verdict(&counts) {
        // Verify anyway so a throttled answer takes as long as any other.
        verify(password, decoy_hash());
        attempts::mark_throttled(db, attempt).await?;
        let mut tx = db.begin().await?;
        let actor = Actor::unknown(&username);
        let target = Target { entity: "user", entity_id: None, subject: None };
        kumppani_store::audit::record(&mut tx, &actor, Action::SignInThrottled, target, &[]).await?;
        tx.commit().await?;
        return Err(AppError::Throttled { retry_after_secs: wait.num_seconds().unsigned_abs() });
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
            let actor = Actor::from(&user);
            let target = Target { entity: "user", entity_id: Some(user.id), subject: Some(("user", user.id)) };
            kumppani_store::audit::record(&mut tx, &actor, Action::SignIn, target, &[]).await?;
            Ok((token, user))
        }
        None => {
            let actor = Actor::unknown(&username);
            let target = Target { entity: "user", entity_id: None, subject: None };
            kumppani_store::audit::record(&mut tx, &actor, Action::SignInFailed, target, &[]).await?;
            Err(AppError::BadCredentials)
        }
    };
    tx.commit().await?;
    if result.is_ok() {
        // Attempts that no longer count go now and then; a success is
        // frequent enough and never on an attacker's path.
        attempts::prune(db, since.since, since.known).await?;
    }
    result
}

/// How long a session lives: since its last request, and at most.
#[derive(Debug, Clone, Copy)]
pub struct SessionTimeouts {
    pub idle: std::time::Duration,
    pub absolute: std::time::Duration,
}

/// Last-seen is written at most this often, so that a page view is not a
/// write each time; the idle timeout is minutes to hours, so a minute's
/// slack does not matter.
const TOUCH_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// The user a session cookie's token belongs to, while the session is live:
/// the user active, not past the absolute timeout since sign-in nor the idle
/// timeout since the last request. `None` means "sign in again".
pub async fn session_user(db: &Db, token: &str, timeouts: SessionTimeouts) -> Result<Option<User>, AppError> {
    let hash = token_hash(token);
    let Some((user, created, last_seen)) = sessions::lookup(db, &hash).await? else {
        return Ok(None);
    };
    let now = chrono::Utc::now();
    let age = |t: chrono::DateTime<chrono::Utc>| (now - t).to_std().unwrap_or_default();
    if age(created) > timeouts.absolute || age(last_seen) > timeouts.idle {
        return Ok(None);
    }
    if age(last_seen) >= TOUCH_EVERY {
        sessions::touch(db, &hash).await?;
    }
    Ok(Some(user))
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
    let target = Target { entity: "user", entity_id: actor.id(), subject: actor.id().map(|id| ("user", id)) };
    kumppani_store::audit::record(&mut tx, actor, Action::SignOut, target, &[]).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes a password after checking the current one; ends every session
/// of the user (the caller signs in again) and revokes their API tokens.
pub async fn change_password(db: &Db, actor: &Actor, current: &str, new: &str) -> Result<(), AppError> {
    let id = actor.id().ok_or(AppError::Forbidden)?;
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
    // Tokens made while the old password held may be in the wrong hands
    // too; the user makes new ones (the password page says so).
    crate::tokens::revoke_all(&mut tx, actor, id).await?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use attempts::Counts;

    #[test]
    fn addresses_are_keyed_by_host() {
        assert_eq!(throttle_key("198.51.100.7"), "198.51.100.7");
        assert_eq!(throttle_key("::ffff:198.51.100.7"), "198.51.100.7");
        assert_eq!(throttle_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(throttle_key("2001:db8:1:2::ffff"), throttle_key("2001:db8:1:2:1:2:3:4"));
        assert_ne!(throttle_key("2001:db8:1:2::1"), throttle_key("2001:db8:1:3::1"));
        assert_eq!(throttle_key("unknown"), "unknown");
    }

    /// Counts as the store gives them: this attempt included.
    fn counts(pair: i64, address: i64, account: i64, recent_checks: i64, successes_here: i64) -> Counts {
        Counts { pair, address, account, recent_checks, successes_here }
    }

    #[test]
    fn the_rules() {
        let window = Some(THROTTLE_WINDOW);
        // A fresh pair is checked, whatever the address and account did.
        assert_eq!(verdict(&counts(1, 100, 20, 5, 0)), None);
        // Rule 1: five failures for the pair, the sixth waits.
        assert_eq!(verdict(&counts(5, 5, 5, 1, 0)), None);
        assert_eq!(verdict(&counts(6, 6, 6, 1, 0)), window);
        // Rule 2: past the address limit, one try per username.
        assert_eq!(verdict(&counts(2, 20, 2, 1, 0)), None);
        assert_eq!(verdict(&counts(2, 21, 2, 1, 0)), window);
        // Rule 3: past the account ceiling, one check per interval from
        // addresses without an earlier success; those are not slowed.
        assert_eq!(verdict(&counts(1, 1, 21, 1, 0)), None);
        assert_eq!(verdict(&counts(1, 1, 21, 2, 0)), Some(SLOW_INTERVAL));
        assert_eq!(verdict(&counts(1, 1, 21, 2, 1)), None);
        assert_eq!(verdict(&counts(6, 6, 21, 2, 1)), window, "a known address still has its pair limit");
    }
}
