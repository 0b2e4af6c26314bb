//! Who may do what, decided in one place. Every use case asks here first.
//!
//! This is the role level of SPEC §1; record-level rules (own customers,
//! deputising, board membership) narrow it further as those features land.

use kumppani_domain::{Actor, Role};

use crate::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Read customers, their contacts, services and history.
    ReadCustomers,
    /// Create and edit customers, contacts and their services.
    EditCustomers,
    /// Read segments and the service catalogue.
    ReadCatalog,
    /// Create and edit segments and catalogue services.
    EditCatalog,
    /// See the staff directory.
    ReadUsers,
    /// Create, edit, disable users and set roles.
    ManageUsers,
}

pub fn allows(role: Role, cap: Capability) -> bool {
    use Capability::*;
    use Role::*;
    match role {
        Administrator | UnitHead => true,
        PartnershipManager => !matches!(cap, ManageUsers | EditCatalog),
        ProjectManager | Staff => matches!(cap, ReadCustomers | ReadCatalog | ReadUsers),
        // Customer-side people see only their boards' projects (none yet here).
        ExternalBoardMember => false,
    }
}

/// Refuses with NotFound when the actor may not even read (a forbidden
/// record must look missing), Forbidden when they may read but not write.
pub fn require(actor: &Actor, cap: Capability) -> Result<(), AppError> {
    use Capability::*;
    if allows(actor.role, cap) {
        return Ok(());
    }
    let read_of = match cap {
        EditCustomers => ReadCustomers,
        EditCatalog => ReadCatalog,
        ManageUsers => ReadUsers,
        read => read,
    };
    if allows(actor.role, read_of) && read_of != cap { Err(AppError::Forbidden) } else { Err(AppError::NotFound) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor { id: Some(1), name: "x".into(), role }
    }

    #[test]
    fn external_members_see_no_customer_data() {
        let a = actor(Role::ExternalBoardMember);
        assert!(matches!(require(&a, Capability::ReadCustomers), Err(AppError::NotFound)));
        assert!(matches!(require(&a, Capability::EditCustomers), Err(AppError::NotFound)));
        assert!(matches!(require(&a, Capability::ReadUsers), Err(AppError::NotFound)));
    }

    #[test]
    fn staff_read_but_do_not_write() {
        let a = actor(Role::Staff);
        assert!(require(&a, Capability::ReadCustomers).is_ok());
        assert!(matches!(require(&a, Capability::EditCustomers), Err(AppError::Forbidden)));
    }

    #[test]
    fn only_heads_and_admins_manage_users_and_catalog() {
        for role in Role::ALL {
            let expect = matches!(role, Role::Administrator | Role::UnitHead);
            assert_eq!(allows(role, Capability::ManageUsers), expect, "{role:?}");
            assert_eq!(allows(role, Capability::EditCatalog), expect, "{role:?}");
        }
        assert!(allows(Role::PartnershipManager, Capability::EditCustomers));
    }
}
