//! Account plan use cases (SPEC §3): read the assembled plan, write the
//! narrative, mark it reviewed (a snapshot), its history and what changed
//! since the last review, the staleness dashboard, and the template.
//! Customer events, which the plan shows, are in [`crate::events`].

pub mod all;
pub mod assemble;
mod automation;
pub mod clock;
mod dashboard;
pub mod diff;
pub mod year;

pub use dashboard::{DEFAULT_LIMIT, Dashboard, DashboardQuery, DashboardRow, MAX_LIMIT, StateCounts, dashboard};

use chrono::{DateTime, NaiveDate, Utc};
use kumppani_domain::plan::{NoteDraft, TemplateDraft, validate_notes};
use kumppani_domain::{Actor, Change, Invalid, diff as field_diff};
use kumppani_store::audit::{self, Action, AuditEntry, Target};
use kumppani_store::catalog::{self, Kind};
use kumppani_store::customers::{self, EditScope};
use kumppani_store::events::{self, Event};
use kumppani_store::plans::{self, PlanCustomer, Section};
pub use kumppani_store::plans::{Cadence, ProjectLine, Review, Scope, Which};
use kumppani_store::{Db, StoreError, Tx};
use serde::Serialize;
use std::collections::HashMap;

use crate::centre_time::today;
use crate::error::reference;
use crate::policy;
use crate::policy::cap::{EditPlanTemplate, EditPlans, ReadPlans};
use crate::policy::{Permit, deny};
use crate::{AppError, audit_change};
use assemble::{Automation, CustomerEvent, Plan, Sources, assemble, customer_events, plan_staleness};
use diff::SectionChanges;

/// Everything the plans of some customers are assembled from.
struct Loaded {
    customers: Vec<PlanCustomer>,
    sections: Vec<Section>,
    contacts: Vec<plans::ContactLine>,
    services: Vec<plans::ServiceLine>,
    projects: Vec<plans::ProjectLine>,
    events: Vec<Event>,
    needs: Vec<plans::NeedLine>,
    notes: Vec<(i64, i64, String)>,
    /// The latest review's snapshot per customer.
    snapshots: HashMap<i64, String>,
}

/// One customer's plan as assembled, with what it is made of.
pub(crate) struct Assembled<'a> {
    pub customer: &'a PlanCustomer,
    pub plan: Plan,
    pub events: Vec<&'a Event>,
    /// Lines added, removed or changed since the last review (all lines
    /// when never reviewed).
    pub changes: usize,
}

fn by_customer<T>(items: &[T], customer: impl Fn(&T) -> i64) -> HashMap<i64, Vec<&T>> {
    let mut map: HashMap<i64, Vec<&T>> = HashMap::new();
    for item in items {
        map.entry(customer(item)).or_default().push(item);
    }
    map
}

fn of<'a, T>(map: &HashMap<i64, Vec<&'a T>>, id: i64) -> Vec<&'a T> {
    map.get(&id).cloned().unwrap_or_default()
}

impl Loaded {
    /// One query per source, whatever the number of customers.
    async fn load(db: &Db, which: Which<'_>) -> Result<Loaded, StoreError> {
        Ok(Loaded {
            customers: plans::customers(db, which).await?,
            sections: plans::sections(db, false).await?,
            contacts: plans::contacts(db, which).await?,
            services: plans::services(db, which).await?,
            projects: plans::projects(db, which).await?,
            events: events::list(db, which).await?,
            needs: plans::needs(db, which).await?,
            notes: plans::notes(db, which).await?,
            snapshots: plans::latest_snapshots(db, which).await?.into_iter().collect(),
        })
    }

    /// Each customer with its assembled plan, its events and its changes
    /// since the last review.
    fn plans(&self, today: NaiveDate) -> Vec<Assembled<'_>> {
        let contacts = by_customer(&self.contacts, |c| c.customer_id);
        let services = by_customer(&self.services, |s| s.customer_id);
        let projects = by_customer(&self.projects, |p| p.customer_id);
        let events = by_customer(&self.events, |e| e.customer_id);
        let needs = by_customer(&self.needs, |n| n.customer_id);
        let notes = by_customer(&self.notes, |n| n.0);
        self.customers
            .iter()
            .map(|c| {
                let sources = Sources {
                    customer: c,
                    sections: &self.sections,
                    contacts: of(&contacts, c.id),
                    services: of(&services, c.id),
                    projects: of(&projects, c.id),
                    events: of(&events, c.id),
                    needs: of(&needs, c.id),
                    notes: of(&notes, c.id).into_iter().map(|(_, s, body)| (*s, body.as_str())).collect(),
                    today,
                };
                let plan = assemble(&sources);
                let before = self.snapshots.get(&c.id).and_then(|json| serde_json::from_str::<Plan>(json).ok());
                let before = before.unwrap_or_else(|| Plan { sections: Vec::new(), ..plan.clone() });
                let changes = diff::diff(&before, &plan).iter().map(|s| s.changes.len()).sum();
                Assembled { customer: c, plan, events: of(&events, c.id), changes }
            })
            .collect()
    }
}

/// A plan as the page and the API show it: the assembled plan with its
/// review state, staleness, automation share and calendar.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanView {
    pub plan: Plan,
    pub segment_name: String,
    pub manager_name: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
    /// `never`, `current`, `due_soon` or `overdue`
    pub staleness: String,
    pub review_due_on: Option<NaiveDate>,
    pub cadence_months: i64,
    /// Plan lines added, removed or changed since the last review.
    pub changes_since_review: usize,
    pub automation: Automation,
    /// The customer's dated events and next review, by date.
    pub calendar: Vec<CustomerEvent>,
}

fn view(a: Assembled<'_>, today: NaiveDate) -> PlanView {
    let (c, plan, events) = (a.customer, a.plan, &a.events);
    let staleness = plan_staleness(c, today);
    PlanView {
        automation: plan.automation(),
        calendar: customer_events(c, events, today),
        plan,
        segment_name: c.segment_name.clone(),
        manager_name: c.manager_name.clone(),
        reviewed_at: c.reviewed_at,
        reviewed_by: c.reviewed_by.clone(),
        staleness: staleness.code().to_owned(),
        review_due_on: staleness.due_on(),
        cadence_months: c.cadence_months,
        changes_since_review: a.changes,
    }
}

/// Each covered customer's plan as assembled now (for demo data and
/// batch jobs).
pub(crate) async fn assembled(db: &Db, which: Which<'_>) -> Result<Vec<(i64, Plan)>, AppError> {
    let loaded = Loaded::load(db, which).await?;
    Ok(loaded.plans(today()).into_iter().map(|a| (a.customer.id, a.plan)).collect())
}

/// The dated events and next reviews of one customer or a portfolio (the
/// annual clock's and calendars' input), by date. Reads the customers and
/// their events only: a calendar needs no assembled plan.
pub async fn calendar(db: &Db, _: &Permit<ReadPlans>, which: Which<'_>) -> Result<Vec<CustomerEvent>, AppError> {
    if let Which::Customer(id) = which {
        customers::get(db, id).await?;
    }
    let covered = plans::customers(db, which).await?;
    let events = events::list(db, which).await?;
    let by = by_customer(&events, |e| e.customer_id);
    let today = today();
    let mut all: Vec<CustomerEvent> = covered.iter().flat_map(|c| customer_events(c, &of(&by, c.id), today)).collect();
    all.sort_by_key(|e| (e.date, e.customer_id, e.event_id));
    Ok(all)
}

/// A customer's plan, assembled now.
pub async fn get(db: &Db, _: &Permit<ReadPlans>, customer_id: i64) -> Result<PlanView, AppError> {
    let loaded = Loaded::load(db, Which::Customer(customer_id)).await?;
    let today = today();
    let found = loaded.plans(today).into_iter().next();
    Ok(view(found.ok_or(AppError::NotFound)?, today))
}

/// Passes the transaction on if the scope may change this customer's
/// plan; else NotFound (no such customer) or an audited Forbidden.
pub(crate) async fn check_editable(
    db: &Db,
    mut tx: Tx,
    permit: &Permit<EditPlans>,
    customer_id: i64,
) -> Result<Tx, AppError> {
    if customers::editable(&mut tx, customer_id, &permit.plan_scope(today())).await? {
        return Ok(tx);
    }
    let exists = customers::get_in(&mut tx, customer_id).await.is_ok();
    // Release the write lock before the refusal is audited in its own transaction.
    drop(tx);
    if !exists {
        return Err(AppError::NotFound);
    }
    Err(deny(db, permit.actor(), "account_plan", Some(customer_id), AppError::Forbidden).await)
}

/// Whether `actor` may change the customer's plan: the role check without an
/// audited refusal (a page asks this to decide which buttons to show), then
/// the record-level scope. A database error is an error, not a "no".
pub async fn may_edit(db: &Db, actor: &Actor, id: i64) -> Result<bool, AppError> {
    match policy::offered::<EditPlans>(actor) {
        Some(permit) => editable(db, &permit, id).await,
        None => Ok(false),
    }
}

/// Whether the permit may change this customer's plan (for showing forms;
/// the writes check again).
pub async fn editable(db: &Db, permit: &Permit<EditPlans>, customer_id: i64) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let scope: EditScope = permit.plan_scope(today());
    let ok = customers::editable(&mut tx, customer_id, &scope).await?;
    drop(tx);
    Ok(ok)
}

pub(crate) fn plan_target(entity: &'static str, entity_id: i64, customer_id: i64) -> Target<'static> {
    Target { entity, entity_id: Some(entity_id), subject: Some(("account_plan", customer_id)) }
}

/// Writes the narratives of the listed sections (blank removes one), as
/// one change of the plan at `version`.
pub async fn save_notes(
    db: &Db,
    permit: &Permit<EditPlans>,
    customer_id: i64,
    version: i64,
    notes: &[NoteDraft],
) -> Result<PlanView, AppError> {
    let sections = plans::sections(db, false).await?;
    let mut tx = check_editable(db, db.begin().await?, permit, customer_id).await?;
    let valid = validate_notes(notes)?;
    let mut unknown = Invalid::default();
    for (id, _) in &valid {
        if !sections.iter().any(|s| s.id == *id) {
            unknown.push(&format!("note-{id}"), "error-not-found");
        }
    }
    unknown.into_result()?;
    plans::advance(&mut tx, customer_id, version, None).await?;
    let mut changes = Vec::new();
    for (section_id, text) in &valid {
        let old = plans::set_note(&mut tx, customer_id, *section_id, text.as_str()).await?;
        if old != text.as_str() {
            let title = sections.iter().find(|s| s.id == *section_id).map_or("", |s| s.title_fi.as_str());
            let some = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
            changes.push(Change { field: format!("note: {title}"), old: some(&old), new: some(text.as_str()) });
        }
    }
    audit_change(
        &mut tx,
        permit.actor(),
        Action::Update,
        plan_target("account_plan", customer_id, customer_id),
        &changes,
    )
    .await?;
    tx.commit().await?;
    get(db, &permit.read_plans(), customer_id).await
}

/// Marks the plan reviewed: freezes the assembled plan as it stands (the
/// plan's version at this review) and moves the plan's version on.
pub async fn review(db: &Db, permit: &Permit<EditPlans>, customer_id: i64, version: i64) -> Result<Review, AppError> {
    let actor = permit.actor();
    // The assembly reads through the pool before the write begins; the
    // version check in `advance` refuses a review of a plan whose narrative
    // moved on meanwhile.
    let mut plan = get(db, &permit.read_plans(), customer_id).await?.plan;
    plan.version = version + 1;
    let snapshot = serde_json::to_string(&plan).map_err(|e| AppError::Internal(e.to_string()))?;
    let mut tx = check_editable(db, db.begin().await?, permit, customer_id).await?;
    let at = plans::advance(&mut tx, customer_id, version, Some(actor)).await?;
    let id = plans::add_review(&mut tx, customer_id, version + 1, actor, at, &snapshot).await?;
    let fields = [("plan_version", Some((version + 1).to_string())), ("lines", Some(plan.line_count().to_string()))];
    audit_change(
        &mut tx,
        actor,
        Action::Create,
        plan_target("plan_review", id, customer_id),
        &field_diff(None, Some(&fields)),
    )
    .await?;
    tx.commit().await?;
    let reviews = plans::reviews(db, customer_id).await?;
    reviews.into_iter().find(|r| r.id == id).ok_or(AppError::NotFound)
}

/// A plan's history: its reviews (newest first) and every change to its
/// narrative and events.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlanHistory {
    pub reviews: Vec<Review>,
    pub changes: Vec<AuditEntry>,
}

pub async fn history(db: &Db, _: &Permit<ReadPlans>, customer_id: i64) -> Result<PlanHistory, AppError> {
    customers::get(db, customer_id).await?;
    Ok(PlanHistory {
        reviews: plans::reviews(db, customer_id).await?,
        changes: audit::history(db, "account_plan", customer_id, 500).await?,
    })
}

/// The plan a review froze.
pub fn snapshot(review: &Review) -> Result<Plan, AppError> {
    serde_json::from_str(&review.snapshot).map_err(|e| AppError::Internal(format!("review snapshot: {e}")))
}

/// What changed since the last review (against an empty plan if never
/// reviewed).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Changes {
    pub since: Option<Review>,
    pub sections: Vec<SectionChanges>,
}

pub async fn changes(db: &Db, permit: &Permit<ReadPlans>, customer_id: i64) -> Result<Changes, AppError> {
    let now = get(db, permit, customer_id).await?.plan;
    let since = plans::reviews(db, customer_id).await?.into_iter().next();
    let before = match &since {
        Some(r) => snapshot(r)?,
        None => Plan { sections: Vec::new(), ..now.clone() },
    };
    Ok(Changes { sections: diff::diff(&before, &now), since })
}

/// The plan template as one document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Template {
    pub version: i64,
    /// Active sections in order (retired ones are not listed).
    pub sections: Vec<Section>,
    pub cadences: Vec<Cadence>,
}

pub async fn template(db: &Db, _: &Permit<ReadPlans>) -> Result<Template, AppError> {
    Ok(Template {
        version: plans::template_version(db).await?,
        sections: plans::sections(db, false).await?,
        cadences: plans::cadences(db).await?,
    })
}

fn template_fields(t: &Template) -> Vec<(&'static str, Option<String>)> {
    let sections: Vec<String> = t
        .sections
        .iter()
        .map(|s| format!("{} ({}) / {} / {}", s.title_fi, s.source.as_str(), s.title_sv, s.title_en))
        .collect();
    let cadences: Vec<String> = t.cadences.iter().map(|c| format!("{}: {}", c.segment_name, c.months)).collect();
    vec![("sections", Some(sections.join("; "))), ("cadences", Some(cadences.join("; ")))]
}

/// Replaces the template (sections in order, cadences) at `version`.
pub async fn save_template(
    db: &Db,
    permit: &Permit<EditPlanTemplate>,
    version: i64,
    draft: &TemplateDraft,
) -> Result<Template, AppError> {
    let valid = draft.validate()?;
    let read = permit.read_plans();
    let before = template(db, &read).await?;
    let mut tx = db.begin().await?;
    for (segment_id, _) in &valid.cadences {
        reference(catalog::get_in(&mut tx, Kind::Segment, *segment_id).await, &format!("months-{segment_id}"))?;
    }
    match plans::save_template(&mut tx, version, &valid).await {
        Err(StoreError::NotFound) => return Err(Invalid::one("sections", "error-not-found").into()),
        other => other?,
    }
    // The audit row describes the template as written, in the same transaction.
    let written = Template {
        version: version + 1,
        sections: valid
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| Section {
                id: s.id.unwrap_or(0),
                position: i64::try_from(i).unwrap_or(0) + 1,
                source: s.source,
                title_fi: s.titles[0].as_str().to_owned(),
                title_sv: s.titles[1].as_str().to_owned(),
                title_en: s.titles[2].as_str().to_owned(),
                active: true,
            })
            .collect(),
        cadences: before
            .cadences
            .iter()
            .map(|c| Cadence {
                months: valid.cadences.iter().find(|(id, _)| *id == c.segment_id).map_or(c.months, |(_, m)| *m),
                ..c.clone()
            })
            .collect(),
    };
    let changes = field_diff(Some(&template_fields(&before)), Some(&template_fields(&written)));
    let target = Target { entity: "plan_template", entity_id: Some(1), subject: Some(("plan_template", 1)) };
    audit_change(&mut tx, permit.actor(), Action::Update, target, &changes).await?;
    tx.commit().await?;
    template(db, &read).await
}
