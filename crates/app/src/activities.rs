//! A customer's activities (meetings, calls, e-mails), newest first.

use kumppani_store::activities;
pub use kumppani_store::activities::Activity;
use kumppani_store::{Db, Page, customers};

use crate::AppError;
use crate::policy::Permit;
use crate::policy::cap::ReadCustomers;

/// Activities shown per page on a customer's page and by default in the API.
pub const PAGE: i64 = 10;

pub async fn for_customer(
    db: &Db,
    _: &Permit<ReadCustomers>,
    customer_id: i64,
    after: Option<i64>,
    limit: Option<i64>,
) -> Result<Page<Activity>, AppError> {
    customers::get(db, customer_id).await?;
    Ok(activities::for_customer(db, customer_id, after, limit.unwrap_or(PAGE)).await?)
}
