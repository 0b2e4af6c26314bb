//! The plan dashboard: a manager's plans (or a segment's, or all) stalest
//! first, one page at a time, with figures over the whole filtered set.
//!
//! The order (never reviewed, then by due date, then by name) depends on
//! each segment's cadence and on the review day in the centre's time zone,
//! so it is not a column either database can sort on. A page is therefore
//! found by one pass over the few columns that decide it (last review,
//! cadence, name key), read in chunks by id, keeping only the page's keys
//! in a bounded heap; the same pass counts the plans per state. Only the
//! page's plans are assembled. Memory stays at one chunk plus one page
//! whatever the size of the portfolio; time grows with it, but by a light
//! read rather than the assembly of every plan.

use chrono::{DateTime, NaiveDate, Utc};
use kumppani_domain::plan::{Staleness, staleness};
use kumppani_store::Db;
use kumppani_store::plans::{self as store, PlanKey, Scope, Which};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::assemble::{Automation, plan_staleness};
use super::{Loaded, automation};
use crate::AppError;
use crate::centre_time::{self, today};
use crate::policy::Permit;
use crate::policy::cap::ReadPlans;

/// Plans per page unless asked otherwise, and the most a page holds.
pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 100;

/// Keys read per round trip of the ordering pass.
const PASS_CHUNK: i64 = 5_000;

/// Which plans, and which page of them.
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::IntoParams)]
pub struct DashboardQuery {
    /// Only this partnership manager's customers.
    pub manager_id: Option<i64>,
    /// Only this segment's customers.
    pub segment_id: Option<i64>,
    /// The page after this customer's plan.
    pub after: Option<i64>,
    /// The page before this customer's plan.
    pub before: Option<i64>,
    /// Plans per page, 1–100 (default 50).
    pub limit: Option<i64>,
}

impl DashboardQuery {
    pub fn scope(&self) -> Scope {
        Scope { manager_id: self.manager_id, segment_id: self.segment_id }
    }
}

/// One plan on the dashboard.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DashboardRow {
    pub customer_id: i64,
    pub customer_name: String,
    pub manager_id: Option<i64>,
    pub manager_name: Option<String>,
    pub segment_name: String,
    pub cadence_months: i64,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// `never`, `current`, `due_soon` or `overdue`
    pub staleness: String,
    pub review_due_on: Option<NaiveDate>,
    pub overdue_days: Option<i64>,
    pub changes_since_review: usize,
    pub automation: Automation,
}

/// Plans per review state over the whole filtered set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StateCounts {
    pub never: i64,
    pub overdue: i64,
    pub due_soon: i64,
    pub current: i64,
}

impl StateCounts {
    fn add(&mut self, s: &Staleness) {
        match s {
            Staleness::Never => self.never += 1,
            Staleness::Overdue { .. } => self.overdue += 1,
            Staleness::DueSoon { .. } => self.due_soon += 1,
            Staleness::Current { .. } => self.current += 1,
        }
    }

    pub fn total(&self) -> i64 {
        self.never + self.overdue + self.due_soon + self.current
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    /// This page of plans, stalest first: never reviewed, then most overdue,
    /// then by due date; by customer name within a day.
    pub rows: Vec<DashboardRow>,
    /// Plans in all pages.
    pub total: i64,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_cursor: Option<i64>,
    /// Pass as `before` for the previous page; absent on the first page.
    pub prev_cursor: Option<i64>,
    /// Plans per review state, over all pages.
    pub states: StateCounts,
    /// Derived and typed lines over all the plans in all pages.
    pub automation: Automation,
    pub automation_percent: usize,
}

/// Where a plan sorts: stalest first, then by name.
type SortKey = ((u8, i64), String, i64);

fn sort_key(k: &PlanKey, today: NaiveDate) -> (Staleness, SortKey) {
    let s = staleness(k.reviewed_at.map(centre_time::day_of), k.cadence_months, today);
    let key = (s.rank(), k.name_key.clone(), k.id);
    (s, key)
}

/// The ids of one page in order, whether more lie beyond it in the
/// direction read, and the counts per state over the whole scope.
struct Ordered {
    ids: Vec<i64>,
    more: bool,
    states: StateCounts,
}

/// One pass over the scope: the `limit` keys just after `pivot` (or just
/// before it, `backwards`), kept in a heap of `limit + 1`.
async fn order(
    db: &Db,
    scope: Scope,
    pivot: Option<&SortKey>,
    backwards: bool,
    limit: usize,
    today: NaiveDate,
) -> Result<Ordered, AppError> {
    let mut states = StateCounts::default();
    // Forwards the heap's top is the largest kept key (dropped first);
    // backwards the smallest.
    let mut ahead: BinaryHeap<SortKey> = BinaryHeap::new();
    let mut behind: BinaryHeap<Reverse<SortKey>> = BinaryHeap::new();
    let mut last_id = 0;
    loop {
        let chunk = store::keys(db, scope, last_id, PASS_CHUNK).await?;
        let Some(last) = chunk.last() else { break };
        last_id = last.id;
        for k in &chunk {
            let (s, key) = sort_key(k, today);
            states.add(&s);
            match (pivot, backwards) {
                (Some(p), false) if key <= *p => {}
                (Some(p), true) if key >= *p => {}
                (_, false) => {
                    ahead.push(key);
                    if ahead.len() > limit + 1 {
                        ahead.pop();
                    }
                }
                (_, true) => {
                    behind.push(Reverse(key));
                    if behind.len() > limit + 1 {
                        behind.pop();
                    }
                }
            }
        }
        if (chunk.len() as i64) < PASS_CHUNK {
            break;
        }
    }
    let mut keys: Vec<SortKey> =
        if backwards { behind.into_iter().map(|Reverse(k)| k).collect() } else { ahead.into_vec() };
    keys.sort();
    // The extra key says another page lies beyond; it is not shown.
    let more = keys.len() > limit;
    if more && backwards {
        keys.remove(0);
    }
    keys.truncate(limit);
    Ok(Ordered { ids: keys.into_iter().map(|(_, _, id)| id).collect(), more, states })
}

/// A page of plans (see the module's comment for how it is found).
pub async fn dashboard(db: &Db, _: &Permit<ReadPlans>, q: &DashboardQuery) -> Result<Dashboard, AppError> {
    let today = today();
    let scope = q.scope();
    let limit = usize::try_from(q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)).unwrap_or(1);
    let (cursor, backwards) = match (q.after, q.before) {
        (Some(id), _) => (Some(id), false),
        (None, Some(id)) => (Some(id), true),
        (None, None) => (None, false),
    };
    // A cursor outside the scope (or gone) starts from the beginning.
    let pivot = match cursor {
        Some(id) => store::key(db, scope, id).await?.map(|k| sort_key(&k, today).1),
        None => None,
    };
    let (cursor, backwards) = if pivot.is_some() { (cursor, backwards) } else { (None, false) };
    let ordered = order(db, scope, pivot.as_ref(), backwards, limit, today).await?;

    let loaded = Loaded::load(db, Which::Listed(&ordered.ids)).await?;
    let assembled: HashMap<i64, _> = loaded.plans(today).into_iter().map(|a| (a.customer.id, a)).collect();
    let rows: Vec<DashboardRow> = ordered
        .ids
        .iter()
        .filter_map(|id| assembled.get(id))
        .map(|a| {
            let (c, plan) = (a.customer, &a.plan);
            let s = plan_staleness(c, today);
            DashboardRow {
                customer_id: c.id,
                customer_name: c.name.clone(),
                manager_id: c.manager_id,
                manager_name: c.manager_name.clone(),
                segment_name: c.segment_name.clone(),
                cadence_months: c.cadence_months,
                reviewed_at: c.reviewed_at,
                staleness: s.code().to_owned(),
                review_due_on: s.due_on(),
                overdue_days: match s {
                    Staleness::Overdue { days, .. } => Some(days),
                    _ => None,
                },
                changes_since_review: a.changes,
                automation: plan.automation(),
            }
        })
        .collect();

    let (first, last) = (rows.first().map(|r| r.customer_id), rows.last().map(|r| r.customer_id));
    let (has_next, has_prev) = if backwards { (true, ordered.more) } else { (ordered.more, cursor.is_some()) };
    let total = automation::over(db, scope, today).await?;
    Ok(Dashboard {
        rows,
        total: ordered.states.total(),
        next_cursor: last.filter(|_| has_next),
        prev_cursor: first.filter(|_| has_prev),
        states: ordered.states,
        automation_percent: total.percent(),
        automation: total,
    })
}
