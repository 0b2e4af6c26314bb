//! Project boards (ohjausryhmä, SPEC §4): the PRINCE2 roles, the rules a
//! board must meet, the partnership manager's suggested place, the guidance
//! delivery workflow (`guidance`) and meetings with their decisions
//! (`meeting`).
//!
//! A board forms over time (the customer names its people only after it has
//! the guidance), so rules come in three strengths: a *blocking* finding
//! refuses the save (eight members, two Executives, …), an *incomplete* one
//! is shown until fixed and keeps the guidance from going to the members,
//! and a *warning* is advice.

pub mod guidance;
pub mod meeting;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::choice::choice;
use crate::error::Invalid;
use crate::values::Text;

/// A board has fewer than eight members (SPEC §4).
pub const MAX_MEMBERS: usize = 7;
/// Longest meeting interval text ("every other Tuesday", "monthly").
pub const INTERVAL_MAX: usize = 200;
/// Longest ways-of-working text.
pub const WAYS_MAX: usize = 4000;

choice!(
    /// A PRINCE2 board role.
    BoardRole {
        Executive => "executive",
        SeniorUser => "senior_user",
        SeniorSupplier => "senior_supplier",
        ProjectAssurance => "project_assurance",
        ProjectSupport => "project_support",
        ChangeAuthority => "change_authority",
    }
);

choice!(
    /// Whose side a member speaks for.
    Side {
        Customer => "customer",
        Supplier => "supplier",
        Centre => "centre",
    }
);

/// Who sits in a seat: a user of Kumppani, or a customer contact without an
/// account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Person {
    User(i64),
    Contact(i64),
}

/// One member as typed: raw, unchecked. Exactly one of `user_id` and
/// `contact_id` names the person.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberDraft {
    #[serde(default)]
    pub user_id: Option<i64>,
    #[serde(default)]
    pub contact_id: Option<i64>,
    /// `executive`, `senior_user`, `senior_supplier`, `project_assurance`,
    /// `project_support` or `change_authority`
    pub role: String,
    /// `customer`, `supplier` or `centre`
    pub side: String,
}

/// A member whose fields passed their rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seat {
    pub person: Person,
    pub role: BoardRole,
    pub side: Side,
}

impl MemberDraft {
    /// Checks one member; errors are reported under `field` (`person`,
    /// `role`, `side`) prefixed with `prefix` (`members[2].` in the API).
    pub fn validate_into(&self, prefix: &str, e: &mut Invalid) -> Option<Seat> {
        let person = match (self.user_id, self.contact_id) {
            (Some(u), None) => Some(Person::User(u)),
            (None, Some(c)) => Some(Person::Contact(c)),
            (None, None) => e.check(&format!("{prefix}person"), Err("error-required")),
            (Some(_), Some(_)) => e.check(&format!("{prefix}person"), Err("board-error-one-person")),
        };
        let role = e.check(&format!("{prefix}role"), BoardRole::parse(&self.role));
        let side = e.check(&format!("{prefix}side"), Side::parse(&self.side));
        Some(Seat { person: person?, role: role?, side: side? })
    }
}

/// A whole board as typed: its members and how it works.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardDraft {
    /// How often the board meets, in words ("monthly, first Tuesday").
    #[serde(default)]
    pub meeting_interval: Option<String>,
    /// Agreed ways of working: how papers go out, who decides between meetings…
    #[serde(default)]
    pub ways_of_working: Option<String>,
    /// For an internal project: whether it affects a wider customer base
    /// (then the partnership manager represents the customers).
    #[serde(default)]
    pub affects_customer_base: bool,
    #[serde(default)]
    pub members: Vec<MemberDraft>,
}

/// A board whose fields passed and which breaks no blocking rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidBoard {
    pub meeting_interval: Text,
    pub ways_of_working: Text,
    pub affects_customer_base: bool,
    pub seats: Vec<Seat>,
}

/// What the board's project is: the rules depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardContext {
    /// A customer project (not internal).
    pub customer_project: bool,
    /// The project manager attends the board but is not a member.
    pub project_manager_id: i64,
}

fn short(raw: Option<&str>, max: usize) -> Result<Text, &'static str> {
    let text = Text::parse(raw.unwrap_or(""))?;
    if text.as_str().chars().count() > max { Err("error-too-long") } else { Ok(text) }
}

impl BoardDraft {
    /// Checks every field and the blocking rules. Incomplete findings and
    /// warnings do not refuse a board; [`check`] reports them.
    pub fn validate(&self, ctx: &BoardContext) -> Result<ValidBoard, Invalid> {
        let mut e = Invalid::default();
        let interval = e.check("meeting_interval", short(self.meeting_interval.as_deref(), INTERVAL_MAX));
        let ways = e.check("ways_of_working", short(self.ways_of_working.as_deref(), WAYS_MAX));
        let seats: Vec<Option<Seat>> =
            self.members.iter().enumerate().map(|(i, m)| m.validate_into(&format!("members[{i}]."), &mut e)).collect();
        if e.is_empty() {
            let seats: Vec<Seat> = seats.into_iter().flatten().collect();
            for f in check(&seats, ctx).into_iter().filter(|f| f.severity == Severity::Blocking) {
                e.push("members", f.code);
            }
            if let (Some(meeting_interval), Some(ways_of_working), true) = (interval, ways, e.is_empty()) {
                return Ok(ValidBoard {
                    meeting_interval,
                    ways_of_working,
                    affects_customer_base: self.affects_customer_base,
                    seats,
                });
            }
        }
        Err(e)
    }
}

/// How strong a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The board cannot be saved so.
    Blocking,
    /// The board may be saved, but is not ready: the guidance does not go
    /// to the members until it is.
    Incomplete,
    /// Advice.
    Warning,
}

/// One rule a board breaks. `code` is a Fluent message id; `count` its
/// `$count` where the message names one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub count: Option<usize>,
}

impl Finding {
    fn new(code: &'static str, severity: Severity, count: Option<usize>) -> Self {
        Finding { code, severity, count }
    }
}

/// Every rule the seats break, blocking first.
pub fn check(seats: &[Seat], ctx: &BoardContext) -> Vec<Finding> {
    use Severity::*;
    let mut out = Vec::new();
    let count = |role: BoardRole| seats.iter().filter(|s| s.role == role).count();
    if seats.len() > MAX_MEMBERS {
        out.push(Finding::new("board-error-too-many", Blocking, Some(seats.len())));
    }
    let executives = count(BoardRole::Executive);
    if executives > 1 {
        out.push(Finding::new("board-error-executives", Blocking, Some(executives)));
    }
    if seats.iter().any(|s| s.person == Person::User(ctx.project_manager_id)) {
        out.push(Finding::new("board-error-manager-member", Blocking, None));
    }
    let mut people: Vec<Person> = seats.iter().map(|s| s.person).collect();
    people.sort_by_key(|p| match p {
        Person::User(id) => (0, *id),
        Person::Contact(id) => (1, *id),
    });
    let before = people.len();
    people.dedup();
    if people.len() < before {
        out.push(Finding::new("board-error-duplicate", Blocking, Some(before - people.len())));
    }
    if seats.iter().any(|s| matches!(s.person, Person::Contact(_)) && s.side != Side::Customer) {
        out.push(Finding::new("board-error-contact-side", Blocking, None));
    }
    if executives == 0 {
        out.push(Finding::new("board-error-no-executive", Incomplete, None));
    }
    if count(BoardRole::SeniorUser) == 0 {
        out.push(Finding::new("board-error-no-senior-user", Incomplete, None));
    }
    if count(BoardRole::SeniorSupplier) == 0 {
        out.push(Finding::new("board-error-no-senior-supplier", Incomplete, None));
    }
    if ctx.customer_project && !seats.iter().any(|s| s.role == BoardRole::SeniorUser && s.side == Side::Customer) {
        out.push(Finding::new("board-warning-no-customer-user", Warning, None));
    }
    out
}

/// Whether a board with these findings may be named to its members.
pub fn is_complete(findings: &[Finding]) -> bool {
    findings.iter().all(|f| f.severity == Severity::Warning)
}

/// The `$count` a blocking finding's message names, for a draft refused
/// with that code (the refusal carries only the code).
pub fn count_for(code: &str, draft: &BoardDraft) -> Option<usize> {
    match code {
        "board-error-too-many" => Some(draft.members.len()),
        "board-error-executives" => Some(draft.members.iter().filter(|m| m.role.trim() == "executive").count()),
        _ => None,
    }
}

/// Where the partnership manager belongs on a board (the seed's rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartnerPlace {
    /// Customer project: supports the customer's representative, or
    /// represents the supplier.
    SupportCustomerOrSupplier,
    /// Internal project affecting a wider customer base: represents the
    /// customers.
    RepresentCustomers,
    /// Internal project: usually not needed.
    NotNeeded,
}

impl PartnerPlace {
    pub fn as_str(self) -> &'static str {
        match self {
            PartnerPlace::SupportCustomerOrSupplier => "support_customer_or_supplier",
            PartnerPlace::RepresentCustomers => "represent_customers",
            PartnerPlace::NotNeeded => "not_needed",
        }
    }
}

/// The partnership manager's suggested place, decided per project.
pub fn partner_place(customer_project: bool, affects_customer_base: bool) -> PartnerPlace {
    match (customer_project, affects_customer_base) {
        (true, _) => PartnerPlace::SupportCustomerOrSupplier,
        (false, true) => PartnerPlace::RepresentCustomers,
        (false, false) => PartnerPlace::NotNeeded,
    }
}
