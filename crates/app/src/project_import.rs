//! Importing projects from a project server's file (MSPDI XML or CSV).
//!
//! People are matched, never invented: the project manager must be an
//! active staff member whose name or e-mail address the file gives; a
//! project whose manager is unknown is reported and left out. A project
//! already imported (same external id) is not created again. Everything
//! happens in one transaction, so a failure writes nothing; a dry run rolls
//! it back on purpose.

use kumppani_domain::project_import::{self, ImportedProject, RowProblem};
use kumppani_domain::search::sort_key;
use kumppani_domain::{Invalid, ProjectDraft, Stage, StatusDraft, diff};
use kumppani_store::audit::{Action, Target};
use kumppani_store::users::User;
use kumppani_store::{Db, projects, users};
use serde::Serialize;

use crate::policy::Permit;
use crate::policy::cap::ImportProjects;
use crate::{AppError, audit_change};

/// A project of the file and what became of it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportedRow {
    pub line: usize,
    pub external_id: String,
    pub name: String,
    /// The project in the register (absent in a dry run's new projects).
    pub project_id: Option<i64>,
}

/// A project left out because its manager is not a known staff member.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnknownManager {
    pub line: usize,
    pub name: String,
    /// The manager as the file writes them (empty when the file names none).
    pub manager: String,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    /// New projects (in a dry run: those that would be created).
    pub created: Vec<ImportedRow>,
    /// Projects imported before, left as they are.
    pub existing: Vec<ImportedRow>,
    pub unknown_managers: Vec<UnknownManager>,
    /// Values that could not be used; the project is created without them
    /// unless the problem is its name.
    pub problems: Vec<ImportProblem>,
}

/// A value of the file that could not be used.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportProblem {
    pub line: usize,
    pub field: String,
    /// A message id (`error-date`, `error-import-stage` …).
    pub code: String,
}

impl From<RowProblem> for ImportProblem {
    fn from(p: RowProblem) -> Self {
        ImportProblem { line: p.line, field: p.field, code: p.code }
    }
}

/// Finds a staff member by e-mail address or display name (case and
/// spacing ignored).
fn person<'a>(people: &'a [User], written: Option<&str>) -> Option<&'a User> {
    let key = sort_key(written?);
    people
        .iter()
        .find(|u| u.email.as_deref().is_some_and(|e| e.to_lowercase() == key) || sort_key(&u.display_name) == key)
}

fn draft(p: &ImportedProject, executive_id: i64, project_manager_id: i64) -> ProjectDraft {
    let (stage, stage_number) = p.stage.unwrap_or((Stage::StartingUp, None));
    ProjectDraft {
        name: p.name.clone(),
        customer_id: None,
        executive_id: Some(executive_id),
        project_manager_id: Some(project_manager_id),
        stage: stage.as_str().to_owned(),
        stage_number,
        starts_on: p.starts_on.map(|d| d.to_string()),
        ends_on: p.ends_on.map(|d| d.to_string()),
        ..ProjectDraft::default()
    }
}

/// Parses on a blocking thread: a large or hostile file may take CPU time
/// that must not hold up the async workers serving everyone else. The size
/// is checked first, so an oversized file is neither copied nor read.
async fn parse(bytes: &[u8]) -> Result<project_import::ParsedFile, AppError> {
    if bytes.len() > project_import::MAX_BYTES {
        return Err(Invalid::one("file", "error-import-too-large").into());
    }
    let bytes = bytes.to_vec();
    let parsed = tokio::task::spawn_blocking(move || project_import::parse(&bytes))
        .await
        .map_err(|e| AppError::Internal(format!("project file parser: {e}")))?;
    Ok(parsed?)
}

/// Imports the projects of `bytes`; `dry_run` reports without writing.
pub async fn import_projects(
    db: &Db,
    permit: &Permit<ImportProjects>,
    bytes: &[u8],
    dry_run: bool,
) -> Result<ImportReport, AppError> {
    let actor = permit.actor();
    let parsed = parse(bytes).await?;
    let people: Vec<User> = users::list(db).await?.into_iter().filter(|u| u.is_active_staff()).collect();
    let mut report = ImportReport {
        dry_run,
        problems: parsed.problems.into_iter().map(ImportProblem::from).collect(),
        ..ImportReport::default()
    };
    let mut tx = db.begin().await?;
    for p in &parsed.projects {
        let row = |project_id| ImportedRow {
            line: p.line,
            external_id: p.external_id.clone(),
            name: p.name.clone(),
            project_id,
        };
        if let Some(id) = projects::by_external_id(&mut tx, &p.external_id).await? {
            report.existing.push(row(Some(id)));
            continue;
        }
        let Some(manager) = person(&people, p.manager.as_deref()) else {
            report.unknown_managers.push(UnknownManager {
                line: p.line,
                name: p.name.clone(),
                manager: p.manager.clone().unwrap_or_default(),
            });
            continue;
        };
        // The owner when the file names a known one; else whoever imports
        // (the unit head, who then hands the project on).
        let executive = person(&people, p.owner.as_deref()).map(|u| u.id).or(actor.id()).unwrap_or(manager.id);
        let valid = match draft(p, executive, manager.id).validate() {
            Ok(v) => v,
            Err(invalid) => {
                report.problems.extend(invalid.0.into_iter().map(|e| ImportProblem {
                    line: p.line,
                    field: e.field,
                    code: e.code.to_owned(),
                }));
                continue;
            }
        };
        let id = projects::insert_from(&mut tx, &valid, Some(&p.external_id)).await?;
        let created = projects::get_in(&mut tx, id).await?;
        let mut fields = created.audit_fields();
        fields.push(("external_id", Some(p.external_id.clone())));
        let target = Target { entity: "project", entity_id: Some(id), subject: Some(("project", id)) };
        audit_change(&mut tx, actor, Action::Create, target, &diff(None, Some(&fields))).await?;
        if let Some(rag) = p.rag {
            let status = StatusDraft { rag: rag.as_str().into(), highlight: "Tila tuotu projektipalvelimelta.".into() }
                .validate()?;
            let status_id = projects::add_status(&mut tx, id, &status, actor).await?;
            let fields =
                [("rag", Some(rag.as_str().to_owned())), ("highlight", Some(status.highlight.as_str().to_owned()))];
            let target =
                Target { entity: "project_status", entity_id: Some(status_id), subject: Some(("project", id)) };
            audit_change(&mut tx, actor, Action::Create, target, &diff(None, Some(&fields))).await?;
        }
        report.created.push(row(if dry_run { None } else { Some(id) }));
    }
    if dry_run {
        // Dropping the transaction rolls every row and audit row back.
        drop(tx);
    } else {
        tx.commit().await?;
    }
    Ok(report)
}
