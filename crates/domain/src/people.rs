//! Roles of the people who use Kumppani (SPEC §1).

use crate::choice::choice;

choice!(
    Role blank => "error-choice" {
        Administrator => "administrator",
        UnitHead => "unit_head",
        PartnershipManager => "partnership_manager",
        ProjectManager => "project_manager",
        Staff => "staff",
        ExternalBoardMember => "external_board_member",
    }
);

impl Role {
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
