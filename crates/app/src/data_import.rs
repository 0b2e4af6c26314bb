//! CSV import of customers, contacts and activities (unit head and
//! administrators). Rows are read in batches; each batch is validated with
//! the records' own drafts, written with multi-row statements in one
//! transaction, and summarised by ONE audit row (who, file, counts) rather
//! than a row per record. A bad row is reported with its line number and
//! reason and skipped; a row whose external id is already in the database is
//! skipped too, so importing the same file again changes nothing.

mod rows;

use std::io::Read;

use kumppani_domain::data_import::{Columns, ImportKind};
use kumppani_domain::{Actor, Change, Invalid};
use kumppani_store::Db;
use kumppani_store::audit::{self, Action, Target};
use kumppani_store::data_import::Table;
use serde::Serialize;

use crate::AppError;
use crate::policy::Permit;
use crate::policy::cap::ImportData;

/// Rows per transaction: large enough that commits (an fsync each on
/// SQLite) do not dominate, small enough that the progress bar moves.
pub const BATCH_ROWS: usize = 20_000;
/// Row errors listed in a report; the count covers them all.
pub const MAX_LISTED_ERRORS: usize = 1_000;

/// Why one row was not imported.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RowError {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// The column at fault (`row` for the row as a whole).
    pub field: String,
    /// A Fluent message id: the reason.
    pub code: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub kind: String,
    pub file: String,
    /// Data rows read (the header not counted).
    pub rows: u64,
    pub created: u64,
    /// Rows whose external id was already imported: left as they are.
    pub unchanged: u64,
    /// Rows with an error, skipped.
    pub rejected: u64,
    /// Segments named in a customers file that did not exist and were created.
    pub segments_created: u64,
    /// The first errors, in file order.
    pub errors: Vec<RowError>,
}

impl ImportReport {
    fn reject(&mut self, line: u64, invalid: Invalid) {
        self.rejected += 1;
        for e in invalid.0 {
            if self.errors.len() < MAX_LISTED_ERRORS {
                self.errors.push(RowError { line, field: e.field, code: e.code.to_owned() });
            }
        }
    }
}

/// Longest file name kept, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 200;

/// The file's name as the audit trail and the report keep it: the base name
/// only (a browser or client may send a whole path, which names the
/// uploader's folders), without control characters, at most
/// [`MAX_FILE_NAME_CHARS`] characters (a client once sent 20 MiB of name,
/// all of it stored). Blank becomes `import.csv`.
pub fn file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let name: String = base.chars().filter(|c| !c.is_control()).take(MAX_FILE_NAME_CHARS).collect();
    let name = name.trim();
    if name.is_empty() { "import.csv".to_owned() } else { name.to_owned() }
}

/// How far an import has come: bytes of the input read and rows done.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub bytes: u64,
    pub rows: u64,
}

/// One row of the file: its line number and fields.
pub(crate) struct Line {
    pub number: u64,
    pub record: csv::StringRecord,
}

/// Imports a CSV file of `kind`, named `file` (kept as [`file_name`] makes
/// it). `progress` is called after every batch.
pub async fn run<R: Read + Send>(
    db: &Db,
    permit: &Permit<ImportData>,
    kind: ImportKind,
    file: &str,
    input: R,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<ImportReport, AppError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header = reader.headers().map_err(|_| Invalid::one("file", "error-import-not-csv"))?.clone();
    let columns = Columns::from_header(kind, header.iter())?;
    let mut report = ImportReport { kind: kind.as_str().to_owned(), file: file_name(file), ..ImportReport::default() };
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    let mut record = csv::StringRecord::new();
    loop {
        // Reading and checking rows is CPU work on the async worker (the
        // reader is borrowed, so it cannot move to a blocking thread): give
        // the worker back every so often so other requests are served
        // while a large file is read.
        tokio::task::coop::consume_budget().await;
        let more = match reader.read_record(&mut record) {
            Ok(more) => more,
            Err(e) => {
                // A malformed record (bad UTF-8, broken quoting): reported
                // and skipped; an I/O error ends the import.
                let line = e.position().map_or(0, |p| p.line());
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    return Err(AppError::Internal(e.to_string()));
                }
                report.rows += 1;
                report.reject(line, Invalid::one("row", "error-import-bad-row"));
                true
            }
        };
        if more && !record.is_empty() && record.iter().any(|f| !f.trim().is_empty()) {
            let number = record.position().map_or(0, |p| p.line());
            batch.push(Line { number, record: record.clone() });
        }
        if batch.len() >= BATCH_ROWS || (!more && !batch.is_empty()) {
            write_batch(db, permit.actor(), kind, &columns, &std::mem::take(&mut batch), &mut report).await?;
            progress(Progress { bytes: reader.position().byte(), rows: report.rows });
        }
        if !more {
            let table = match kind {
                ImportKind::Customers => Table::Customers,
                ImportKind::Contacts => Table::Contacts,
                ImportKind::Activities => Table::Activities,
            };
            kumppani_store::data_import::refresh_statistics(db, table).await?;
            return Ok(report);
        }
    }
}

async fn write_batch(
    db: &Db,
    actor: &Actor,
    kind: ImportKind,
    columns: &Columns,
    lines: &[Line],
    report: &mut ImportReport,
) -> Result<(), AppError> {
    let before = (report.created, report.unchanged, report.rejected, report.segments_created);
    let mut tx = db.begin().await?;
    kumppani_store::data_import::widen_cache(&mut tx).await?;
    report.rows += lines.len() as u64;
    match kind {
        ImportKind::Customers => rows::customers(&mut tx, columns, lines, report).await?,
        ImportKind::Contacts => rows::contacts(&mut tx, columns, lines, report).await?,
        ImportKind::Activities => rows::activities(&mut tx, columns, lines, report).await?,
    }
    // Duplicates are found before the rows are checked; list in file order.
    report.errors.sort_by_key(|e| e.line);
    let first = lines.first().map_or(0, |l| l.number);
    let last = lines.last().map_or(0, |l| l.number);
    let mut summary = vec![
        ("file", report.file.clone()),
        ("kind", kind.as_str().to_owned()),
        ("lines", format!("{first}–{last}")),
        ("created", (report.created - before.0).to_string()),
        ("unchanged", (report.unchanged - before.1).to_string()),
        ("rejected", (report.rejected - before.2).to_string()),
    ];
    if report.segments_created > before.3 {
        summary.push(("segments_created", (report.segments_created - before.3).to_string()));
    }
    let changes: Vec<Change> =
        summary.into_iter().map(|(f, v)| Change { field: f.to_owned(), old: None, new: Some(v) }).collect();
    let target = Target { entity: "import", entity_id: None, subject: actor.id().map(|id| ("user", id)) };
    audit::record(&mut tx, actor, Action::Import, target, &changes).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
