//! The service desk hand-over as a file: what went to the service desk,
//! with Kumppani's reference (`KP-<id>`), when it was handed over, and the
//! service desk's own reference once it confirmed. Kumppani does not work
//! these; the service desk imports the file or reads it.

use kumppani_domain::diff;
use kumppani_store::audit::Action;
use kumppani_store::{Db, requests};

use crate::centre_time::ZONE;
use crate::policy::Permit;
use crate::policy::cap::ReadRequests;
use crate::{AppError, audit_change};

/// The columns, in order.
pub const COLUMNS: [&str; 12] = [
    "reference",
    "handed_over_at",
    "received_at",
    "customer",
    "contact",
    "sender",
    "service",
    "kind",
    "subject",
    "body",
    "status",
    "desk_reference",
];

/// Kumppani's reference of a contact, as the service desk quotes it.
pub fn reference(id: i64) -> String {
    format!("KP-{id}")
}

/// Every hand-over as CSV (UTF-8, comma-separated, a header row; times in
/// the centre's zone, `YYYY-MM-DD HH:MM`).
pub async fn csv(db: &Db, _: &Permit<ReadRequests>) -> Result<Vec<u8>, AppError> {
    let rows = requests::handed_over(db).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| AppError::Internal(e.to_string());
    w.write_record(COLUMNS).map_err(io)?;
    let time = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&ZONE).format("%Y-%m-%d %H:%M").to_string();
    for r in rows {
        w.write_record([
            reference(r.id),
            r.handed_over_at.map(time).unwrap_or_default(),
            time(r.received_at),
            r.customer_name,
            r.contact_name.unwrap_or_default(),
            r.sender,
            r.service_name.unwrap_or_default(),
            r.kind.as_str().to_owned(),
            r.subject,
            r.body,
            r.status.as_str().to_owned(),
            r.desk_reference,
        ])
        .map_err(io)?;
    }
    w.into_inner().map_err(|e| AppError::Internal(e.to_string()))
}

/// Where hand-overs are pushed, and the secret they are signed with.
#[derive(Clone)]
pub struct Webhook {
    /// `http://…`: Kumppani carries no TLS client; an `https` service desk
    /// is reached through a relay on the centre's network.
    pub url: String,
    pub secret: String,
    /// Where people reach Kumppani, for the contact's link in the payload.
    pub public_url: Option<String>,
}

/// The secret never reaches a log.
impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Webhook").field("url", &self.url).field("secret", &"…").finish()
    }
}

impl Webhook {
    /// A webhook from configuration, checked: an `http://` address and a
    /// secret of at least 16 characters.
    pub fn new(url: &str, secret: &str, public_url: Option<String>) -> Result<Webhook, String> {
        let url = url.trim();
        if !url.starts_with("http://") || url.len() <= "http://".len() {
            return Err("desk_webhook_url must be an http:// address (use a relay for https)".into());
        }
        if secret.chars().count() < 16 {
            return Err("desk_webhook_secret must be at least 16 characters".into());
        }
        Ok(Webhook { url: url.to_owned(), secret: secret.to_owned(), public_url })
    }
}

/// The HTTP client of the pushes: ten seconds per attempt.
pub fn client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build().map_err(|e| e.to_string())
}

/// Attempts before giving up (the log keeps each one).
pub const MAX_ATTEMPTS: i64 = 10;

/// The wait after failed attempt `n` (1-based): 30 s doubling, at most 6 h.
pub fn backoff(n: i64) -> chrono::Duration {
    let secs = 30i64.saturating_mul(1i64 << (n.clamp(1, 20) - 1));
    chrono::Duration::seconds(secs.min(6 * 3600))
}

/// `sha256=<hex>` of HMAC-SHA-256 over the body with the shared secret: the
/// service desk recomputes it to know the hand-over came from Kumppani.
pub fn signature(secret: &str, body: &[u8]) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac = match hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        // HMAC takes keys of any length; this arm is never reached.
        Err(_) => return String::new(),
    };
    mac.update(body);
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// The JSON the service desk receives.
pub fn payload(r: &kumppani_store::requests::CustomerRequest, public_url: Option<&str>) -> serde_json::Value {
    serde_json::json!({
        "reference": reference(r.id),
        "customer": {"id": r.customer_id, "name": r.customer_name},
        "contact": r.contact_name,
        "sender": Some(&r.sender).filter(|s| !s.is_empty()),
        "service": r.service_name,
        "kind": r.kind.as_str(),
        "subject": r.subject,
        "body": r.body,
        "received_at": r.received_at.to_rfc3339(),
        "handed_over_at": r.handed_over_at.map(|t| t.to_rfc3339()),
        "url": public_url.map(|u| format!("{u}/requests/{}", r.id)),
    })
}

/// Pushes every hand-over that is due; returns how many were delivered.
/// Each attempt is logged; a failure is tried again after [`backoff`] and
/// given up after [`MAX_ATTEMPTS`].
pub async fn push_due(db: &Db, hook: &Webhook, client: &reqwest::Client) -> Result<usize, AppError> {
    let now = chrono::Utc::now();
    let mut delivered = 0;
    // At most this many per round; the next round takes the rest.
    for r in requests::pushes_due(db, now, 100).await? {
        let body = serde_json::to_vec(&payload(&r, hook.public_url.as_deref()))
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let attempt = requests::attempts_so_far(db, r.id).await? + 1;
        let sent = client
            .post(&hook.url)
            .header("content-type", "application/json")
            .header("x-kumppani-signature", signature(&hook.secret, &body))
            .header("x-kumppani-reference", reference(r.id))
            .header("x-kumppani-attempt", attempt.to_string())
            .body(body)
            .send()
            .await;
        let (ok, result) = match sent {
            Ok(resp) => (resp.status().is_success(), format!("HTTP {}", resp.status().as_u16())),
            // Without the address: it may carry credentials.
            Err(e) => (false, e.without_url().to_string()),
        };
        let next = match (ok, attempt >= MAX_ATTEMPTS) {
            (true, _) | (false, true) => None,
            (false, false) => Some(chrono::Utc::now() + backoff(attempt)),
        };
        let mut tx = db.begin().await?;
        requests::record_push(&mut tx, r.id, attempt, ok, &result, next).await?;
        if ok {
            let actor = kumppani_domain::Actor::system_named("kumppani webhook");
            let target = super::target(r.id);
            let change = diff(None, Some(&[("desk_pushed_at", Some(chrono::Utc::now().to_rfc3339()))]));
            audit_change(&mut tx, &actor, Action::Update, target, &change).await?;
            delivered += 1;
        } else {
            tracing::warn!(reference = %reference(r.id), attempt, %result, "service desk webhook refused the hand-over");
        }
        tx.commit().await?;
    }
    Ok(delivered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256() {
        // RFC 4231, test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn retries_back_off_and_webhooks_are_checked() {
        assert_eq!(backoff(1), chrono::Duration::seconds(30));
        assert_eq!(backoff(3), chrono::Duration::seconds(120));
        assert_eq!(backoff(20), chrono::Duration::hours(6));
        assert!(Webhook::new("https://desk.example.fi/hook", "0123456789abcdef", None).is_err());
        assert!(Webhook::new("http://desk.example.fi/hook", "short", None).is_err());
        let hook = Webhook::new(" http://desk.example.fi/hook ", "0123456789abcdef", None);
        assert_eq!(
            hook.map(|h| format!("{h:?}")),
            Ok("Webhook { url: \"http://desk.example.fi/hook\", secret: \"…\" }".into())
        );
    }
}
