//! Kumppani's domain: plain types and rules with no I/O.
//!
//! Values that cross the system's edge (forms, API bodies, CSV) are parsed
//! into newtypes here; an invalid value cannot exist past the edge.

pub mod activity;
pub mod audit;
pub mod balance;
pub mod customer;
pub mod drafts;
pub mod error;
pub mod data_import;
pub mod people;
pub mod project;
pub mod values;

pub use activity::{ActivityDraft, ActivityKind, ValidActivity};
pub use audit::{Change, diff};
pub use customer::{CustomerDraft, OrgType, ValidCustomer};
pub use drafts::{ContactDraft, NamedDraft, UserDraft, ValidContact, ValidNamed, ValidUser};
pub use error::{FieldError, Invalid};
pub use people::Role;
pub use project::{ProjectDraft, Rag, Stage, StatusDraft, ValidProject, ValidStatus};
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
