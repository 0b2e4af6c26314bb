//! Who may do what, decided in one place.
//!
//! A use case takes a [`Permit`] for the capability it needs, and a permit
//! exists only after [`permit`] has checked the actor's role (and audited a
//! refusal), so a handler cannot reach a use case without the check. Rules
//! about particular records (a partnership manager edits only their own
//! customers, or those of an absent colleague they deputise for) are applied
//! by the use cases inside their queries, through [`Permit::customer_scope`].

use chrono::NaiveDate;
use kumppani_domain::{Actor, Role};
use kumppani_store::Db;
use kumppani_store::audit::{self, Action, Target};
use kumppani_store::customers::EditScope;
use kumppani_store::projects::ProjectScope;
use std::marker::PhantomData;

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
    /// Read the project register and every project's status history.
    ReadProjects,
    /// Create projects; edit those in scope ([`Permit::project_scope`]).
    EditProjects,
    /// Load customers, contacts and activities from CSV files.
    ImportData,
}

impl Capability {
    fn name(self) -> &'static str {
        match self {
            Capability::ReadCustomers => "read_customers",
            Capability::EditCustomers => "edit_customers",
            Capability::ReadCatalog => "read_catalog",
            Capability::EditCatalog => "edit_catalog",
            Capability::ReadUsers => "read_users",
            Capability::ManageUsers => "manage_users",
            Capability::ReadProjects => "read_projects",
            Capability::EditProjects => "edit_projects",
            Capability::ImportData => "import_data",
        }
    }

    /// The capability needed to know the thing exists at all.
    fn read_of(self) -> Capability {
        match self {
            Capability::EditCustomers => Capability::ReadCustomers,
            Capability::EditCatalog => Capability::ReadCatalog,
            Capability::ManageUsers => Capability::ReadUsers,
            Capability::EditProjects => Capability::ReadProjects,
            Capability::ImportData => Capability::ReadCustomers,
            read => read,
        }
    }
}

/// The role table of SPEC §1.
pub fn allows(role: Role, cap: Capability) -> bool {
    use Capability::*;
    use Role::*;
    match role {
        Administrator | UnitHead => true,
        PartnershipManager => !matches!(cap, ManageUsers | EditCatalog | ImportData),
        // Project managers create projects and edit their own.
        ProjectManager => matches!(cap, ReadCustomers | ReadCatalog | ReadUsers | ReadProjects | EditProjects),
        // Every staff member can see the status of any project (SPEC §4).
        Staff => matches!(cap, ReadCustomers | ReadCatalog | ReadUsers | ReadProjects),
        // Customer-side people see only their own boards' projects: no
        // customer, catalogue or staff data. Boards come later, so for now
        // they see no project either.
        ExternalBoardMember => false,
    }
}

/// Marker types naming capabilities at the type level.
pub mod cap {
    use super::Capability;

    pub trait Cap {
        const CAP: Capability;
    }

    macro_rules! caps {
        ($($name:ident),*) => {$(
            #[derive(Debug)]
            pub struct $name;
            impl Cap for $name {
                const CAP: Capability = Capability::$name;
            }
        )*};
    }
    caps!(
        ReadCustomers,
        EditCustomers,
        ReadCatalog,
        EditCatalog,
        ReadUsers,
        ManageUsers,
        ReadProjects,
        EditProjects,
        ImportData
    );
}

/// Proof that `actor` passed the role check for capability `C`.
#[derive(Debug)]
pub struct Permit<C> {
    actor: Actor,
    _cap: PhantomData<C>,
}

impl<C> Permit<C> {
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
}

impl Permit<cap::EditCustomers> {
    /// Which customers this permit may change, as a query condition: all for
    /// the unit head and administrators; for a partnership manager their own,
    /// and those they deputise for while the manager is away on `today`.
    pub fn customer_scope(&self, today: NaiveDate) -> EditScope {
        match (self.actor.role, self.actor.id) {
            (Role::PartnershipManager, Some(user_id)) => EditScope::Own { user_id, today },
            _ => EditScope::All,
        }
    }

    /// Whether this permit may assign managers and deputies.
    pub fn may_assign(&self) -> bool {
        matches!(self.actor.role, Role::Administrator | Role::UnitHead)
    }
}

impl Permit<cap::EditProjects> {
    /// Which projects this permit may change: all for the unit head and
    /// administrators; for anyone else those where they are the project
    /// manager or the Executive.
    pub fn project_scope(&self) -> ProjectScope {
        match (self.actor.role, self.actor.id) {
            (Role::Administrator | Role::UnitHead, _) => ProjectScope::All,
            (_, Some(user_id)) => ProjectScope::Own { user_id },
            // Kumppani itself (demo data) acts as an administrator.
            (_, None) => ProjectScope::All,
        }
    }

    /// Whether this permit may put anyone as Executive and project manager.
    pub fn may_assign(&self) -> bool {
        matches!(self.actor.role, Role::Administrator | Role::UnitHead)
    }
}

/// Checks the actor's role for capability `C`. A refusal is audited and
/// answers NotFound when the actor may not even read such things (so a
/// forbidden record looks missing) and Forbidden when they may read them.
pub async fn permit<C: cap::Cap>(db: &Db, actor: &Actor) -> Result<Permit<C>, AppError> {
    if allows(actor.role, C::CAP) {
        return Ok(Permit { actor: actor.clone(), _cap: PhantomData });
    }
    Err(deny(db, actor, C::CAP.name(), None, refusal(actor.role, C::CAP)).await)
}

fn refusal(role: Role, cap: Capability) -> AppError {
    let read = cap.read_of();
    if read != cap && allows(role, read) { AppError::Forbidden } else { AppError::NotFound }
}

/// Records a refused request in the audit trail and returns `error`.
pub(crate) async fn deny(db: &Db, actor: &Actor, what: &str, entity_id: Option<i64>, error: AppError) -> AppError {
    let recorded = async {
        let mut tx = db.begin().await?;
        let target = Target { entity: what, entity_id, subject: actor.id.map(|id| ("user", id)) };
        audit::record(&mut tx, actor, Action::Denied, target, &[]).await?;
        tx.commit().await
    };
    if let Err(e) = recorded.await {
        tracing::warn!(error = %e, "could not audit a refused request");
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_members_see_no_customer_data() {
        for cap in [Capability::ReadCustomers, Capability::EditCustomers, Capability::ReadUsers] {
            assert!(!allows(Role::ExternalBoardMember, cap));
            assert!(matches!(refusal(Role::ExternalBoardMember, cap), AppError::NotFound));
        }
    }

    #[test]
    fn staff_read_but_do_not_write() {
        assert!(allows(Role::Staff, Capability::ReadCustomers));
        assert!(matches!(refusal(Role::Staff, Capability::EditCustomers), AppError::Forbidden));
    }

    #[test]
    fn only_heads_and_admins_manage_users_and_catalog() {
        for role in Role::ALL {
            let expect = matches!(role, Role::Administrator | Role::UnitHead);
            assert_eq!(allows(role, Capability::ManageUsers), expect, "{role:?}");
            assert_eq!(allows(role, Capability::EditCatalog), expect, "{role:?}");
            assert_eq!(allows(role, Capability::ImportData), expect, "{role:?}");
        }
        assert!(allows(Role::PartnershipManager, Capability::EditCustomers));
    }

    #[test]
    fn every_staff_role_reads_projects_and_externals_see_none_yet() {
        for role in Role::ALL {
            let internal = role != Role::ExternalBoardMember;
            assert_eq!(allows(role, Capability::ReadProjects), internal, "{role:?}");
        }
        for role in [Role::Administrator, Role::UnitHead, Role::PartnershipManager, Role::ProjectManager] {
            assert!(allows(role, Capability::EditProjects), "{role:?}");
        }
        assert!(matches!(refusal(Role::Staff, Capability::EditProjects), AppError::Forbidden));
        assert!(matches!(refusal(Role::ExternalBoardMember, Capability::ReadProjects), AppError::NotFound));
        let pm = Permit::<cap::EditProjects> {
            actor: Actor { id: Some(9), name: "x".into(), role: Role::ProjectManager },
            _cap: PhantomData,
        };
        assert_eq!(pm.project_scope(), ProjectScope::Own { user_id: 9 });
        assert!(!pm.may_assign());
    }

    #[test]
    fn partnership_managers_are_scoped_to_their_customers() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
        let pm = Permit::<cap::EditCustomers> {
            actor: Actor { id: Some(7), name: "x".into(), role: Role::PartnershipManager },
            _cap: PhantomData,
        };
        assert_eq!(pm.customer_scope(today), EditScope::Own { user_id: 7, today });
        assert!(!pm.may_assign());
        let head = Permit::<cap::EditCustomers> {
            actor: Actor { id: Some(1), name: "x".into(), role: Role::UnitHead },
            _cap: PhantomData,
        };
        assert_eq!(head.customer_scope(today), EditScope::All);
        assert!(head.may_assign());
    }
}
