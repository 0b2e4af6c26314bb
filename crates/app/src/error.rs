//! The one error type of the use cases; the web layer maps it to problem+json
//! for the API and to re-rendered forms for the pages.

use kumppani_domain::Invalid;
use kumppani_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// Missing, or not visible to the caller: the two look the same.
    #[error("not found")]
    NotFound,
    /// The record changed since the caller read it.
    #[error("the record is now at version {current}")]
    Conflict { current: i64 },
    #[error("forbidden")]
    Forbidden,
    #[error("wrong username or password")]
    BadCredentials,
    /// Too many failed sign-ins for the account or the address.
    #[error("too many failed sign-ins; try again in {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    #[error("database unavailable")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { current } => AppError::Conflict { current },
            StoreError::Unavailable(_) => AppError::Unavailable,
            // Callers that can name the duplicate field check it first; a
            // race that still hits the constraint lands here, on the field
            // of the column the database named.
            StoreError::Duplicate { column } => {
                AppError::Invalid(Invalid::one(duplicate_field(column.as_deref()), "error-duplicate"))
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// The form field of a unique column (the column's own name where forms
/// use it; `name` when the database did not say).
fn duplicate_field(column: Option<&str>) -> &'static str {
    match column {
        Some("business_id") => "business_id",
        Some("username") => "username",
        Some("external_id") => "external_id",
        Some("term_key") => "term",
        Some("service_id") => "service_id",
        _ => "name",
    }
}

/// Turns a store's NotFound for a referenced record into a field error.
pub(crate) fn reference<T>(result: Result<T, StoreError>, field: &str) -> Result<T, AppError> {
    match result {
        Err(StoreError::NotFound) => Err(AppError::Invalid(Invalid::one(field, "error-not-found"))),
        other => other.map_err(AppError::from),
    }
}
