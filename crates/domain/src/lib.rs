//! Kumppani's domain: plain types and rules with no I/O.
//!
//! Values that cross the system's edge (forms, API bodies, CSV) are parsed
//! into newtypes here; an invalid value cannot exist past the edge.

pub mod activity;
pub mod audit;
pub mod balance;
pub mod board;
mod choice;
pub mod customer;
pub mod data_import;
pub mod date;
pub mod drafts;
pub mod error;
pub mod glossary;
pub mod import;
pub mod lesson;
pub mod people;
pub mod plan;
pub mod project;
pub mod stakeholder;
pub mod values;

pub use activity::{ActivityDraft, ActivityKind, ValidActivity};
pub use audit::{Change, diff};
pub use customer::{CustomerDraft, MAX_WORKLOAD_WEIGHT, OrgType, ValidCustomer};
pub use drafts::{ContactDraft, NamedDraft, UserDraft, ValidContact, ValidNamed, ValidUser};
pub use error::{FieldError, Invalid};
pub use people::Role;
pub use project::{ProjectDraft, ProjectType, Rag, Stage, StatusDraft, ValidProject, ValidStatus};
pub use values::{BusinessId, Email, Name, Phone, Text};
pub mod search;

/// Who is making a change; recorded on every audit row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: Option<i64>,
    pub name: String,
    pub role: Role,
}

impl Actor {
    /// Changes made by Kumppani itself (demo data, migrations of data).
    pub fn system() -> Self {
        Actor { id: None, name: "kumppani".to_owned(), role: Role::Administrator }
    }
}
