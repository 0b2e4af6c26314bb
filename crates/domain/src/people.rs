//! Roles of the people who use Kumppani (SPEC §1).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Administrator,
    UnitHead,
    PartnershipManager,
    ProjectManager,
    Staff,
    ExternalBoardMember,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Administrator,
        Role::UnitHead,
        Role::PartnershipManager,
        Role::ProjectManager,
        Role::Staff,
        Role::ExternalBoardMember,
    ];

    /// The stable name stored in the database and used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::UnitHead => "unit_head",
            Role::PartnershipManager => "partnership_manager",
            Role::ProjectManager => "project_manager",
            Role::Staff => "staff",
            Role::ExternalBoardMember => "external_board_member",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        Role::ALL.into_iter().find(|r| r.as_str() == raw.trim()).ok_or("error-choice")
    }

    /// Only internal staff can be a customer's partnership manager or deputy.
    pub fn can_hold_customers(self) -> bool {
        matches!(self, Role::PartnershipManager | Role::UnitHead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert_eq!(Role::parse("root"), Err("error-choice"));
    }
}
