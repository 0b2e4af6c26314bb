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
pub mod lesson;
pub mod people;
pub mod plan;
pub mod process;
pub mod project;
pub mod project_import;
pub mod request;
pub mod routing;
pub mod stakeholder;
pub mod stored;
pub mod values;

pub use activity::{ActivityDraft, ActivityKind, ValidActivity};
pub use audit::{Change, diff};
pub use customer::{CustomerDraft, MAX_WORKLOAD_WEIGHT, OrgType, ValidCustomer};
pub use drafts::{CatalogEntryDraft, ContactDraft, UserDraft, ValidCatalogEntry, ValidContact, ValidUser};
pub use error::{FieldError, Invalid};
pub use people::Role;
pub use project::{ProjectDraft, ProjectType, Rag, Stage, StatusDraft, ValidProject, ValidStatus};
pub use values::{BusinessId, Email, Name, Phone, Text};
pub mod search;

/// Who is making a change; recorded on every audit row. Built only by the
/// constructors below, so no caller can write a role by hand: a signed-in
/// user's actor comes from their stored record (`From<&User>` in the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    id: Option<i64>,
    name: String,
    role: Role,
}

impl Actor {
    /// Changes made by Kumppani itself (demo data, migrations of data).
    pub fn system() -> Self {
        Actor::system_named("kumppani")
    }

    /// Kumppani itself under a name the history shows ("kumppani cli",
    /// "kumppani demo"): whoever runs the binary against the database
    /// holds every right already.
    pub fn system_named(name: &str) -> Self {
        Actor { id: None, name: name.to_owned(), role: Role::Administrator }
    }

    /// A stored user acting with their stored role.
    pub fn user(id: i64, name: &str, role: Role) -> Self {
        Actor { id: Some(id), name: name.to_owned(), role }
    }

    /// Someone not (yet) known to be a user, e.g. a failed sign-in under a
    /// typed username: the audit row names them, with no rights at all
    /// beyond the least role's.
    pub fn unknown(name: &str) -> Self {
        Actor { id: None, name: name.to_owned(), role: Role::Staff }
    }

    /// The user's id; `None` for Kumppani itself and unknown people.
    pub fn id(&self) -> Option<i64> {
        self.id
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn role(&self) -> Role {
        self.role
    }
}
