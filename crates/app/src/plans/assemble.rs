//! The plan as a value: assembled from loaded data by a pure function, so
//! the page, the API, the review snapshots and (later) document exports and
//! calendars all read the same thing. Every line says where it came from,
//! links there, and whether it was derived from a record or typed.

use chrono::{Duration, NaiveDate};
use kumppani_domain::plan::{EventKind, SectionSource, Staleness, staleness};
use kumppani_store::events::Event;
use kumppani_store::plans::{ContactLine, NeedLine, PlanCustomer, ProjectLine, Section, ServiceLine};
use serde::{Deserialize, Serialize};

use crate::centre_time;

/// Dated events older than this are history, not plan (days).
pub const HORIZON_PAST_DAYS: i64 = 365;

/// What a line is about: also its label on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    BusinessId,
    OrgType,
    Segment,
    Manager,
    Deputy,
    Contact,
    Service,
    /// A critical service with no update scheduled from today on.
    UnscheduledUpdate,
    Project,
    Event,
    /// A development need from a customer contact, not yet answered.
    Request,
    /// The manager's own words.
    Narrative,
}

impl LineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::BusinessId => "business_id",
            LineKind::OrgType => "org_type",
            LineKind::Segment => "segment",
            LineKind::Manager => "manager",
            LineKind::Deputy => "deputy",
            LineKind::Contact => "contact",
            LineKind::Service => "service",
            LineKind::UnscheduledUpdate => "unscheduled_update",
            LineKind::Project => "project",
            LineKind::Event => "event",
            LineKind::Request => "request",
            LineKind::Narrative => "narrative",
        }
    }
}

/// One line of a plan section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Line {
    pub kind: LineKind,
    /// The record it came from (customer, contact, service, project or
    /// event id); absent for narrative.
    pub source_id: Option<i64>,
    /// Where the record lives in the application.
    pub href: Option<String>,
    /// Drawn from a record (true) or typed into the plan (false).
    pub derived: bool,
    /// The record's own words: a name, a title, a business ID.
    pub text: String,
    pub date: Option<NaiveDate>,
    /// A code the page translates: an event status, a project stage, an
    /// organisation type.
    pub status: Option<String>,
    /// A second code: a project's RAG colour, `critical` for a service.
    pub flag: Option<String>,
    /// A secondary name: a contact's title, a project's manager, the
    /// service a critical update updates.
    pub detail: Option<String>,
    /// Who is responsible (events).
    pub owner: Option<String>,
}

impl Line {
    fn derived(kind: LineKind, source_id: i64, href: String, text: impl Into<String>) -> Line {
        Line {
            kind,
            source_id: Some(source_id),
            href: Some(href),
            derived: true,
            text: text.into(),
            date: None,
            status: None,
            flag: None,
            detail: None,
            owner: None,
        }
    }

    /// What identifies a line between two versions of a plan.
    pub fn key(&self) -> (LineKind, Option<i64>, String) {
        match self.source_id {
            Some(id) if self.kind != LineKind::Narrative => (self.kind, Some(id), String::new()),
            _ => (self.kind, None, self.text.clone()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlanSection {
    pub section_id: i64,
    #[schema(value_type = String)]
    pub source: SectionSource,
    pub title_fi: String,
    pub title_sv: String,
    pub title_en: String,
    /// The manager's narrative as written (the `narrative` lines split it).
    pub note: String,
    pub lines: Vec<Line>,
}

impl PlanSection {
    pub fn title(&self, lang: &str) -> &str {
        match lang {
            "sv" => &self.title_sv,
            "en" => &self.title_en,
            _ => &self.title_fi,
        }
    }
}

/// A customer's account plan as assembled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Plan {
    pub customer_id: i64,
    pub customer_name: String,
    /// The plan's own version (narrative and reviews); its ETag.
    pub version: i64,
    pub sections: Vec<PlanSection>,
}

/// How much of a plan (or many) was derived rather than typed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Automation {
    pub derived: usize,
    pub typed: usize,
}

impl Automation {
    /// The derived share in whole percent (100 for an empty plan: nothing
    /// was typed).
    pub fn percent(&self) -> usize {
        let total = self.derived + self.typed;
        (self.derived * 100 + total / 2).checked_div(total).unwrap_or(100)
    }

    pub fn plus(self, other: Automation) -> Automation {
        Automation { derived: self.derived + other.derived, typed: self.typed + other.typed }
    }
}

impl Plan {
    pub fn automation(&self) -> Automation {
        let lines = self.sections.iter().flat_map(|s| &s.lines);
        let derived = lines.clone().filter(|l| l.derived).count();
        Automation { derived, typed: lines.count() - derived }
    }

    pub fn line_count(&self) -> usize {
        self.sections.iter().map(|s| s.lines.len()).sum()
    }
}

/// The share of derived lines over many plans.
pub fn automation(plans: &[Plan]) -> Automation {
    plans.iter().map(Plan::automation).fold(Automation::default(), Automation::plus)
}

/// Everything one customer's plan is assembled from.
pub struct Sources<'a> {
    pub customer: &'a PlanCustomer,
    pub sections: &'a [Section],
    pub contacts: Vec<&'a ContactLine>,
    pub services: Vec<&'a ServiceLine>,
    pub projects: Vec<&'a ProjectLine>,
    pub events: Vec<&'a Event>,
    /// Open development needs from customer contacts.
    pub needs: Vec<&'a NeedLine>,
    /// (section id, narrative)
    pub notes: Vec<(i64, &'a str)>,
    pub today: NaiveDate,
}

fn basic(s: &Sources<'_>) -> Vec<Line> {
    let c = s.customer;
    let href = format!("/customers/{}", c.id);
    let mut lines = Vec::new();
    if let Some(b) = &c.business_id {
        lines.push(Line::derived(LineKind::BusinessId, c.id, href.clone(), b.clone()));
    }
    let mut org = Line::derived(LineKind::OrgType, c.id, href.clone(), "");
    org.status = Some(c.org_type.as_str().to_owned());
    lines.push(org);
    lines.push(Line::derived(LineKind::Segment, c.segment_id, format!("/segments/{}", c.segment_id), &c.segment_name));
    if let Some(m) = &c.manager_name {
        lines.push(Line::derived(LineKind::Manager, c.id, href.clone(), m.clone()));
    }
    if let Some(d) = &c.deputy_name {
        lines.push(Line::derived(LineKind::Deputy, c.id, href.clone(), d.clone()));
    }
    for k in &s.contacts {
        let mut l = Line::derived(LineKind::Contact, k.id, format!("{href}#contacts"), &k.name);
        l.detail = Some(k.title.clone()).filter(|t| !t.is_empty());
        lines.push(l);
    }
    for v in &s.services {
        let mut l = Line::derived(LineKind::Service, v.service_id, format!("{href}#services"), &v.service_name);
        l.flag = v.critical.then(|| "critical".to_owned());
        lines.push(l);
    }
    lines
}

fn projects(s: &Sources<'_>) -> Vec<Line> {
    s.projects
        .iter()
        .filter(|p| p.stage != "closed")
        .map(|p| {
            let mut l = Line::derived(LineKind::Project, p.id, format!("/projects/{}", p.id), &p.name);
            l.status = Some(match p.stage_number {
                Some(n) => format!("{}-{n}", p.stage),
                None => p.stage.clone(),
            });
            l.flag = p.rag.clone();
            l.detail = Some(p.project_manager_name.clone());
            l.date = p.ends_on;
            l
        })
        .collect()
}

fn event_line(e: &Event) -> Line {
    let mut l = Line::derived(LineKind::Event, e.id, format!("/events/{}/edit", e.id), &e.title);
    l.date = Some(e.on_date);
    l.status = Some(e.status.as_str().to_owned());
    l.detail = e.service_name.clone();
    l.owner = e.owner_name.clone();
    l
}

fn events(s: &Sources<'_>, kind: EventKind) -> Vec<Line> {
    let since = s.today - Duration::days(HORIZON_PAST_DAYS);
    let mut lines: Vec<Line> = s
        .events
        .iter()
        .filter(|e| e.kind == kind)
        .filter(|e| match kind {
            // Open needs only: a done need is history.
            EventKind::DevelopmentNeed => e.status.is_open(),
            _ => e.status != kumppani_domain::plan::EventStatus::Cancelled && e.on_date >= since,
        })
        .map(|e| event_line(e))
        .collect();
    if kind == EventKind::DevelopmentNeed {
        // A need a customer raised reaches the plan by itself, linked back
        // to the contact: nobody types it twice.
        lines.extend(s.needs.iter().map(|n| {
            let mut l = Line::derived(LineKind::Request, n.id, format!("/requests/{}", n.id), &n.subject);
            l.date = Some(centre_time::day_of(n.received_at));
            l.status = Some(n.status.clone());
            l.owner = n.holder_name.clone();
            l
        }));
    }
    if kind == EventKind::CriticalUpdate {
        // A critical service nobody has scheduled an update for is worth a
        // line of its own: the gap is the news.
        for v in s.services.iter().filter(|v| v.critical) {
            let scheduled = s.events.iter().any(|e| {
                e.kind == EventKind::CriticalUpdate
                    && e.service_id == Some(v.service_id)
                    && e.status.is_open()
                    && e.on_date >= s.today
            });
            if !scheduled {
                let href = format!("/customers/{}/plan#add-event", s.customer.id);
                lines.push(Line::derived(LineKind::UnscheduledUpdate, v.service_id, href, &v.service_name));
            }
        }
    }
    lines
}

fn narrative(note: &str) -> Vec<Line> {
    note.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|text| Line {
            kind: LineKind::Narrative,
            source_id: None,
            href: None,
            derived: false,
            text: text.to_owned(),
            date: None,
            status: None,
            flag: None,
            detail: None,
            owner: None,
        })
        .collect()
}

/// How many lines a narrative gives its section (each typed).
pub(crate) fn typed_lines(note: &str) -> usize {
    narrative(note).len()
}

/// Assembles one customer's plan from its sources.
pub fn assemble(s: &Sources<'_>) -> Plan {
    let sections = s
        .sections
        .iter()
        .filter(|sec| sec.active)
        .map(|sec| {
            let note = s.notes.iter().find(|(id, _)| *id == sec.id).map_or("", |(_, n)| *n);
            let mut lines = match sec.source {
                SectionSource::Basic => basic(s),
                SectionSource::Projects => projects(s),
                SectionSource::Narrative => Vec::new(),
                other => other.event_kind().map(|k| events(s, k)).unwrap_or_default(),
            };
            lines.extend(narrative(note));
            PlanSection {
                section_id: sec.id,
                source: sec.source,
                title_fi: sec.title_fi.clone(),
                title_sv: sec.title_sv.clone(),
                title_en: sec.title_en.clone(),
                note: note.to_owned(),
                lines,
            }
        })
        .collect();
    Plan {
        customer_id: s.customer.id,
        customer_name: s.customer.name.clone(),
        version: s.customer.plan_version,
        sections,
    }
}

/// Where a customer's plan stands against its segment's cadence.
pub fn plan_staleness(c: &PlanCustomer, today: NaiveDate) -> Staleness {
    staleness(c.reviewed_at.map(centre_time::day_of), c.cadence_months, today)
}

/// What a calendar entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CalendarKind {
    CriticalUpdate,
    BudgetMeeting,
    DevelopmentNeed,
    MarketingAction,
    ReviewDue,
}

impl CalendarKind {
    /// The kind's name in message ids and CSS classes.
    pub fn code(self) -> &'static str {
        match self {
            CalendarKind::CriticalUpdate => "critical_update",
            CalendarKind::BudgetMeeting => "budget_meeting",
            CalendarKind::DevelopmentNeed => "development_need",
            CalendarKind::MarketingAction => "marketing_action",
            CalendarKind::ReviewDue => "review_due",
        }
    }
}

impl From<EventKind> for CalendarKind {
    fn from(kind: EventKind) -> CalendarKind {
        match kind {
            EventKind::CriticalUpdate => CalendarKind::CriticalUpdate,
            EventKind::BudgetMeeting => CalendarKind::BudgetMeeting,
            EventKind::DevelopmentNeed => CalendarKind::DevelopmentNeed,
            EventKind::MarketingAction => CalendarKind::MarketingAction,
        }
    }
}

/// One dated thing about a customer: what calendar feeds, the annual clock
/// and the deputy brief are made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CustomerEvent {
    pub date: NaiveDate,
    pub kind: CalendarKind,
    pub title: String,
    pub customer_id: i64,
    pub customer_name: String,
    /// Where the source lives.
    pub href: String,
    /// The stored event's id; absent for a computed "review due".
    pub event_id: Option<i64>,
}

/// A stored event as a calendar entry.
pub fn calendar_entry(e: &Event) -> CustomerEvent {
    CustomerEvent {
        date: e.on_date,
        kind: e.kind.into(),
        title: e.title.clone(),
        customer_id: e.customer_id,
        customer_name: e.customer_name.clone(),
        href: format!("/events/{}/edit", e.id),
        event_id: Some(e.id),
    }
}

/// A customer's next review as a calendar entry.
pub fn review_entry(customer_id: i64, customer_name: &str, due: NaiveDate) -> CustomerEvent {
    CustomerEvent {
        date: due,
        kind: CalendarKind::ReviewDue,
        title: customer_name.to_owned(),
        customer_id,
        customer_name: customer_name.to_owned(),
        href: format!("/customers/{customer_id}/plan"),
        event_id: None,
    }
}

/// A customer's calendar: its stored events that are not cancelled, and
/// the next review (due now for a plan never reviewed), by date.
pub fn customer_events(c: &PlanCustomer, events: &[&Event], today: NaiveDate) -> Vec<CustomerEvent> {
    let mut out: Vec<CustomerEvent> = events
        .iter()
        .filter(|e| e.status != kumppani_domain::plan::EventStatus::Cancelled)
        .map(|e| CustomerEvent { customer_name: c.name.clone(), ..calendar_entry(e) })
        .collect();
    out.push(review_entry(c.id, &c.name, plan_staleness(c, today).due_on().unwrap_or(today)));
    out.sort_by_key(|e| (e.date, e.event_id));
    out
}

#[cfg(test)]
mod tests;
