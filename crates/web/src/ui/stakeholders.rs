//! The stakeholder register and communication plan pages: a section of the
//! project page (`project_stakeholders.html`) and a form page for each kind
//! of record, used to add, edit and remove. Both kinds are entries of a
//! project's register ([`Entry`]) and share one set of handlers.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kumppani_app::policy::Permit;
use kumppani_app::policy::cap::EditProjects;
use kumppani_app::projects::Project;
use kumppani_app::stakeholders::{CommunicationLine, Stakeholder};
use kumppani_app::{AppError, glossary, projects, stakeholders, users};
use kumppani_domain::stakeholder::{BoardRole, CommunicationDraft, Level, Side, StakeholderDraft};
use std::collections::HashMap;

use super::form::{Form, submit};
use super::{Chrome, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

type Options = Vec<(String, String)>;

pub fn router() -> Routes {
    Routes::new()
        .route("/projects/{id}/stakeholders", post(create::<Stakeholders>))
        .route("/projects/{id}/stakeholders/new", get(new_form::<Stakeholders>))
        .route("/stakeholders/{id}", post(update::<Stakeholders>))
        .route("/stakeholders/{id}/edit", get(edit_form::<Stakeholders>))
        .route("/stakeholders/{id}/delete", post(delete::<Stakeholders>))
        .route("/projects/{id}/communications", post(create::<Lines>))
        .route("/projects/{id}/communications/new", get(new_form::<Lines>))
        .route("/communications/{id}", post(update::<Lines>))
        .route("/communications/{id}/edit", get(edit_form::<Lines>))
        .route("/communications/{id}/delete", post(delete::<Lines>))
}

/// What the project page's stakeholder section shows.
pub struct Register {
    pub stakeholders: Vec<Stakeholder>,
    pub lines: Vec<CommunicationLine>,
    /// Board role labels from the glossary, in the page's language.
    pub roles: HashMap<String, String>,
}

impl Register {
    pub async fn load(state: &AppState, session: &Session, lang: Lang, id: i64) -> Result<Register, PageError> {
        let db = &state.db;
        let (stakeholders, lines) =
            stakeholders::of_project(db, &session.permit(db).await.or_page(lang)?, id).await.or_page(lang)?;
        let roles = glossary::role_labels(db, lang.code()).await.or_page(lang)?;
        Ok(Register { stakeholders, lines, roles })
    }

    pub fn role(&self, r: &BoardRole) -> String {
        self.roles.get(r.as_str()).cloned().unwrap_or_else(|| r.as_str().to_owned())
    }
}

fn options<T: Copy>(all: &[T], key: fn(T) -> &'static str, lang: Lang, prefix: &str) -> Options {
    all.iter().map(|v| (key(*v).to_owned(), lang.t(&format!("{prefix}-{}", key(*v))))).collect()
}

/// A kind of record in a project's register, edited on a page of its own:
/// how to read, save and show it. The handlers below are the same for each.
trait Entry {
    type Row;
    type Page: Template;
    /// The section of the project page to return to.
    const ANCHOR: &'static str;

    async fn get(state: &AppState, session: &Session, lang: Lang, id: i64) -> Result<Self::Row, PageError>;
    fn project_id(row: &Self::Row) -> i64;
    /// The form showing the record as saved.
    fn saved(row: &Self::Row) -> Form;
    /// The form a new record starts from.
    fn blank(project: &Project) -> Form;
    async fn create(state: &AppState, permit: &Permit<EditProjects>, project: i64, form: &Form)
    -> Result<(), AppError>;
    async fn update(state: &AppState, permit: &Permit<EditProjects>, id: i64, form: &Form) -> Result<(), AppError>;
    async fn delete(state: &AppState, permit: &Permit<EditProjects>, id: i64, version: i64) -> Result<(), AppError>;
    async fn page(
        state: &AppState,
        session: &Session,
        lang: Lang,
        project: i64,
        form: Form,
        current: Option<Self::Row>,
    ) -> Result<Self::Page, PageError>;
}

/// The project, if the user may change it (else the page error to show).
async fn editable_project(state: &AppState, session: &Session, lang: Lang, id: i64) -> Result<Project, PageError> {
    let db = &state.db;
    let project = projects::get(db, &session.permit(db).await.or_page(lang)?, id).await.or_page(lang)?;
    let permit = session.permit(db).await.or_page(lang)?;
    if !projects::editable(db, &permit, id).await.or_page(lang)? {
        return Err(PageError::from_app(AppError::Forbidden, lang));
    }
    Ok(project)
}

async fn project_of(state: &AppState, session: &Session, lang: Lang, id: i64) -> Result<Project, PageError> {
    projects::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)
}

fn back<E: Entry>(project: i64) -> Response {
    Redirect::to(&format!("/projects/{project}#{}", E::ANCHOR)).into_response()
}

async fn new_form<E: Entry>(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let project = editable_project(&state, &session, lang, id).await?;
    render(&E::page(&state, &session, lang, id, E::blank(&project), None).await?, lang)
}

async fn create<E: Entry>(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = E::create(&state, &permit, id, &form).await;
    submit(lang, form, result, |()| back::<E>(id), async |form| E::page(&state, &session, lang, id, form, None).await)
        .await
}

async fn edit_form<E: Entry>(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(entry): Path<i64>,
) -> Result<Html<String>, PageError> {
    let row = E::get(&state, &session, lang, entry).await?;
    let id = E::project_id(&row);
    editable_project(&state, &session, lang, id).await?;
    render(&E::page(&state, &session, lang, id, E::saved(&row), Some(row)).await?, lang)
}

async fn update<E: Entry>(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(entry): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let id = E::project_id(&E::get(&state, &session, lang, entry).await?);
    let result = E::update(&state, &permit, entry, &form).await;
    submit(
        lang,
        form,
        result,
        |()| back::<E>(id),
        async |form| {
            let current = E::get(&state, &session, lang, entry).await?;
            E::page(&state, &session, lang, id, form, Some(current)).await
        },
    )
    .await
}

async fn delete<E: Entry>(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(entry): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let id = E::project_id(&E::get(&state, &session, lang, entry).await?);
    let result = E::delete(&state, &permit, entry, form.version).await;
    submit(
        lang,
        form,
        result,
        |()| back::<E>(id),
        async |form: Form| {
            let current = E::get(&state, &session, lang, entry).await?;
            // Show the saved values (the delete form sent none), with the reason.
            let mut shown = E::saved(&current);
            shown.errors = form.errors;
            shown.conflict = form.conflict;
            E::page(&state, &session, lang, id, shown, Some(current)).await
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "stakeholder_form.html")]
struct StakeholderPage {
    c: Chrome,
    project: Project,
    form: Form,
    current: Option<Stakeholder>,
    sides: Options,
    levels: Options,
}

fn stakeholder_draft(form: &Form) -> StakeholderDraft {
    StakeholderDraft {
        name: form.v("name").to_owned(),
        organisation: form.opt("organisation"),
        side: form.v("side").to_owned(),
        interest: form.opt("interest"),
        influence: form.opt("influence"),
        note: form.opt("note"),
    }
}

/// The stakeholders of a project's register.
struct Stakeholders;

impl Entry for Stakeholders {
    type Row = Stakeholder;
    type Page = StakeholderPage;
    const ANCHOR: &'static str = "stakeholders";

    async fn get(state: &AppState, session: &Session, lang: Lang, id: i64) -> Result<Stakeholder, PageError> {
        stakeholders::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)
    }

    fn project_id(row: &Stakeholder) -> i64 {
        row.project_id
    }

    fn saved(row: &Stakeholder) -> Form {
        let d = stakeholders::draft_of(row);
        Form::from_pairs(
            &[
                ("name", Some(d.name)),
                ("organisation", d.organisation),
                ("side", Some(d.side)),
                ("interest", d.interest),
                ("influence", d.influence),
                ("note", d.note),
            ],
            row.version,
        )
    }

    fn blank(_: &Project) -> Form {
        Form::default()
    }

    async fn create(
        state: &AppState,
        permit: &Permit<EditProjects>,
        project: i64,
        form: &Form,
    ) -> Result<(), AppError> {
        stakeholders::create(&state.db, permit, project, &stakeholder_draft(form)).await.map(|_| ())
    }

    async fn update(state: &AppState, permit: &Permit<EditProjects>, id: i64, form: &Form) -> Result<(), AppError> {
        stakeholders::update(&state.db, permit, id, form.version, &stakeholder_draft(form)).await.map(|_| ())
    }

    async fn delete(state: &AppState, permit: &Permit<EditProjects>, id: i64, version: i64) -> Result<(), AppError> {
        stakeholders::delete(&state.db, permit, id, version).await
    }

    async fn page(
        state: &AppState,
        session: &Session,
        lang: Lang,
        project: i64,
        form: Form,
        current: Option<Stakeholder>,
    ) -> Result<StakeholderPage, PageError> {
        let project = project_of(state, session, lang, project).await?;
        let title = if current.is_some() { "stakeholder-edit-title" } else { "stakeholder-new-title" };
        Ok(StakeholderPage {
            c: Chrome::new(lang, Some(session), "/projects", title),
            project,
            form,
            current,
            sides: options(&Side::ALL, Side::as_str, lang, "side"),
            levels: options(&Level::ALL, Level::as_str, lang, "level"),
        })
    }
}

#[derive(Template)]
#[template(path = "communication_form.html")]
struct LinePage {
    c: Chrome,
    project: Project,
    form: Form,
    current: Option<CommunicationLine>,
    stakeholders: Options,
    people: Options,
    roles: Options,
}

fn line_draft(form: &Form) -> CommunicationDraft {
    CommunicationDraft {
        stakeholder_id: form.id("stakeholder_id"),
        responsible_id: form.id("responsible_id"),
        responsible_role: form.v("responsible_role").to_owned(),
        delegated_to_id: form.id("delegated_to_id"),
        channel: form.v("channel").to_owned(),
        frequency: form.v("frequency").to_owned(),
        content: form.v("content").to_owned(),
    }
}

/// The lines of a project's communication plan.
struct Lines;

impl Entry for Lines {
    type Row = CommunicationLine;
    type Page = LinePage;
    const ANCHOR: &'static str = "communication";

    async fn get(state: &AppState, session: &Session, lang: Lang, id: i64) -> Result<CommunicationLine, PageError> {
        stakeholders::get_line(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)
    }

    fn project_id(row: &CommunicationLine) -> i64 {
        row.project_id
    }

    fn saved(row: &CommunicationLine) -> Form {
        let d = stakeholders::line_draft_of(row);
        Form::from_pairs(
            &[
                ("stakeholder_id", d.stakeholder_id.map(|v| v.to_string())),
                ("responsible_id", d.responsible_id.map(|v| v.to_string())),
                ("responsible_role", Some(d.responsible_role)),
                ("delegated_to_id", d.delegated_to_id.map(|v| v.to_string())),
                ("channel", Some(d.channel)),
                ("frequency", Some(d.frequency)),
                ("content", Some(d.content)),
            ],
            row.version,
        )
    }

    /// The project manager is the usual delegate (SPEC §4).
    fn blank(project: &Project) -> Form {
        Form::from_pairs(&[("delegated_to_id", Some(project.project_manager_id.to_string()))], 0)
    }

    async fn create(
        state: &AppState,
        permit: &Permit<EditProjects>,
        project: i64,
        form: &Form,
    ) -> Result<(), AppError> {
        stakeholders::create_line(&state.db, permit, project, &line_draft(form)).await.map(|_| ())
    }

    async fn update(state: &AppState, permit: &Permit<EditProjects>, id: i64, form: &Form) -> Result<(), AppError> {
        stakeholders::update_line(&state.db, permit, id, form.version, &line_draft(form)).await.map(|_| ())
    }

    async fn delete(state: &AppState, permit: &Permit<EditProjects>, id: i64, version: i64) -> Result<(), AppError> {
        stakeholders::delete_line(&state.db, permit, id, version).await
    }

    async fn page(
        state: &AppState,
        session: &Session,
        lang: Lang,
        project: i64,
        form: Form,
        current: Option<CommunicationLine>,
    ) -> Result<LinePage, PageError> {
        let db = &state.db;
        let id = project;
        let project = project_of(state, session, lang, id).await?;
        let (list, _) =
            stakeholders::of_project(db, &session.permit(db).await.or_page(lang)?, id).await.or_page(lang)?;
        let people = users::list(db, &session.permit(db).await.or_page(lang)?).await.or_page(lang)?;
        let labels = glossary::role_labels(db, lang.code()).await.or_page(lang)?;
        let title = if current.is_some() { "communication-edit-title" } else { "communication-new-title" };
        Ok(LinePage {
            c: Chrome::new(lang, Some(session), "/projects", title),
            project,
            form,
            current,
            stakeholders: list.iter().map(|s| (s.id.to_string(), s.name.clone())).collect(),
            people: people
                .iter()
                .filter(|u| u.is_active_staff())
                .map(|u| (u.id.to_string(), u.display_name.clone()))
                .collect(),
            roles: BoardRole::ALL
                .iter()
                .map(|r| (r.as_str().to_owned(), labels.get(r.as_str()).cloned().unwrap_or_default()))
                .collect(),
        })
    }
}
