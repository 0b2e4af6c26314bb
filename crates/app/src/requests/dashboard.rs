//! Following up customer contacts (SPEC §5): what waits for an answer per
//! channel, holder and customer; process steps past their due day; and the
//! lead time from the customer's contact to the customer's answer, per
//! process and per segment. Every figure is counted from recorded rows:
//! `answered_at` is set by Kumppani when the answer is recorded, and
//! `received_at` when the contact was recorded (or the time typed for a
//! call taken earlier), so no lead time is ever typed.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, Utc};
use kumppani_domain::process;
use kumppani_domain::request::{LeadTime, lead_time};
use kumppani_store::requests::{self, OpenCount, RunningStep};
use kumppani_store::{Db, processes};
use serde::Serialize;

use crate::AppError;
use crate::centre_time::{day_of, today};
use crate::policy::Permit;
use crate::policy::cap::ReadRequests;

/// How far back lead times are counted.
pub const LEAD_TIME_DAYS: i64 = 365;
/// How many customers the "most open" list shows.
pub const TOP_CUSTOMERS: i64 = 20;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Overdue {
    pub step: RunningStep,
    pub due_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupLeadTime {
    /// The process's or the segment's name; "" for contacts answered
    /// without a process.
    pub name: String,
    pub lead_time: LeadTime,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    pub open_by_channel: Vec<OpenCount>,
    pub open_by_holder: Vec<OpenCount>,
    pub open_by_customer: Vec<OpenCount>,
    /// Running process steps past their due day, the latest first.
    pub overdue: Vec<Overdue>,
    /// Over the last [`LEAD_TIME_DAYS`] days.
    pub lead_time_by_process: Vec<GroupLeadTime>,
    pub lead_time_by_segment: Vec<GroupLeadTime>,
}

fn grouped(groups: BTreeMap<String, Vec<i64>>) -> Vec<GroupLeadTime> {
    groups
        .into_iter()
        .filter_map(|(name, secs)| lead_time(secs).map(|lead_time| GroupLeadTime { name, lead_time }))
        .collect()
}

/// The follow-up figures, names in `lang`.
pub async fn dashboard(db: &Db, _: &Permit<ReadRequests>, lang: &str) -> Result<Dashboard, AppError> {
    let now = today();
    let mut overdue: Vec<Overdue> = requests::running_steps(db)
        .await?
        .into_iter()
        .map(|step| {
            let due_on = process::due(day_of(step.step_started_at), step.days);
            Overdue { step, due_on }
        })
        .filter(|o| process::overdue(day_of(o.step.step_started_at), o.step.days, now))
        .collect();
    overdue.sort_by_key(|o| o.due_on);
    let templates: BTreeMap<i64, String> =
        processes::templates(db).await?.into_iter().map(|t| (t.id, t.name(lang).to_owned())).collect();
    let (mut by_process, mut by_segment): (BTreeMap<String, Vec<i64>>, BTreeMap<String, Vec<i64>>) = Default::default();
    for a in requests::answered_since(db, Utc::now() - Duration::days(LEAD_TIME_DAYS)).await? {
        let secs = (a.answered_at - a.received_at).num_seconds();
        let process = a.template_id.and_then(|t| templates.get(&t).cloned()).unwrap_or_default();
        by_process.entry(process).or_default().push(secs);
        by_segment.entry(a.segment_name).or_default().push(secs);
    }
    Ok(Dashboard {
        open_by_channel: requests::open_by_channel(db).await?,
        open_by_holder: requests::open_by_holder(db).await?,
        open_by_customer: requests::open_by_customer(db, TOP_CUSTOMERS).await?,
        overdue,
        lead_time_by_process: grouped(by_process),
        lead_time_by_segment: grouped(by_segment),
    })
}
