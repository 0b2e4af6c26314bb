//! Many plans at once, for exports: a portfolio in chunks by customer
//! name, each chunk assembled with the same one-query-per-source loading
//! as one plan, so an export holds one chunk of plans at a time.

use kumppani_store::Db;
use kumppani_store::plans::{self as store, Scope, Which};
use std::collections::HashMap;

use super::{Loaded, PlanView, view};
use crate::AppError;
use crate::centre_time::today;
use crate::policy::Permit;
use crate::policy::cap::ReadPlans;

/// Plans per chunk: few enough to hold, enough to keep round trips few.
pub const CHUNK: i64 = 500;

/// The scope's plans after the customer `after` (from the first without
/// one), at most `limit`, by customer name; and the cursor of the next
/// chunk, absent after the last.
pub async fn chunk(
    db: &Db,
    _: &Permit<ReadPlans>,
    scope: Scope,
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<PlanView>, Option<i64>), AppError> {
    let limit = limit.max(1);
    let ids = store::ids_by_name(db, scope, after, limit).await?;
    let next = ids.last().copied().filter(|_| ids.len() as i64 == limit);
    let loaded = Loaded::load(db, Which::Listed(&ids)).await?;
    let today = today();
    let mut views: HashMap<i64, PlanView> =
        loaded.plans(today).into_iter().map(|a| (a.customer.id, view(a, today))).collect();
    Ok((ids.iter().filter_map(|id| views.remove(id)).collect(), next))
}
