//! Many plans at once, for exports: assembled with the same one-query-per-
//! source loading as the dashboard.

use kumppani_store::Db;
use kumppani_store::plans::Which;

use super::{Loaded, PlanView, view};
use crate::AppError;
use crate::customers::today;
use crate::policy::Permit;
use crate::policy::cap::ReadPlans;

/// Every plan of a manager's portfolio (all plans without one), by
/// customer name.
pub async fn views(db: &Db, _: &Permit<ReadPlans>, manager_id: Option<i64>) -> Result<Vec<PlanView>, AppError> {
    let loaded = Loaded::load(db, Which::Portfolio { manager_id }).await?;
    let today = today();
    let mut views: Vec<PlanView> = loaded.plans(today).into_iter().map(|a| view(a, today)).collect();
    views.sort_by_key(|v| v.plan.customer_name.to_lowercase());
    Ok(views)
}
