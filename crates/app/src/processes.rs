//! Processes as data (SPEC §5): the templates the unit head keeps, and runs
//! that follow one customer contact from the customer back to the customer.
//! Starting and advancing a run are writes on the contact: the same scope,
//! the timeline gets the step, the audit trail the change. The last step
//! (or a no) answers the contact, so its lead time ends there.

use chrono::Utc;
use kumppani_domain::process::{self, Next, Outcome, StepAction, StepDraft};
use kumppani_domain::request::RequestStatus;
use kumppani_domain::{Invalid, ProjectDraft, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::processes;
pub use kumppani_store::processes::{Run, Template, TemplateStep};
use kumppani_store::{Db, requests as store_requests};

use crate::centre_time::{day_of, today};
use crate::policy::cap::{EditProjects, EditRequests, EditRouting, ReadRequests};
use crate::policy::{self, Permit};
use crate::requests::{by, finish, open_for_work};
use crate::{AppError, audit_change, projects};

pub async fn templates(db: &Db, _: &Permit<ReadRequests>) -> Result<Vec<Template>, AppError> {
    Ok(processes::templates(db).await?)
}

/// A template and its steps in order.
pub async fn template(db: &Db, _: &Permit<ReadRequests>, id: i64) -> Result<(Template, Vec<TemplateStep>), AppError> {
    let t = processes::template(db, id).await?;
    let steps = processes::steps(db, id).await?;
    Ok((t, steps))
}

pub async fn step(db: &Db, _: &Permit<ReadRequests>, id: i64) -> Result<TemplateStep, AppError> {
    Ok(processes::step(db, id).await?)
}

/// Changes a step's lane, duration, texts and outcomes (unit head and
/// administrators). Runs already under way follow the changed step from now.
pub async fn update_step(
    db: &Db,
    permit: &Permit<EditRouting>,
    id: i64,
    version: i64,
    draft: &StepDraft,
) -> Result<TemplateStep, AppError> {
    let mut tx = db.begin().await?;
    let before = processes::step_in(&mut tx, id).await?;
    let valid = draft.validate()?;
    if before.version != version {
        return Err(AppError::Conflict { current: before.version });
    }
    processes::update_step(&mut tx, id, version, &valid).await?;
    let after = processes::step_in(&mut tx, id).await?;
    let changes = diff(Some(&before.audit_fields()), Some(&after.audit_fields()));
    let target =
        Target { entity: "process_step", entity_id: Some(id), subject: Some(("process_template", before.template_id)) };
    audit_change(&mut tx, permit.actor(), Action::Update, target, &changes).await?;
    tx.commit().await?;
    Ok(after)
}

/// A run as the contact's page shows it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RunView {
    pub run: Run,
    pub template: Template,
    pub steps: Vec<TemplateStep>,
    /// The day the current step is due; absent once the run has ended.
    pub due_on: Option<chrono::NaiveDate>,
    pub overdue: bool,
}

impl RunView {
    pub fn current(&self) -> Option<&TemplateStep> {
        (self.run.status == "running").then(|| self.steps.get(self.run.position as usize - 1)).flatten()
    }
}

/// The contact's process run, if one was started.
pub async fn run_of(db: &Db, _: &Permit<ReadRequests>, request_id: i64) -> Result<Option<RunView>, AppError> {
    let Some(run) = processes::run_of(db, request_id).await? else { return Ok(None) };
    let template = processes::template(db, run.template_id).await?;
    let steps = processes::steps(db, run.template_id).await?;
    let current = (run.status == "running").then(|| steps.get(run.position as usize - 1)).flatten();
    let due_on = current.map(|s| process::due(day_of(run.step_started_at), s.days));
    let overdue = due_on.is_some_and(|d| today() > d);
    Ok(Some(RunView { run, template, steps, due_on, overdue }))
}

/// A run's audit rows belong to its contact's history.
fn target(run_id: i64, request_id: i64) -> Target<'static> {
    Target { entity: "process_run", entity_id: Some(run_id), subject: Some(("customer_request", request_id)) }
}

/// Starts a process for a contact (once per contact). `version` is the
/// contact's, so a start made on a stale page is refused.
pub async fn start(
    db: &Db,
    permit: &Permit<EditRequests>,
    request_id: i64,
    version: i64,
    template_id: Option<i64>,
) -> Result<RunView, AppError> {
    let (mut tx, request) = open_for_work(db, permit, request_id, version).await?;
    let template_id = template_id.ok_or_else(|| Invalid::one("template_id", "error-required"))?;
    let template = crate::error::reference(processes::template_in(&mut tx, template_id).await, "template_id")?;
    if request.status.is_done() {
        return Err(Invalid::one("template_id", "error-request-done").into());
    }
    if processes::run_of_in(&mut tx, request_id).await?.is_some() {
        return Err(Invalid::one("template_id", "error-process-running").into());
    }
    processes::start(&mut tx, request_id, template_id).await?;
    let actor = permit.actor();
    store_requests::add_event(&mut tx, request_id, by(actor), "process", &template.template_key, Utc::now()).await?;
    let run = processes::run_of_in(&mut tx, request_id).await?.ok_or(AppError::NotFound)?;
    let changes = diff(None, Some(&run.audit_fields()));
    audit_change(&mut tx, actor, Action::Create, target(run.id, request_id), &changes).await?;
    tx.commit().await?;
    run_of(db, &reader(permit), request_id).await?.ok_or(AppError::NotFound)
}

fn reader(p: &Permit<EditRequests>) -> Permit<ReadRequests> {
    p.read_requests()
}

/// Ends the current step with `outcome`. A step whose action is to create
/// a project creates it first (the customer, the contact's subject as its
/// name, the one moving on as Executive, `project_manager_id` as project
/// manager). The end of the process answers the contact.
pub async fn advance(
    db: &Db,
    permit: &Permit<EditRequests>,
    request_id: i64,
    run_version: i64,
    outcome: &str,
    project_manager_id: Option<i64>,
) -> Result<RunView, AppError> {
    let request = store_requests::get(db, request_id).await?;
    if !crate::requests::may_work(db, permit, &request).await? {
        return Err(policy::deny(db, permit.actor(), "customer_request", Some(request_id), AppError::Forbidden).await);
    }
    let outcome = Outcome::parse(outcome).map_err(|code| Invalid::one("outcome", code))?;
    let view = run_of(db, &reader(permit), request_id).await?.ok_or(AppError::NotFound)?;
    if view.run.status != "running" {
        return Err(Invalid::one("outcome", "error-process-finished").into());
    }
    let rules: Vec<_> = view.steps.iter().map(|s| s.step("fi")).collect();
    let at = view.run.position as usize - 1;
    let next = process::next(&rules, at, outcome).map_err(|r| Invalid::one("outcome", r.code()))?;
    let step = &view.steps[at];
    let makes_project = step.action == StepAction::CreateProject && outcome != Outcome::Rejected;
    let edit = if makes_project { Some(policy::permit::<EditProjects>(db, permit.actor()).await?) } else { None };
    // One write from here: the version checks, the project, the run, the
    // contact's answer and the timeline commit together or not at all.
    let (mut tx, before) = open_for_work(db, permit, request_id, request.version).await?;
    let current = processes::run_of_in(&mut tx, request_id).await?.ok_or(AppError::NotFound)?;
    if current.version != run_version {
        return Err(AppError::Conflict { current: current.version });
    }
    let project_id = match edit {
        Some(edit) => {
            let manager = project_manager_id.ok_or_else(|| Invalid::one("project_manager_id", "error-required"))?;
            let draft = ProjectDraft {
                name: before.subject.chars().take(200).collect(),
                customer_id: Some(before.customer_id),
                executive_id: permit.actor().id().or(before.holder_id),
                project_manager_id: Some(manager),
                stage: "initiating".into(),
                project_type: Some("development".into()),
                ..ProjectDraft::default()
            };
            Some(projects::create_in(&mut tx, &edit, &draft).await?.id)
        }
        None => None,
    };
    let (position, status) = match next {
        Next::Step(i) => (i as i64 + 1, "running"),
        Next::Finished { accepted: true } => (view.run.position, "finished"),
        Next::Finished { accepted: false } => (view.run.position, "rejected"),
    };
    processes::advance(&mut tx, current.id, run_version, position, status, project_id).await?;
    let actor = permit.actor();
    let detail = format!("{}:{}", step.step_key, outcome.as_str());
    store_requests::add_event(&mut tx, request_id, by(actor), "step", &detail, Utc::now()).await?;
    if let Some(project) = project_id {
        store_requests::add_event(&mut tx, request_id, by(actor), "project", &project.to_string(), Utc::now()).await?;
    }
    if status != "running" && !before.status.is_done() {
        store_requests::set_status(
            &mut tx,
            request_id,
            before.version,
            RequestStatus::Answered,
            &before.desk_reference,
        )
        .await?;
        store_requests::add_event(&mut tx, request_id, by(actor), "status", "answered", Utc::now()).await?;
        finish(&mut tx, actor, &before).await?;
    }
    let after = processes::run_of_in(&mut tx, request_id).await?.ok_or(AppError::NotFound)?;
    let changes = diff(Some(&current.audit_fields()), Some(&after.audit_fields()));
    audit_change(&mut tx, actor, Action::Update, target(after.id, request_id), &changes).await?;
    tx.commit().await?;
    run_of(db, &reader(permit), request_id).await?.ok_or(AppError::NotFound)
}
