//! The stakeholder register and communication plan pages: a section of the
//! project page (`project_stakeholders.html`) and a form page for each kind
//! of record, used to add, edit and remove.

use askama::Template;
use axum::extract::{Form as Body, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kumppani_app::projects::Project;
use kumppani_app::stakeholders::{CommunicationLine, Stakeholder};
use kumppani_app::{AppError, glossary, projects, stakeholders, users};
use kumppani_domain::stakeholder::{BoardRole, CommunicationDraft, Level, Side, StakeholderDraft};
use std::collections::HashMap;

use super::form::Form;
use super::{Chrome, OrPage, PageError, Path, form_status, render, render_status};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

type Fields = Body<HashMap<String, String>>;
type Options = Vec<(String, String)>;

pub fn router() -> Routes {
    Routes::new()
        .route("/projects/{id}/stakeholders", post(create))
        .route("/projects/{id}/stakeholders/new", get(new_form))
        .route("/stakeholders/{id}", post(update))
        .route("/stakeholders/{id}/edit", get(edit_form))
        .route("/stakeholders/{id}/delete", post(delete))
        .route("/projects/{id}/communications", post(create_line))
        .route("/projects/{id}/communications/new", get(new_line_form))
        .route("/communications/{id}", post(update_line))
        .route("/communications/{id}/edit", get(edit_line_form))
        .route("/communications/{id}/delete", post(delete_line))
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

fn stakeholder_form(d: &StakeholderDraft, version: i64) -> Form {
    Form::from_pairs(
        &[
            ("name", Some(d.name.clone())),
            ("organisation", d.organisation.clone()),
            ("side", Some(d.side.clone())),
            ("interest", d.interest.clone()),
            ("influence", d.influence.clone()),
            ("note", d.note.clone()),
        ],
        version,
    )
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

async fn stakeholder_page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
    form: Form,
    current: Option<Stakeholder>,
) -> Result<StakeholderPage, PageError> {
    let project = projects::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    let title = if current.is_some() { "stakeholder-edit-title" } else { "stakeholder-new-title" };
    Ok(StakeholderPage {
        c: Chrome::new(lang, Some(session), "/projects", title),
        project,
        form,
        current,
        sides: options(Side::ALL, Side::as_str, lang, "side"),
        levels: options(Level::ALL, Level::as_str, lang, "level"),
    })
}

fn back(id: i64, anchor: &str) -> Response {
    Redirect::to(&format!("/projects/{id}#{anchor}")).into_response()
}

async fn new_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    editable_project(&state, &session, lang, id).await?;
    render(&stakeholder_page(&state, &session, lang, id, Form::default(), None).await?, lang)
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Body(v): Fields,
) -> Result<Response, PageError> {
    let mut form = Form::new(v);
    let permit = session.permit(&state.db).await.or_page(lang)?;
    match stakeholders::create(&state.db, &permit, id, &stakeholder_draft(&form)).await {
        Ok(_) => Ok(back(id, "stakeholders")),
        Err(e) => {
            form.absorb(e).or_page(lang)?;
            let page = stakeholder_page(&state, &session, lang, id, form, None).await?;
            render_status(form_status(&page.form), &page, lang)
        }
    }
}

async fn edit_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(sid): Path<i64>,
) -> Result<Html<String>, PageError> {
    let s = stakeholders::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, sid).await.or_page(lang)?;
    let id = s.project_id;
    editable_project(&state, &session, lang, id).await?;
    let form = stakeholder_form(&stakeholders::draft_of(&s), s.version);
    render(&stakeholder_page(&state, &session, lang, id, form, Some(s)).await?, lang)
}

async fn update(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(sid): Path<i64>,
    Body(v): Fields,
) -> Result<Response, PageError> {
    let mut form = Form::new(v);
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let id = stakeholders::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, sid)
        .await
        .or_page(lang)?
        .project_id;
    match stakeholders::update(&state.db, &permit, sid, form.version, &stakeholder_draft(&form)).await {
        Ok(_) => Ok(back(id, "stakeholders")),
        Err(e) => {
            form.absorb(e).or_page(lang)?;
            let current = stakeholders::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, sid)
                .await
                .or_page(lang)?;
            let page = stakeholder_page(&state, &session, lang, id, form, Some(current)).await?;
            render_status(form_status(&page.form), &page, lang)
        }
    }
}

async fn delete(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(sid): Path<i64>,
    Body(v): Fields,
) -> Result<Response, PageError> {
    let mut form = Form::new(v);
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let id = stakeholders::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, sid)
        .await
        .or_page(lang)?
        .project_id;
    match stakeholders::delete(&state.db, &permit, sid, form.version).await {
        Ok(()) => Ok(back(id, "stakeholders")),
        Err(e) => {
            form.absorb(e).or_page(lang)?;
            let current = stakeholders::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, sid)
                .await
                .or_page(lang)?;
            // Show the saved values (the delete form sent none), with the reason.
            let mut shown = stakeholder_form(&stakeholders::draft_of(&current), current.version);
            shown.errors = form.errors;
            shown.conflict = form.conflict;
            let page = stakeholder_page(&state, &session, lang, id, shown, Some(current)).await?;
            render_status(form_status(&page.form), &page, lang)
        }
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

fn line_form(d: &CommunicationDraft, version: i64) -> Form {
    Form::from_pairs(
        &[
            ("stakeholder_id", d.stakeholder_id.map(|v| v.to_string())),
            ("responsible_id", d.responsible_id.map(|v| v.to_string())),
            ("responsible_role", Some(d.responsible_role.clone())),
            ("delegated_to_id", d.delegated_to_id.map(|v| v.to_string())),
            ("channel", Some(d.channel.clone())),
            ("frequency", Some(d.frequency.clone())),
            ("content", Some(d.content.clone())),
        ],
        version,
    )
}

async fn line_page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
    form: Form,
    current: Option<CommunicationLine>,
) -> Result<LinePage, PageError> {
    let db = &state.db;
    let project = projects::get(db, &session.permit(db).await.or_page(lang)?, id).await.or_page(lang)?;
    let (list, _) = stakeholders::of_project(db, &session.permit(db).await.or_page(lang)?, id).await.or_page(lang)?;
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

async fn new_line_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let project = editable_project(&state, &session, lang, id).await?;
    // The project manager is the usual delegate (SPEC §4).
    let form = Form::from_pairs(&[("delegated_to_id", Some(project.project_manager_id.to_string()))], 0);
    render(&line_page(&state, &session, lang, id, form, None).await?, lang)
}

async fn create_line(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Body(v): Fields,
) -> Result<Response, PageError> {
    let mut form = Form::new(v);
    let permit = session.permit(&state.db).await.or_page(lang)?;
    match stakeholders::create_line(&state.db, &permit, id, &line_draft(&form)).await {
        Ok(_) => Ok(back(id, "communication")),
        Err(e) => {
            form.absorb(e).or_page(lang)?;
            let page = line_page(&state, &session, lang, id, form, None).await?;
            render_status(form_status(&page.form), &page, lang)
        }
    }
}

async fn edit_line_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(lid): Path<i64>,
) -> Result<Html<String>, PageError> {
    let l =
        stakeholders::get_line(&state.db, &session.permit(&state.db).await.or_page(lang)?, lid).await.or_page(lang)?;
    let id = l.project_id;
    editable_project(&state, &session, lang, id).await?;
    let form = line_form(&stakeholders::line_draft_of(&l), l.version);
    render(&line_page(&state, &session, lang, id, form, Some(l)).await?, lang)
}

async fn update_line(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(lid): Path<i64>,
    Body(v): Fields,
) -> Result<Response, PageError> {
    let mut form = Form::new(v);
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let id = stakeholders::get_line(&state.db, &session.permit(&state.db).await.or_page(lang)?, lid)
        .await
        .or_page(lang)?
        .project_id;
    match stakeholders::update_line(&state.db, &permit, lid, form.version, &line_draft(&form)).await {
        Ok(_) => Ok(back(id, "communication")),
        Err(e) => {
            form.absorb(e).or_page(lang)?;
            let current = stakeholders::get_line(&state.db, &session.permit(&state.db).await.or_page(lang)?, lid)
                .await
                .or_page(lang)?;
            let page = line_page(&state, &session, lang, id, form, Some(current)).await?;
            render_status(form_status(&page.form), &page, lang)
        }
    }
}

async fn delete_line(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(lid): Path<i64>,
    Body(v): Fields,
) -> Result<Response, PageError> {
    let mut form = Form::new(v);
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let id = stakeholders::get_line(&state.db, &session.permit(&state.db).await.or_page(lang)?, lid)
        .await
        .or_page(lang)?
        .project_id;
    match stakeholders::delete_line(&state.db, &permit, lid, form.version).await {
        Ok(()) => Ok(back(id, "communication")),
        Err(e) => {
            form.absorb(e).or_page(lang)?;
            let current = stakeholders::get_line(&state.db, &session.permit(&state.db).await.or_page(lang)?, lid)
                .await
                .or_page(lang)?;
            let mut shown = line_form(&stakeholders::line_draft_of(&current), current.version);
            shown.errors = form.errors;
            shown.conflict = form.conflict;
            let page = line_page(&state, &session, lang, id, shown, Some(current)).await?;
            render_status(form_status(&page.form), &page, lang)
        }
    }
}
