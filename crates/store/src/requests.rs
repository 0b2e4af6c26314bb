//! Customer contacts and their timelines.

use chrono::{DateTime, Utc};
use kumppani_domain::request::{Channel, ReceivedVia, RequestKind, RequestStatus};
use serde::{Deserialize, Serialize};

use crate::{Db, Page, StoreError, Tx, Value, check_updated, now};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct CustomerRequest {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub service_id: Option<i64>,
    pub service_name: Option<String>,
    /// incident, service_request, question, development_need or feedback
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<RequestKind>")]
    pub kind: RequestKind,
    /// email, phone, meeting or web
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<ReceivedVia>")]
    pub received_via: ReceivedVia,
    pub received_at: DateTime<Utc>,
    pub subject: String,
    pub body: String,
    pub sender: String,
    /// service_desk or partnership_manager
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<Channel>")]
    pub channel: Channel,
    /// The rule that chose the channel; absent when the kind's default or a
    /// person (`routed_by`) did.
    pub rule_id: Option<i64>,
    pub rule_name: Option<String>,
    pub routed_by: Option<i64>,
    pub routed_by_name: Option<String>,
    /// Who was given it on the partnership manager channel.
    pub holder_id: Option<i64>,
    pub holder_name: Option<String>,
    /// open, handed_over, answered or closed
    #[schema(value_type = String)]
    #[sqlx(try_from = "crate::StoredKey<RequestStatus>")]
    pub status: RequestStatus,
    /// The service desk's own reference, once it has confirmed the hand-over.
    pub desk_reference: String,
    pub handed_over_at: Option<DateTime<Utc>>,
    /// When the service desk's webhook accepted the hand-over.
    pub desk_pushed_at: Option<DateTime<Utc>>,
    /// When the status first became answered or closed (set by Kumppani).
    pub answered_at: Option<DateTime<Utc>>,
    /// For the centre only; never shown to the customer's side.
    pub internal_notes: String,
    /// The e-mail's Message-ID (or digest) when it came by mail.
    pub message_id: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CustomerRequest {
    pub fn audit_fields(&self) -> Vec<(&'static str, Option<String>)> {
        let text = |t: &str| Some(t.to_owned()).filter(|t| !t.is_empty());
        vec![
            ("customer_id", Some(self.customer_id.to_string())),
            ("contact_id", self.contact_id.map(|v| v.to_string())),
            ("service_id", self.service_id.map(|v| v.to_string())),
            ("kind", Some(self.kind.as_str().to_owned())),
            ("received_via", Some(self.received_via.as_str().to_owned())),
            ("received_at", Some(self.received_at.to_rfc3339())),
            ("subject", Some(self.subject.clone())),
            ("body", text(&self.body)),
            ("sender", text(&self.sender)),
            ("channel", Some(self.channel.as_str().to_owned())),
            ("rule_id", self.rule_id.map(|v| v.to_string())),
            ("holder_id", self.holder_id.map(|v| v.to_string())),
            ("status", Some(self.status.as_str().to_owned())),
            ("desk_reference", text(&self.desk_reference)),
            ("internal_notes", text(&self.internal_notes)),
        ]
    }
}

const SELECT: &str = "SELECT r.id, r.customer_id, c.name AS customer_name, r.contact_id, p.name AS contact_name,
        r.service_id, s.name AS service_name, r.kind, r.received_via, r.received_at, r.subject, r.body, r.sender,
        r.channel, r.rule_id, rr.name AS rule_name, r.routed_by, rb.display_name AS routed_by_name,
        r.holder_id, h.display_name AS holder_name, r.status, r.desk_reference, r.handed_over_at, r.desk_pushed_at, r.answered_at,
        r.internal_notes, r.message_id, r.version, r.created_at, r.updated_at
    FROM customer_requests r
    JOIN customers c ON c.id = r.customer_id
    LEFT JOIN contacts p ON p.id = r.contact_id
    LEFT JOIN services s ON s.id = r.service_id
    LEFT JOIN routing_rules rr ON rr.id = r.rule_id
    LEFT JOIN users rb ON rb.id = r.routed_by
    LEFT JOIN users h ON h.id = r.holder_id";

/// What the contact list is narrowed by. All parts are optional.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct Filter {
    /// service_desk or partnership_manager
    pub channel: Option<String>,
    /// A status, or `active` for every contact open or handed over.
    pub status: Option<String>,
    pub holder_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub kind: Option<String>,
    /// Return the page after the contact with this id (newest first).
    pub after: Option<i64>,
    /// Page size, 1–100 (default 50).
    pub limit: Option<i64>,
}

fn conditions(f: &Filter, params: &mut Vec<Value>) -> String {
    let mut sql = String::from(" WHERE 1 = 1");
    let mut push = |column: &str, v: Value, params: &mut Vec<Value>| {
        params.push(v);
        sql.push_str(&format!(" AND {column} = ${}", params.len()));
    };
    if let Some(c) = f.channel.as_deref().filter(|c| !c.is_empty()) {
        push("r.channel", c.into(), params);
    }
    let active = f.status.as_deref() == Some("active");
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty() && !active) {
        push("r.status", s.into(), params);
    }
    if let Some(h) = f.holder_id {
        push("r.holder_id", h.into(), params);
    }
    if let Some(c) = f.customer_id {
        push("r.customer_id", c.into(), params);
    }
    if let Some(k) = f.kind.as_deref().filter(|k| !k.is_empty()) {
        push("r.kind", k.into(), params);
    }
    if active {
        // Not by `answered_at`: a contact opened again after an answer keeps
        // its first answer's time, and still waits.
        sql.push_str(" AND r.status IN ('open', 'handed_over')");
    }
    sql
}

/// One page of contacts, newest first.
pub async fn list(db: &Db, f: &Filter) -> Result<Page<CustomerRequest>, StoreError> {
    let limit = f.limit.unwrap_or(50).clamp(1, 100);
    let mut params = Vec::new();
    let mut cond = conditions(f, &mut params);
    let total: i64 = db.fetch_scalar(&format!("SELECT COUNT(*) AS n FROM customer_requests r{cond}"), &params).await?;
    if let Some(after) = f.after {
        params.push(after.into());
        let n = params.len();
        cond.push_str(&format!(
            " AND (r.received_at, r.id) < (SELECT received_at, id FROM customer_requests WHERE id = ${n})"
        ));
    }
    params.push((limit + 1).into());
    let sql = format!("{SELECT}{cond} ORDER BY r.received_at DESC, r.id DESC LIMIT ${}", params.len());
    let mut items = db.fetch_all_as::<CustomerRequest>(&sql, &params).await?;
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    let next_cursor = items.last().map(|r| r.id).filter(|_| more);
    Ok(Page { items, total, next_cursor, prev_cursor: None })
}

pub async fn get(db: &Db, id: i64) -> Result<CustomerRequest, StoreError> {
    db.fetch_one_as(&format!("{SELECT} WHERE r.id = $1"), &[id.into()]).await
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<CustomerRequest, StoreError> {
    tx.fetch_one_as(&format!("{SELECT} WHERE r.id = $1"), &[id.into()]).await
}

/// A new contact as routed: everything the row holds at birth.
pub struct NewCustomerRequest<'a> {
    pub customer_id: i64,
    pub contact_id: Option<i64>,
    pub service_id: Option<i64>,
    pub kind: RequestKind,
    pub received_via: ReceivedVia,
    pub received_at: DateTime<Utc>,
    pub subject: &'a str,
    pub body: &'a str,
    pub sender: &'a str,
    pub channel: Channel,
    pub rule_id: Option<i64>,
    pub holder_id: Option<i64>,
    pub created_by: Option<i64>,
    pub message_id: Option<&'a str>,
}

pub async fn insert(tx: &mut Tx, r: &NewCustomerRequest<'_>) -> Result<i64, StoreError> {
    tx.fetch_scalar(
        "INSERT INTO customer_requests (customer_id, contact_id, service_id, kind, received_via, received_at,
                subject, body, sender, channel, rule_id, holder_id, status, created_by, message_id, created_at,
                updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13, $15, $14, $14) RETURNING id",
        &[
            r.customer_id.into(),
            r.contact_id.into(),
            r.service_id.into(),
            r.kind.as_str().into(),
            r.received_via.as_str().into(),
            r.received_at.into(),
            r.subject.into(),
            r.body.into(),
            r.sender.into(),
            r.channel.as_str().into(),
            r.rule_id.into(),
            r.holder_id.into(),
            r.created_by.into(),
            now().into(),
            r.message_id.into(),
        ],
    )
    .await
}

/// A person's re-routing: the rule no longer decides, they did.
pub async fn reroute(
    tx: &mut Tx,
    id: i64,
    version: i64,
    channel: Channel,
    holder_id: Option<i64>,
    by: Option<i64>,
) -> Result<(), StoreError> {
    let rows = tx
        .execute(
            "UPDATE customer_requests SET channel = $3, holder_id = $4, rule_id = NULL, routed_by = $5,
                    desk_next_push_at = CASE WHEN $3 = 'service_desk' THEN desk_next_push_at ELSE NULL END,
                    version = version + 1, updated_at = $6
             WHERE id = $1 AND version = $2",
            &[id.into(), version.into(), channel.as_str().into(), holder_id.into(), by.into(), now().into()],
        )
        .await?;
    check_updated(tx, "customer_requests", id, rows).await
}

/// A new status. The first hand-over and the first answer keep their time.
pub async fn set_status(
    tx: &mut Tx,
    id: i64,
    version: i64,
    status: RequestStatus,
    desk_reference: &str,
) -> Result<(), StoreError> {
    let at = now();
    let rows = tx
        .execute(
            "UPDATE customer_requests SET status = $3, desk_reference = $4,
                    handed_over_at = CASE WHEN $3 = 'handed_over' AND handed_over_at IS NULL THEN $5
                                          ELSE handed_over_at END,
                    desk_next_push_at = CASE WHEN $3 = 'handed_over' AND handed_over_at IS NULL THEN $5
                                             ELSE desk_next_push_at END,
                    answered_at = CASE WHEN $3 IN ('answered', 'closed') AND answered_at IS NULL THEN $5
                                       ELSE answered_at END,
                    version = version + 1, updated_at = $5
             WHERE id = $1 AND version = $2",
            &[id.into(), version.into(), status.as_str().into(), desk_reference.into(), at.into()],
        )
        .await?;
    check_updated(tx, "customer_requests", id, rows).await
}

pub async fn set_notes(tx: &mut Tx, id: i64, version: i64, notes: &str) -> Result<(), StoreError> {
    let rows = tx
        .execute(
            "UPDATE customer_requests SET internal_notes = $3, version = version + 1, updated_at = $4
             WHERE id = $1 AND version = $2",
            &[id.into(), version.into(), notes.into(), now().into()],
        )
        .await?;
    check_updated(tx, "customer_requests", id, rows).await
}

/// One line of a contact's timeline.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct RequestEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_name: String,
    /// received, routed, rerouted or status
    pub event: String,
    /// The new value: a channel, a status.
    pub detail: String,
}

pub async fn add_event(
    tx: &mut Tx,
    request_id: i64,
    actor: (Option<i64>, &str),
    event: &str,
    detail: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO request_events (request_id, at, actor_id, actor_name, event, detail)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[request_id.into(), at.into(), actor.0.into(), actor.1.into(), event.into(), detail.into()],
    )
    .await?;
    Ok(())
}

/// A contact's timeline, oldest first.
pub async fn events(db: &Db, request_id: i64) -> Result<Vec<RequestEvent>, StoreError> {
    db.fetch_all_as(
        "SELECT id, at, actor_name, event, detail FROM request_events WHERE request_id = $1 ORDER BY at, id",
        &[request_id.into()],
    )
    .await
}

/// A count of contacts not yet answered, by what the key names.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct OpenCount {
    /// The channel, the holder's id or the customer's id, as text.
    pub key: Option<String>,
    /// The holder's or the customer's name.
    pub name: Option<String>,
    pub open: i64,
}

/// Open contacts per channel.
pub async fn open_by_channel(db: &Db) -> Result<Vec<OpenCount>, StoreError> {
    db.fetch_all_as(
        "SELECT r.channel AS key, NULL AS name, COUNT(*) AS open FROM customer_requests r
         WHERE r.status IN ('open', 'handed_over') GROUP BY r.channel ORDER BY r.channel",
        &[],
    )
    .await
}

/// Open contacts on the partnership manager channel, per holder.
pub async fn open_by_holder(db: &Db) -> Result<Vec<OpenCount>, StoreError> {
    db.fetch_all_as(
        "SELECT CAST(r.holder_id AS TEXT) AS key, u.display_name AS name, COUNT(*) AS open
         FROM customer_requests r LEFT JOIN users u ON u.id = r.holder_id
         WHERE r.status IN ('open', 'handed_over') AND r.channel = 'partnership_manager'
         GROUP BY r.holder_id, u.display_name ORDER BY COUNT(*) DESC, u.display_name",
        &[],
    )
    .await
}

/// The customers with the most open contacts, at most `limit`.
pub async fn open_by_customer(db: &Db, limit: i64) -> Result<Vec<OpenCount>, StoreError> {
    db.fetch_all_as(
        "SELECT CAST(r.customer_id AS TEXT) AS key, c.name AS name, COUNT(*) AS open
         FROM customer_requests r JOIN customers c ON c.id = r.customer_id
         WHERE r.status IN ('open', 'handed_over')
         GROUP BY r.customer_id, c.name ORDER BY COUNT(*) DESC, c.name LIMIT $1",
        &[limit.into()],
    )
    .await
}

/// An answered contact's times, with what lead times are grouped by.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Answered {
    pub received_at: DateTime<Utc>,
    pub answered_at: DateTime<Utc>,
    pub segment_name: String,
    /// The process it went through, if any.
    pub template_id: Option<i64>,
}

/// Contacts answered since `since`.
pub async fn answered_since(db: &Db, since: DateTime<Utc>) -> Result<Vec<Answered>, StoreError> {
    db.fetch_all_as(
        "SELECT r.received_at, r.answered_at, s.name AS segment_name, pr.template_id
         FROM customer_requests r
         JOIN customers c ON c.id = r.customer_id
         JOIN segments s ON s.id = c.segment_id
         LEFT JOIN process_runs pr ON pr.request_id = r.id
         WHERE r.answered_at IS NOT NULL AND r.answered_at >= $1",
        &[since.into()],
    )
    .await
}

/// A running process step, for the overdue list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct RunningStep {
    pub request_id: i64,
    pub subject: String,
    pub customer_name: String,
    pub holder_name: Option<String>,
    pub step_started_at: DateTime<Utc>,
    pub days: i64,
    pub title_fi: String,
    pub title_sv: String,
    pub title_en: String,
}

pub async fn running_steps(db: &Db) -> Result<Vec<RunningStep>, StoreError> {
    db.fetch_all_as(
        "SELECT r.id AS request_id, r.subject, c.name AS customer_name, h.display_name AS holder_name,
                pr.step_started_at, ps.days, ps.title_fi, ps.title_sv, ps.title_en
         FROM process_runs pr
         JOIN customer_requests r ON r.id = pr.request_id
         JOIN customers c ON c.id = r.customer_id
         LEFT JOIN users h ON h.id = r.holder_id
         JOIN process_steps ps ON ps.template_id = pr.template_id AND ps.position = pr.position
         WHERE pr.status = 'running'
         ORDER BY pr.step_started_at, r.id",
        &[],
    )
    .await
}

/// Whether a message was read before.
pub async fn message_seen(tx: &mut Tx, message_id: &str) -> Result<bool, StoreError> {
    let row = tx.fetch_optional("SELECT id FROM customer_requests WHERE message_id = $1", &[message_id.into()]).await?;
    Ok(row.is_some())
}

/// Every contact handed over to the service desk, in hand-over order.
pub async fn handed_over(db: &Db) -> Result<Vec<CustomerRequest>, StoreError> {
    db.fetch_all_as(&format!("{SELECT} WHERE r.handed_over_at IS NOT NULL ORDER BY r.handed_over_at, r.id"), &[]).await
}

/// One attempt to push a hand-over to the service desk.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct Delivery {
    pub attempt: i64,
    pub attempted_at: DateTime<Utc>,
    pub ok: bool,
    /// `HTTP 200`, `HTTP 503`, or why no answer came.
    pub result: String,
}

pub async fn deliveries(db: &Db, request_id: i64) -> Result<Vec<Delivery>, StoreError> {
    db.fetch_all_as(
        "SELECT attempt, attempted_at, ok, result FROM desk_deliveries WHERE request_id = $1 ORDER BY id",
        &[request_id.into()],
    )
    .await
}

/// Hand-overs whose push is due at `now`, oldest first, at most `limit`.
pub async fn pushes_due(db: &Db, now: DateTime<Utc>, limit: i64) -> Result<Vec<CustomerRequest>, StoreError> {
    db.fetch_all_as(
        &format!(
            "{SELECT} WHERE r.desk_next_push_at IS NOT NULL AND r.desk_next_push_at <= $1 AND r.desk_pushed_at IS NULL
             ORDER BY r.desk_next_push_at, r.id LIMIT $2"
        ),
        &[now.into(), limit.into()],
    )
    .await
}

/// Records an attempt: delivered (`next` None, `ok`), due again at `next`,
/// or given up (`next` None, not `ok`). Bookkeeping of Kumppani's own, so
/// the contact's version stays: nobody's open page goes stale over it.
pub async fn record_push(
    tx: &mut Tx,
    request_id: i64,
    attempt: i64,
    ok: bool,
    result: &str,
    next: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    let at = now();
    tx.execute(
        "INSERT INTO desk_deliveries (request_id, attempt, attempted_at, ok, result) VALUES ($1, $2, $3, $4, $5)",
        &[request_id.into(), attempt.into(), at.into(), ok.into(), result.into()],
    )
    .await?;
    let pushed = if ok { Some(at) } else { None };
    tx.execute(
        "UPDATE customer_requests SET desk_next_push_at = $2, desk_pushed_at = COALESCE($3, desk_pushed_at)
         WHERE id = $1",
        &[request_id.into(), next.into(), pushed.into()],
    )
    .await?;
    Ok(())
}

pub async fn attempts_so_far(db: &Db, request_id: i64) -> Result<i64, StoreError> {
    db.fetch_scalar("SELECT COUNT(*) AS n FROM desk_deliveries WHERE request_id = $1", &[request_id.into()]).await
}
