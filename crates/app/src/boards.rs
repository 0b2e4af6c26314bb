//! Project boards (SPEC §4): members and how the board works, the rules
//! it breaks, the partnership manager's place, and the guidance delivery
//! workflow. Meetings and decisions are in `board_log`; what an external
//! member may see of a project is in `board_log::summary`.

use chrono::{DateTime, NaiveDate, Utc};
use kumppani_domain::board::guidance::{Facts, Step, steps};
use kumppani_domain::board::{self, BoardContext, BoardDraft, Person, Severity, Side, ValidBoard};
use kumppani_domain::{Invalid, Role, diff};
use kumppani_store::audit::{Action, Target};
pub use kumppani_store::boards::Member;
use kumppani_store::boards::{self, Board, BoardScope};
use kumppani_store::projects::{self, Project};
use kumppani_store::{Db, Tx, board_log, contacts, users};
use serde::Serialize;

use crate::centre_time;
use crate::error::reference;
use crate::policy::cap::{EditProjects, ReadBoards};
use crate::policy::{Permit, deny};
use crate::projects::check_editable;
use crate::{AppError, audit_change};

/// A rule the board breaks, as the page and the API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Rule {
    /// A message id (`board-error-…`, `board-warning-…`).
    pub code: String,
    /// `blocking`, `incomplete` or `warning`
    pub severity: String,
    /// The number the message names, if any.
    pub count: Option<usize>,
}

/// One step of the guidance delivery: done or not, by whom and when, when
/// it is due and whether it is late.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StepState {
    /// `sent_to_customer`, `sent_to_members`, `reviewed_at_first_meeting`
    pub step: String,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<String>,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    /// The one step that may be recorded next.
    pub next: bool,
}

/// A board as a reader sees it. The governance parts (rules, workflow,
/// the partnership manager's place) are for staff only and absent for
/// external members.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BoardView {
    pub project_id: i64,
    pub project_name: String,
    /// The project manager attends the board (not a member).
    pub project_manager_name: String,
    pub customer_project: bool,
    pub board: Board,
    pub rules: Option<Vec<Rule>>,
    pub workflow: Option<Vec<StepState>>,
    /// `support_customer_or_supplier`, `represent_customers` or `not_needed`
    pub partner_place: Option<String>,
    /// The customer's partnership manager, whom the place is about.
    pub partnership_manager: Option<String>,
}

impl BoardView {
    /// Whether the board meets every rule but the advisory ones.
    pub fn complete(&self) -> bool {
        self.rules.as_ref().is_some_and(|r| r.iter().all(|r| r.severity == "warning"))
    }
}

fn context(p: &Project) -> BoardContext {
    BoardContext { customer_project: p.customer_id.is_some(), project_manager_id: p.project_manager_id }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Blocking => "blocking",
        Severity::Incomplete => "incomplete",
        Severity::Warning => "warning",
    }
}

/// The workflow's facts for a board.
fn facts(p: &Project, b: &Board, first_meeting: Option<NaiveDate>) -> Facts {
    let seats: Vec<_> = b.members.iter().map(|m| m.seat()).collect();
    let mut done = [None; 3];
    for (i, s) in Step::ALL.into_iter().enumerate() {
        done[i] = b.done(s).map(|d| centre_time::day_of(d.at));
    }
    Facts {
        customer_project: p.customer_id.is_some(),
        done,
        starts_on: p.starts_on,
        first_meeting,
        board_complete: board::is_complete(&board::check(&seats, &context(p))),
    }
}

/// Whether the permit may read the project's board; a board it may not
/// read answers like a missing project (and the refusal is audited).
pub(crate) async fn check_visible(db: &Db, permit: &Permit<ReadBoards>, project_id: i64) -> Result<(), AppError> {
    let scope = permit.board_scope();
    if boards::visible(db, project_id, &scope).await? {
        return Ok(());
    }
    if scope == BoardScope::All {
        return Err(AppError::NotFound);
    }
    Err(deny(db, permit.actor(), "board", Some(project_id), AppError::NotFound).await)
}

/// The board of a project, with what the reader may see of it.
pub async fn view(db: &Db, permit: &Permit<ReadBoards>, project_id: i64) -> Result<BoardView, AppError> {
    check_visible(db, permit, project_id).await?;
    let p = projects::get(db, project_id).await?;
    let mut b = boards::get(db, project_id).await?;
    if permit.board_scope() != BoardScope::All {
        // Who at the centre recorded the steps is internal.
        b.guidance.clear();
        return Ok(BoardView {
            project_id,
            project_name: p.name,
            project_manager_name: p.project_manager_name,
            customer_project: p.customer_id.is_some(),
            board: b,
            rules: None,
            workflow: None,
            partner_place: None,
            partnership_manager: None,
        });
    }
    let first = board_log::first_meeting(db, project_id).await?;
    let manager = boards::partnership_manager(db, project_id).await?;
    Ok(staff_view(p, b, first, manager, centre_time::today()))
}

fn staff_view(p: Project, b: Board, first: Option<NaiveDate>, manager: Option<String>, today: NaiveDate) -> BoardView {
    let seats: Vec<_> = b.members.iter().map(|m| m.seat()).collect();
    let rules = board::check(&seats, &context(&p))
        .into_iter()
        .map(|f| Rule { code: f.code.to_owned(), severity: severity(f.severity).to_owned(), count: f.count })
        .collect();
    let f = facts(&p, &b, first);
    let workflow = steps(f.customer_project)
        .iter()
        .map(|s| StepState {
            step: s.as_str().to_owned(),
            done_at: b.done(*s).map(|d| d.at),
            done_by: b.done(*s).map(|d| d.by.clone()),
            due: f.due(*s),
            overdue: f.overdue(*s, today),
            next: f.next() == Some(*s),
        })
        .collect();
    let place = board::partner_place(p.customer_id.is_some(), b.affects_customer_base);
    BoardView {
        project_id: p.id,
        project_name: p.name.clone(),
        project_manager_name: p.project_manager_name.clone(),
        customer_project: p.customer_id.is_some(),
        board: b,
        rules: Some(rules),
        workflow: Some(workflow),
        partner_place: Some(place.as_str().to_owned()),
        partnership_manager: manager,
    }
}

/// Checks what only the database knows: the people exist; staff sit as
/// themselves; a contact is the project customer's; a customer-side user
/// with an account (external member) sits on the customer side.
async fn check_people(tx: &mut Tx, p: &Project, b: &ValidBoard) -> Result<(), AppError> {
    let mut errors = Invalid::default();
    for (i, seat) in b.seats.iter().enumerate() {
        let field = format!("members[{i}].person");
        match seat.person {
            Person::User(id) => match reference(users::get_in(tx, id).await, &field) {
                Ok(u) if !u.active => errors.push(&field, "board-error-not-active"),
                Ok(u) if u.role == Role::ExternalBoardMember && seat.side != Side::Customer => {
                    errors.push(&field, "board-error-external-side")
                }
                Ok(_) => {}
                Err(AppError::Invalid(e)) => errors.0.extend(e.0),
                Err(other) => return Err(other),
            },
            Person::Contact(id) => match reference(contacts::get_in(tx, id).await, &field) {
                Ok(c) if Some(c.customer_id) != p.customer_id => errors.push(&field, "board-error-contact-customer"),
                Ok(_) => {}
                Err(AppError::Invalid(e)) => errors.0.extend(e.0),
                Err(other) => return Err(other),
            },
        }
    }
    Ok(errors.into_result()?)
}

fn target(entity: &'static str, project_id: i64) -> Target<'static> {
    Target { entity, entity_id: Some(project_id), subject: Some(("project", project_id)) }
}

/// Replaces the board's members and settings if it is still at `version`
/// (0: the board is not saved yet). Blocking rules refuse the save;
/// missing roles do not (a board forms over time) but are reported.
pub async fn save(
    db: &Db,
    permit: &Permit<EditProjects>,
    project_id: i64,
    version: i64,
    draft: &BoardDraft,
) -> Result<Board, AppError> {
    let actor = permit.actor();
    let mut tx = check_editable(db, db.begin().await?, permit, project_id).await?;
    let p = projects::get_in(&mut tx, project_id).await?;
    let before = boards::get_in(&mut tx, project_id).await?;
    let valid = draft.validate(&context(&p))?;
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    check_people(&mut tx, &p, &valid).await?;
    boards::save(&mut tx, project_id, version, &valid).await?;
    let after = boards::get_in(&mut tx, project_id).await?;
    let old = (version > 0).then(|| before.audit_fields());
    let action = if version == 0 { Action::Create } else { Action::Update };
    audit_change(
        &mut tx,
        actor,
        action,
        target("board", project_id),
        &diff(old.as_deref(), Some(&after.audit_fields())),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Records the next guidance step as done now, in order only.
pub async fn record_step(
    db: &Db,
    permit: &Permit<EditProjects>,
    project_id: i64,
    version: i64,
    step: &str,
) -> Result<Board, AppError> {
    let actor = permit.actor();
    let mut tx = check_editable(db, db.begin().await?, permit, project_id).await?;
    let step = Step::parse(step).map_err(|code| Invalid::one("step", code))?;
    let p = projects::get_in(&mut tx, project_id).await?;
    let before = boards::get_in(&mut tx, project_id).await?;
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    let first = board_log::first_meeting_in(&mut tx, project_id).await?;
    facts(&p, &before, first).may_record(step).map_err(|code| Invalid::one("step", code))?;
    boards::record_step(&mut tx, project_id, version, step, actor.name()).await?;
    let after = boards::get_in(&mut tx, project_id).await?;
    let changes = diff(None, Some(&[(step.as_str(), Some(actor.name().to_owned()))]));
    audit_change(&mut tx, actor, Action::Update, target("board_guidance", project_id), &changes).await?;
    tx.commit().await?;
    Ok(after)
}

/// The draft a board's forms start from: the board as saved.
pub fn draft_of(b: &Board) -> BoardDraft {
    BoardDraft {
        meeting_interval: Some(b.meeting_interval.clone()),
        ways_of_working: Some(b.ways_of_working.clone()),
        affects_customer_base: b.affects_customer_base,
        members: b
            .members
            .iter()
            .map(|m| board::MemberDraft {
                user_id: m.user_id,
                contact_id: m.contact_id,
                role: m.role.as_str().to_owned(),
                side: m.side.as_str().to_owned(),
            })
            .collect(),
    }
}

/// Who may be put on a project's board: (value, name) where the value is
/// `u:<id>` for a user and `c:<id>` for one of the customer's contacts.
pub async fn candidates(db: &Db, _: &Permit<EditProjects>, project_id: i64) -> Result<Vec<(String, String)>, AppError> {
    let p = projects::get(db, project_id).await?;
    let mut out: Vec<(String, String)> = users::list(db)
        .await?
        .into_iter()
        .filter(|u| u.active && u.id != p.project_manager_id)
        .map(|u| (format!("u:{}", u.id), u.display_name))
        .collect();
    if let Some(customer) = p.customer_id {
        out.extend(contacts::for_customer(db, customer).await?.into_iter().map(|c| (format!("c:{}", c.id), c.name)));
    }
    Ok(out)
}
