//! The service desk hand-over as a file: what went to the service desk,
//! with Kumppani's reference (`KP-<id>`), when it was handed over, and the
//! service desk's own reference once it confirmed. Kumppani does not work
//! these; the service desk imports the file or reads it.

use kumppani_store::{Db, requests};

use crate::AppError;
use crate::centre_time::ZONE;
use crate::policy::Permit;
use crate::policy::cap::ReadRequests;

/// The columns, in order.
pub const COLUMNS: [&str; 12] = [
    "reference",
    "handed_over_at",
    "received_at",
    "customer",
    "contact",
    "sender",
    "service",
    "kind",
    "subject",
    "body",
    "status",
    "desk_reference",
];

/// Kumppani's reference of a contact, as the service desk quotes it.
pub fn reference(id: i64) -> String {
    format!("KP-{id}")
}

/// Every hand-over as CSV (UTF-8, comma-separated, a header row; times in
/// the centre's zone, `YYYY-MM-DD HH:MM`).
pub async fn csv(db: &Db, _: &Permit<ReadRequests>) -> Result<Vec<u8>, AppError> {
    let rows = requests::handed_over(db).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| AppError::Internal(e.to_string());
    w.write_record(COLUMNS).map_err(io)?;
    let time = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&ZONE).format("%Y-%m-%d %H:%M").to_string();
    for r in rows {
        w.write_record([
            reference(r.id),
            r.handed_over_at.map(time).unwrap_or_default(),
            time(r.received_at),
            r.customer_name,
            r.contact_name.unwrap_or_default(),
            r.sender,
            r.service_name.unwrap_or_default(),
            r.kind.as_str().to_owned(),
            r.subject,
            r.body,
            r.status.as_str().to_owned(),
            r.desk_reference,
        ])
        .map_err(io)?;
    }
    w.into_inner().map_err(|e| AppError::Internal(e.to_string()))
}
