//! Portfolio balance (issue 6; SPEC §2 and §6): the coverage matrix, the
//! absence warnings, rebalance proposals from the domain's exact optimizer,
//! applying them in one audited transaction, and the deputy brief.
//!
//! Anyone who reads customers sees the coverage and the brief; proposals
//! need the right to edit customers; only the unit head and administrators
//! apply them, since applying assigns managers and deputies.

mod apply;
mod brief;
mod plan;

pub use apply::{Applied, ApplyChange, ApplyRequest, apply};
pub use brief::{Brief, brief};
pub use plan::{DEFAULT_TOLERANCE, Load, Outcome, Plan, PlannedDeputy, PlannedMove, Refusal, Request, propose};

use chrono::NaiveDate;
use kumppani_store::Db;
use kumppani_store::balance as store;
pub use kumppani_store::balance::{BothAway, Coverage, Finding, FindingPages, Person};

use crate::AppError;
use crate::policy::Permit;
use crate::policy::cap::ReadCustomers;

/// Managers × segments with counts, and what SPEC §2's policy finds
/// wanting (each list of customers a page at a time).
pub async fn coverage(db: &Db, _: &Permit<ReadCustomers>, pages: &FindingPages) -> Result<Coverage, AppError> {
    Ok(store::coverage(db, pages).await?)
}

/// The most absence warnings one answer lists.
pub const MAX_ABSENCE_WARNINGS: i64 = 200;

/// Customers whose manager and deputy are both away on some day from
/// `today` on (nobody stands in for them then): the first
/// [`MAX_ABSENCE_WARNINGS`] by customer name, and how many in all.
pub async fn absence_warnings(
    db: &Db,
    _: &Permit<ReadCustomers>,
    today: NaiveDate,
) -> Result<(Vec<BothAway>, i64), AppError> {
    Ok(store::both_away(db, today, None, MAX_ABSENCE_WARNINGS).await?)
}

/// Everyone who holds customers or may hold them (for choosing who leaves
/// and who joins), by name.
pub async fn people(db: &Db, _: &Permit<ReadCustomers>) -> Result<Vec<Person>, AppError> {
    Ok(store::people(db).await?)
}

/// The managers who hold customers now: active people who may hold
/// customers and manage at least one.
pub fn current_managers(people: &[Person]) -> Vec<i64> {
    people.iter().filter(|p| p.active && p.role.can_hold_customers() && p.holds > 0).map(|p| p.id).collect()
}

/// Who may join: active people who may hold customers and hold none yet.
pub fn may_join(people: &[Person]) -> Vec<&Person> {
    people.iter().filter(|p| p.active && p.role.can_hold_customers() && p.holds == 0).collect()
}
