//! The deputy brief (SPEC §6): what a deputy needs to know about a
//! customer, assembled on demand from live data.

use chrono::NaiveDate;
use kumppani_domain::plan::EventKind;
use kumppani_store::absences::{self, Absence};
use kumppani_store::balance::{self as store, BothAway};
use kumppani_store::catalog::{self, CatalogEntry, Kind};
use kumppani_store::contacts::{self, Contact};
use kumppani_store::customers::{self, Customer};
use kumppani_store::events::{self, Event};
use kumppani_store::plans::{self, ProjectLine, Which};
use kumppani_store::subscriptions::{self, Subscription};
use kumppani_store::{Db, users};
use serde::Serialize;

use crate::AppError;
use crate::policy::cap::ReadCustomers;
use crate::policy::{Capability, Permit, allows};

/// One customer's brief.
#[derive(Debug, Clone, Serialize)]
pub struct Brief {
    pub customer: Customer,
    /// The operating model and its practices.
    pub segment: CatalogEntry,
    /// The services critical to the customer.
    pub critical_services: Vec<Subscription>,
    pub contacts: Vec<Contact>,
    /// The manager's and the deputy's absences from today on.
    pub manager_absences: Vec<Absence>,
    pub deputy_absences: Vec<Absence>,
    /// Periods when both are away.
    pub both_away: Vec<BothAway>,
    /// The manager's e-mail address, when known.
    pub manager_email: Option<String>,
    pub deputy_email: Option<String>,
    /// Development projects not yet closed, with stage and latest status.
    pub projects: Vec<ProjectLine>,
    /// Upcoming critical updates and budget meetings, by date.
    pub upcoming: Vec<Event>,
    /// Open development needs and marketing actions.
    pub open_items: Vec<Event>,
    /// Whether the reader may see plan items at all: plans are for those who
    /// look after customers, so staff see the brief without them.
    pub shows_plan_items: bool,
}

/// The brief of customer `id`, as of `today`.
pub async fn brief(db: &Db, permit: &Permit<ReadCustomers>, id: i64, today: NaiveDate) -> Result<Brief, AppError> {
    let customer = customers::get(db, id).await?;
    let segment = catalog::get(db, Kind::Segment, customer.segment_id).await?;
    let critical_services = subscriptions::for_customer(db, id).await?.into_iter().filter(|s| s.critical).collect();
    let contacts = contacts::for_customer(db, id).await?;
    let absences_of = async |user: Option<i64>| -> Result<(Vec<Absence>, Option<String>), AppError> {
        match user {
            Some(u) => Ok((absences::for_user(db, u, today).await?, users::get(db, u).await?.email)),
            None => Ok((Vec::new(), None)),
        }
    };
    let (manager_absences, manager_email) = absences_of(customer.manager_id).await?;
    let (deputy_absences, deputy_email) = absences_of(customer.deputy_id).await?;
    // One customer has one entry per overlapping pair of absences: few.
    let (both_away, _) = store::both_away(db, today, Some(id), i64::from(u16::MAX)).await?;
    let projects = plans::projects(db, Which::Customer(id)).await?;
    let shows_plan_items = allows(permit.actor().role(), Capability::ReadPlans);
    let items = if shows_plan_items { events::list(db, Which::Customer(id)).await? } else { Vec::new() };
    let (dated, open): (Vec<Event>, Vec<Event>) = items
        .into_iter()
        .filter(|e| e.status.is_open())
        .partition(|e| matches!(e.kind, EventKind::CriticalUpdate | EventKind::BudgetMeeting));
    let upcoming = dated.into_iter().filter(|e| e.on_date >= today).collect();
    Ok(Brief {
        customer,
        segment,
        critical_services,
        contacts,
        manager_absences,
        deputy_absences,
        both_away,
        manager_email,
        deputy_email,
        projects,
        upcoming,
        open_items: open,
        shows_plan_items,
    })
}
