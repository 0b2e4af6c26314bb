//! Whole-database copies (`kumppani backup | export | restore`). These are
//! the operator's, run with the database URL in hand, so they take no
//! permit: whoever holds the URL holds every row already. Restore refuses a
//! database that is in use (see the store's `dump`).

use kumppani_store::{Db, StoreError, dump};
use std::io::{BufRead, Write};

pub use kumppani_store::dump::DumpSummary;

/// Writes every table as JSON lines, in one read snapshot.
pub async fn export(db: &Db, out: &mut impl Write) -> Result<DumpSummary, StoreError> {
    dump::export(db, out).await
}

/// Loads a dump into a fresh database, all or nothing.
pub async fn restore(db: &Db, input: impl BufRead) -> Result<DumpSummary, StoreError> {
    dump::restore(db, input).await
}
