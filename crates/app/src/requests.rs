//! Customer contacts (SPEC §5): recorded once, routed to the service desk or
//! to the customer's partnership manager (the deputy while the manager is
//! away) by the unit head's rules, and followed until the customer has the
//! answer. Each step lands on the contact's timeline and in the audit trail.

pub mod dashboard;
pub mod handover;
pub mod mail;

use chrono::{DateTime, Duration, TimeZone, Utc};
use kumppani_domain::request::{self, Channel, RequestDraft, RequestStatus, ValidRequest};
use kumppani_domain::routing::{self, Incoming};
use kumppani_domain::{Actor, Invalid, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::requests::{self, NewCustomerRequest};
pub use kumppani_store::requests::{CustomerRequest, Delivery, Filter, OpenCount, RequestEvent, RunningStep};
use kumppani_store::{Db, Page, Tx, absences, catalog, contacts, customers, routing_rules};

use crate::centre_time::{ZONE, today};
use crate::error::reference;
use crate::policy::cap::{EditRequests, ReadRequests, RecordRequests};
use crate::policy::{Permit, deny};
use crate::{AppError, audit_change};

/// A contact's audit rows are its own history (its page has the timeline),
/// not the customer register's: the customer's change history stays about
/// the customer's details.
pub(crate) fn target(id: i64) -> Target<'static> {
    Target { entity: "customer_request", entity_id: Some(id), subject: Some(("customer_request", id)) }
}

pub(crate) fn by(actor: &Actor) -> (Option<i64>, &str) {
    (actor.id(), actor.name())
}

pub async fn list(db: &Db, _: &Permit<ReadRequests>, filter: &Filter) -> Result<Page<CustomerRequest>, AppError> {
    Ok(requests::list(db, filter).await?)
}

pub async fn get(db: &Db, _: &Permit<ReadRequests>, id: i64) -> Result<CustomerRequest, AppError> {
    Ok(requests::get(db, id).await?)
}

/// The attempts to push the contact to the service desk's webhook.
pub async fn deliveries(db: &Db, permit: &Permit<ReadRequests>, id: i64) -> Result<Vec<Delivery>, AppError> {
    get(db, permit, id).await?;
    Ok(requests::deliveries(db, id).await?)
}

/// What happened to a contact, oldest first.
pub async fn timeline(db: &Db, permit: &Permit<ReadRequests>, id: i64) -> Result<Vec<RequestEvent>, AppError> {
    get(db, permit, id).await?;
    Ok(requests::events(db, id).await?)
}

/// Who is given a contact on the partnership manager channel: the
/// customer's manager, or the named deputy while the manager is away today.
async fn holder_for(tx: &mut Tx, customer_id: i64) -> Result<Option<i64>, AppError> {
    let c = customers::get_in(tx, customer_id).await?;
    match (c.manager_id, c.deputy_id) {
        (Some(manager), Some(deputy)) if absences::is_away(tx, manager, today()).await? => Ok(Some(deputy)),
        (manager, _) => Ok(manager),
    }
}

/// A time the centre typed (its own zone) as an instant; blank is now. A
/// contact cannot arrive in the future (a few minutes of clock skew aside).
fn received_at(local: Option<chrono::NaiveDateTime>) -> Result<DateTime<Utc>, AppError> {
    let now = Utc::now();
    let Some(local) = local else { return Ok(now) };
    let at = ZONE
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| Invalid::one("received_at", "error-date-time"))?;
    if at > now + Duration::minutes(5) {
        return Err(Invalid::one("received_at", "error-in-future").into());
    }
    Ok(at)
}

/// Records a contact and routes it in the same write: the rule that
/// decided (or the kind's default) and the holder are on the record, the
/// timeline starts with "received" and "routed".
pub async fn record(
    db: &Db,
    permit: &Permit<RecordRequests>,
    draft: &RequestDraft,
) -> Result<CustomerRequest, AppError> {
    let valid = draft.validate()?;
    let at = received_at(valid.received_at)?;
    let mut tx = db.begin().await?;
    let created = insert_routed(&mut tx, permit.actor(), &valid, at, None).await?;
    tx.commit().await?;
    Ok(created)
}

/// Checks the references, routes, writes the contact, its first timeline
/// events and its audit row, inside the caller's transaction.
pub(crate) async fn insert_routed(
    tx: &mut Tx,
    actor: &Actor,
    valid: &ValidRequest,
    at: DateTime<Utc>,
    message_id: Option<&str>,
) -> Result<CustomerRequest, AppError> {
    reference(customers::get_in(tx, valid.customer_id).await, "customer_id")?;
    if let Some(contact) = valid.contact_id {
        let c = reference(contacts::get_in(tx, contact).await, "contact_id")?;
        if c.customer_id != valid.customer_id {
            return Err(Invalid::one("contact_id", "error-contact-elsewhere").into());
        }
    }
    if let Some(service) = valid.service_id {
        reference(catalog::get_in(tx, catalog::Kind::Service, service).await, "service_id")?;
    }
    let rules: Vec<_> = routing_rules::active_in(tx).await?.iter().map(|r| r.rule()).collect();
    let decision = routing::route(
        &rules,
        &Incoming {
            kind: valid.kind,
            service_id: valid.service_id,
            subject: valid.subject.as_str(),
            body: valid.body.as_str(),
            sender: valid.sender.as_str(),
        },
    );
    let holder_id = match decision.channel {
        Channel::PartnershipManager => holder_for(tx, valid.customer_id).await?,
        Channel::ServiceDesk => None,
    };
    let id = requests::insert(
        tx,
        &NewCustomerRequest {
            customer_id: valid.customer_id,
            contact_id: valid.contact_id,
            service_id: valid.service_id,
            kind: valid.kind,
            received_via: valid.received_via,
            received_at: at,
            subject: valid.subject.as_str(),
            body: valid.body.as_str(),
            sender: valid.sender.as_str(),
            channel: decision.channel,
            rule_id: decision.rule_id,
            holder_id,
            created_by: actor.id(),
            message_id,
        },
    )
    .await?;
    requests::add_event(tx, id, by(actor), "received", valid.received_via.as_str(), at).await?;
    requests::add_event(tx, id, by(actor), "routed", decision.channel.as_str(), Utc::now()).await?;
    let created = requests::get_in(tx, id).await?;
    let changes = diff(None, Some(&created.audit_fields()));
    audit_change(tx, actor, Action::Create, target(id), &changes).await?;
    Ok(created)
}

/// Whether the permit may work this contact: its customer is in scope, or
/// the actor holds it.
async fn workable(tx: &mut Tx, permit: &Permit<EditRequests>, r: &CustomerRequest) -> Result<bool, AppError> {
    if r.holder_id.is_some() && r.holder_id == permit.actor().id() {
        return Ok(true);
    }
    Ok(customers::editable(tx, r.customer_id, &permit.request_scope(today())).await?)
}

/// The same check outside a write, for showing the controls.
pub async fn may_work(db: &Db, permit: &Permit<EditRequests>, r: &CustomerRequest) -> Result<bool, AppError> {
    if r.holder_id.is_some() && r.holder_id == permit.actor().id() {
        return Ok(true);
    }
    Ok(customers::editable_now(db, r.customer_id, &permit.request_scope(today())).await?)
}

/// Reads the contact for a write, refusing (audited) when it is not the
/// actor's to work and when its version moved.
pub(crate) async fn open_for_work(
    db: &Db,
    permit: &Permit<EditRequests>,
    id: i64,
    version: i64,
) -> Result<(Tx, CustomerRequest), AppError> {
    let mut tx = db.begin().await?;
    let before = requests::get_in(&mut tx, id).await?;
    if !workable(&mut tx, permit, &before).await? {
        drop(tx);
        return Err(deny(db, permit.actor(), "customer_request", Some(id), AppError::Forbidden).await);
    }
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    Ok((tx, before))
}

pub(crate) async fn finish(tx: &mut Tx, actor: &Actor, before: &CustomerRequest) -> Result<CustomerRequest, AppError> {
    let after = requests::get_in(tx, before.id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    audit_change(tx, actor, Action::Update, target(before.id), &changes).await?;
    Ok(after)
}

/// A person sends the contact to the other channel (or back): the override
/// is on the record (`routed_by`) and the timeline.
pub async fn reroute(
    db: &Db,
    permit: &Permit<EditRequests>,
    id: i64,
    version: i64,
    channel: &str,
) -> Result<CustomerRequest, AppError> {
    let (mut tx, before) = open_for_work(db, permit, id, version).await?;
    let channel = Channel::parse(channel).map_err(|code| Invalid::one("channel", code))?;
    if before.status.is_done() {
        return Err(Invalid::one("channel", "error-request-done").into());
    }
    let holder = match channel {
        Channel::PartnershipManager => holder_for(&mut tx, before.customer_id).await?,
        Channel::ServiceDesk => None,
    };
    let actor = permit.actor();
    requests::reroute(&mut tx, id, version, channel, holder, actor.id()).await?;
    if before.status == RequestStatus::HandedOver && channel != Channel::ServiceDesk {
        // What the service desk handed back is open again on this side.
        requests::set_status(&mut tx, id, version + 1, RequestStatus::Open, &before.desk_reference).await?;
    }
    requests::add_event(&mut tx, id, by(actor), "rerouted", channel.as_str(), Utc::now()).await?;
    let after = finish(&mut tx, actor, &before).await?;
    tx.commit().await?;
    Ok(after)
}

/// Moves the contact on: handed over to the service desk (with its
/// reference once known), answered, closed, or open again.
pub async fn set_status(
    db: &Db,
    permit: &Permit<EditRequests>,
    id: i64,
    version: i64,
    status: &str,
    desk_reference: Option<&str>,
) -> Result<CustomerRequest, AppError> {
    let (mut tx, before) = open_for_work(db, permit, id, version).await?;
    let mut e = Invalid::default();
    let status = e.check("status", RequestStatus::parse(status));
    let reference = e.check("desk_reference", request::reference(desk_reference.unwrap_or("")));
    let (Some(status), Some(reference)) = (status, reference) else { return Err(e.into()) };
    if !status.allowed_in(before.channel) {
        return Err(Invalid::one("status", "error-not-service-desk").into());
    }
    let reference = if desk_reference.is_some() { reference.as_str() } else { before.desk_reference.as_str() };
    requests::set_status(&mut tx, id, version, status, reference).await?;
    if status != before.status {
        requests::add_event(&mut tx, id, by(permit.actor()), "status", status.as_str(), Utc::now()).await?;
    }
    let after = finish(&mut tx, permit.actor(), &before).await?;
    tx.commit().await?;
    Ok(after)
}

/// The centre's own notes on the contact.
pub async fn set_notes(
    db: &Db,
    permit: &Permit<EditRequests>,
    id: i64,
    version: i64,
    notes: &str,
) -> Result<CustomerRequest, AppError> {
    let (mut tx, before) = open_for_work(db, permit, id, version).await?;
    let notes = request::note(notes).map_err(|code| Invalid::one("internal_notes", code))?;
    requests::set_notes(&mut tx, id, version, notes.as_str()).await?;
    let after = finish(&mut tx, permit.actor(), &before).await?;
    tx.commit().await?;
    Ok(after)
}
