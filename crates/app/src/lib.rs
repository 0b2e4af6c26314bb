//! Kumppani's use cases. The HTML pages, the JSON API and the CLI all call
//! these, so they cannot drift apart. Each write validates its input, checks
//! the version it was given, writes, and records the audit row, all in one
//! transaction.

pub mod absences;
pub mod activities;
pub mod auth;
pub mod backup;
pub mod balance;
pub mod board_log;
pub mod boards;
pub mod catalog;
pub mod centre_time;
pub mod contacts;
pub mod customers;
pub mod data_import;
pub mod demo;
mod error;
pub mod events;
pub mod feeds;
pub mod glossary;
pub mod lessons;
pub mod plans;
pub mod policy;
pub mod processes;
pub mod project_import;
pub mod projects;
pub mod requests;
pub mod routing_rules;
pub mod stakeholders;
pub mod subscriptions;
pub mod tokens;
pub mod users;

pub use error::AppError;
pub use kumppani_store::audit::AuditEntry;
pub use kumppani_store::{Backend, Db, Page};

use kumppani_domain::{Actor, Change};
use kumppani_store::audit::{self, Action, Target};
use kumppani_store::{StoreError, Tx};

/// Records an audit row unless nothing changed. Returns whether it did.
pub(crate) async fn audit_change(
    tx: &mut Tx,
    actor: &Actor,
    action: Action,
    target: Target<'_>,
    changes: &[Change],
) -> Result<bool, StoreError> {
    if changes.is_empty() && action == Action::Update {
        return Ok(false);
    }
    audit::record(tx, actor, action, target, changes).await?;
    Ok(true)
}
