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
use kumppani_store::boards::BoardScope;
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
    /// Read project boards, meetings, decisions and the guidance: every
    /// board for staff, only their own boards for external members
    /// ([`Permit::board_scope`]).
    ReadBoards,
    /// Read account plans, their history and the plan dashboard. Plans are
    /// internal: only those who look after customers read them.
    ReadPlans,
    /// Write a plan's narrative, events and reviews, for the customers in
    /// scope ([`Permit::plan_scope`]).
    EditPlans,
    /// Change the plan template and the review cadences.
    EditPlanTemplate,
    /// Edit the PRINCE2 glossary (everyone internal reads it with `ReadProjects`).
    EditGlossary,
    /// Import projects from a project server's file.
    ImportProjects,
    /// Load customers, contacts and activities from CSV files.
    ImportData,
    /// Read customer contacts (requests, questions, needs, feedback) and
    /// their timelines: the centre's staff, never the customer's side.
    ReadRequests,
    /// Record a customer contact: anyone in the centre who took the call.
    RecordRequests,
    /// Work a contact (status, re-routing, notes): the unit head and
    /// administrators any; a partnership manager those of customers in
    /// [`Permit::customer_scope`] and those they hold.
    EditRequests,
    /// Keep the routing rules and the process templates.
    EditRouting,
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
            Capability::ReadBoards => "read_boards",
            Capability::ReadPlans => "read_plans",
            Capability::EditPlans => "edit_plans",
            Capability::EditPlanTemplate => "edit_plan_template",
            Capability::EditGlossary => "edit_glossary",
            Capability::ImportProjects => "import_projects",
            Capability::ImportData => "import_data",
            Capability::ReadRequests => "read_requests",
            Capability::RecordRequests => "record_requests",
            Capability::EditRequests => "edit_requests",
            Capability::EditRouting => "edit_routing",
        }
    }

    /// The capability needed to know the thing exists at all.
    fn read_of(self) -> Capability {
        match self {
            Capability::EditCustomers => Capability::ReadCustomers,
            Capability::EditCatalog => Capability::ReadCatalog,
            Capability::ManageUsers => Capability::ReadUsers,
            Capability::EditProjects | Capability::EditGlossary | Capability::ImportProjects => {
                Capability::ReadProjects
            }
            Capability::EditPlans | Capability::EditPlanTemplate => Capability::ReadPlans,
            Capability::ImportData => Capability::ReadCustomers,
            Capability::RecordRequests | Capability::EditRequests | Capability::EditRouting => Capability::ReadRequests,
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
        PartnershipManager => !matches!(
            cap,
            ManageUsers | EditCatalog | EditPlanTemplate | EditGlossary | ImportProjects | ImportData | EditRouting
        ),
        // Project managers create projects and edit their own. Account
        // plans are not theirs to read (SPEC §1).
        ProjectManager => {
            matches!(
                cap,
                ReadCustomers
                    | ReadCatalog
                    | ReadUsers
                    | ReadProjects
                    | EditProjects
                    | ReadBoards
                    | ReadRequests
                    | RecordRequests
            )
        }
        // Every staff member can see the status of any project (SPEC §4).
        // Anyone in the centre may take a customer's call and record it.
        Staff => matches!(
            cap,
            ReadCustomers | ReadCatalog | ReadUsers | ReadProjects | ReadBoards | ReadRequests | RecordRequests
        ),
        // Customer-side people see only their own boards (scoped by
        // `board_scope`): no customer, catalogue, staff or register data.
        ExternalBoardMember => matches!(cap, ReadBoards),
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
        ReadBoards,
        ReadPlans,
        EditPlans,
        EditPlanTemplate,
        EditGlossary,
        ImportProjects,
        ImportData,
        ReadRequests,
        RecordRequests,
        EditRequests,
        EditRouting
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
        match (self.actor.role(), self.actor.id()) {
            (Role::PartnershipManager, Some(user_id)) => EditScope::Own { user_id, today },
            _ => EditScope::All,
        }
    }

    /// Whether this permit may assign managers and deputies.
    pub fn may_assign(&self) -> bool {
        matches!(self.actor.role(), Role::Administrator | Role::UnitHead)
    }
}

impl Permit<cap::EditRequests> {
    /// Whoever works contacts reads them (the role table grants both).
    pub fn read_requests(&self) -> Permit<cap::ReadRequests> {
        Permit { actor: self.actor.clone(), _cap: PhantomData }
    }

    /// Which customers' contacts this permit may work: the same customers
    /// as [`Permit::customer_scope`]. A partnership manager also works the
    /// contacts they hold, whoever's customer it is (the use case checks).
    pub fn request_scope(&self, today: NaiveDate) -> EditScope {
        match (self.actor.role(), self.actor.id()) {
            (Role::PartnershipManager, Some(user_id)) => EditScope::Own { user_id, today },
            _ => EditScope::All,
        }
    }
}

/// Whoever may write plans or their template may read plans (the role
/// table grants them together); these spare a second role check.
impl Permit<cap::EditPlanTemplate> {
    pub fn read_plans(&self) -> Permit<cap::ReadPlans> {
        Permit { actor: self.actor.clone(), _cap: PhantomData }
    }
}

impl Permit<cap::EditPlans> {
    pub fn read_plans(&self) -> Permit<cap::ReadPlans> {
        Permit { actor: self.actor.clone(), _cap: PhantomData }
    }

    /// Whose plans this permit may change: the same customers as
    /// [`Permit::customer_scope`] (own, and deputised while the manager is
    /// away, for a partnership manager; all for the unit head and admins).
    pub fn plan_scope(&self, today: NaiveDate) -> EditScope {
        match (self.actor.role(), self.actor.id()) {
            (Role::PartnershipManager, Some(user_id)) => EditScope::Own { user_id, today },
            _ => EditScope::All,
        }
    }
}

impl Permit<cap::EditProjects> {
    /// Which projects this permit may change: all for the unit head and
    /// administrators; for anyone else those where they are the project
    /// manager or the Executive.
    pub fn project_scope(&self) -> ProjectScope {
        match (self.actor.role(), self.actor.id()) {
            (Role::Administrator | Role::UnitHead, _) => ProjectScope::All,
            (_, Some(user_id)) => ProjectScope::Own { user_id },
            // Kumppani itself (demo data) acts as an administrator.
            (_, None) => ProjectScope::All,
        }
    }

    /// Whether this permit may put anyone as Executive and project manager.
    pub fn may_assign(&self) -> bool {
        matches!(self.actor.role(), Role::Administrator | Role::UnitHead)
    }
}

impl Permit<cap::ReadBoards> {
    /// Whose boards this permit reads: every one for staff; for an external
    /// member only those they sit on.
    pub fn board_scope(&self) -> BoardScope {
        match (self.actor.role(), self.actor.id()) {
            (Role::ExternalBoardMember, Some(user_id)) => BoardScope::Member { user_id },
            // An external member without an id reads nothing.
            (Role::ExternalBoardMember, None) => BoardScope::Member { user_id: 0 },
            _ => BoardScope::All,
        }
    }
}

/// A permit when the actor's role allows `C`, and nothing (no audited
/// refusal) when it does not: for deciding what a page offers, which is
/// not a request to do it.
pub fn offered<C: cap::Cap>(actor: &Actor) -> Option<Permit<C>> {
    allows(actor.role(), C::CAP).then(|| Permit { actor: actor.clone(), _cap: PhantomData })
}

/// Checks the actor's role for capability `C`. A refusal is audited and
/// answers NotFound when the actor may not even read such things (so a
/// forbidden record looks missing) and Forbidden when they may read them.
pub async fn permit<C: cap::Cap>(db: &Db, actor: &Actor) -> Result<Permit<C>, AppError> {
    if allows(actor.role(), C::CAP) {
        return Ok(Permit { actor: actor.clone(), _cap: PhantomData });
    }
    Err(deny(db, actor, C::CAP.name(), None, refusal(actor.role(), C::CAP)).await)
}

fn refusal(role: Role, cap: Capability) -> AppError {
    let read = cap.read_of();
    if read != cap && allows(role, read) { AppError::Forbidden } else { AppError::NotFound }
}

/// Records a refused request in the audit trail and returns `error`.
pub(crate) async fn deny(db: &Db, actor: &Actor, what: &str, entity_id: Option<i64>, error: AppError) -> AppError {
    let recorded = async {
        let mut tx = db.begin().await?;
        let target = Target { entity: what, entity_id, subject: actor.id().map(|id| ("user", id)) };
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
        let pm = Permit::<cap::EditProjects> { actor: Actor::user(9, "x", Role::ProjectManager), _cap: PhantomData };
        assert_eq!(pm.project_scope(), ProjectScope::Own { user_id: 9 });
        assert!(!pm.may_assign());
    }

    #[test]
    fn external_members_read_only_their_own_boards() {
        for role in Role::ALL {
            assert!(allows(role, Capability::ReadBoards), "{role:?}");
        }
        let ext =
            Permit::<cap::ReadBoards> { actor: Actor::user(4, "x", Role::ExternalBoardMember), _cap: PhantomData };
        assert_eq!(ext.board_scope(), BoardScope::Member { user_id: 4 });
        let staff = Permit::<cap::ReadBoards> { actor: Actor::user(5, "x", Role::Staff), _cap: PhantomData };
        assert_eq!(staff.board_scope(), BoardScope::All);
    }

    #[test]
    fn account_plans_are_for_those_who_look_after_customers() {
        for role in Role::ALL {
            let reads = matches!(role, Role::Administrator | Role::UnitHead | Role::PartnershipManager);
            assert_eq!(allows(role, Capability::ReadPlans), reads, "{role:?}");
            assert_eq!(allows(role, Capability::EditPlans), reads, "{role:?}");
            let template = matches!(role, Role::Administrator | Role::UnitHead);
            assert_eq!(allows(role, Capability::EditPlanTemplate), template, "{role:?}");
        }
        // Those who may not read plans cannot tell one exists.
        for role in [Role::Staff, Role::ProjectManager, Role::ExternalBoardMember] {
            assert!(matches!(refusal(role, Capability::EditPlans), AppError::NotFound), "{role:?}");
        }
        assert!(matches!(refusal(Role::PartnershipManager, Capability::EditPlanTemplate), AppError::Forbidden));
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
        let pm = Permit::<cap::EditPlans> { actor: Actor::user(7, "x", Role::PartnershipManager), _cap: PhantomData };
        assert_eq!(pm.plan_scope(today), EditScope::Own { user_id: 7, today });
        // Writing implies reading, for every role that may write.
        for role in Role::ALL {
            if allows(role, Capability::EditPlans) || allows(role, Capability::EditPlanTemplate) {
                assert!(allows(role, Capability::ReadPlans), "{role:?}");
            }
        }
    }

    #[test]
    fn only_heads_and_admins_edit_the_glossary_and_import() {
        for role in Role::ALL {
            let expect = matches!(role, Role::Administrator | Role::UnitHead);
            assert_eq!(allows(role, Capability::EditGlossary), expect, "{role:?}");
            assert_eq!(allows(role, Capability::ImportProjects), expect, "{role:?}");
        }
        assert!(matches!(refusal(Role::Staff, Capability::EditGlossary), AppError::Forbidden));
        assert!(matches!(refusal(Role::ExternalBoardMember, Capability::ImportProjects), AppError::NotFound));
    }

    #[test]
    fn the_centre_records_contacts_and_the_customer_side_sees_none() {
        for role in Role::ALL {
            let internal = role != Role::ExternalBoardMember;
            assert_eq!(allows(role, Capability::ReadRequests), internal, "{role:?}");
            assert_eq!(allows(role, Capability::RecordRequests), internal, "{role:?}");
            let works = matches!(role, Role::Administrator | Role::UnitHead | Role::PartnershipManager);
            assert_eq!(allows(role, Capability::EditRequests), works, "{role:?}");
            let rules = matches!(role, Role::Administrator | Role::UnitHead);
            assert_eq!(allows(role, Capability::EditRouting), rules, "{role:?}");
        }
        assert!(matches!(refusal(Role::ExternalBoardMember, Capability::RecordRequests), AppError::NotFound));
        assert!(matches!(refusal(Role::Staff, Capability::EditRequests), AppError::Forbidden));
    }

    #[test]
    fn partnership_managers_are_scoped_to_their_customers() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
        let pm =
            Permit::<cap::EditCustomers> { actor: Actor::user(7, "x", Role::PartnershipManager), _cap: PhantomData };
        assert_eq!(pm.customer_scope(today), EditScope::Own { user_id: 7, today });
        assert!(!pm.may_assign());
        let head = Permit::<cap::EditCustomers> { actor: Actor::user(1, "x", Role::UnitHead), _cap: PhantomData };
        assert_eq!(head.customer_scope(today), EditScope::All);
        assert!(head.may_assign());
    }
}
