//! Project pages: the portfolio status page, a project with its status
//! history, and the forms for a project and a status update.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kumppani_app::Page;
use kumppani_app::catalog::Kind;
use kumppani_app::policy::cap;
use kumppani_app::projects::{Filter, Project, StatusUpdate};
use kumppani_app::{AppError, catalog, projects, users};
use kumppani_domain::{ProjectDraft, Rag, Role, Stage, StatusDraft};
use std::collections::HashMap;

use super::form::{Form, submit, url_encode};
use super::lessons::{LessonsSection, project_types};
use super::stakeholders::Register;
use super::{Chrome, OrAbsent, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new()
        .route("/projects", get(list).post(create))
        .route("/projects/new", get(new_form))
        .route("/projects/{id}", get(show).post(update))
        .route("/projects/{id}/edit", get(edit_form))
        .route("/projects/{id}/status", post(add_status))
}

/// (value, label) pairs for a select.
type Options = Vec<(String, String)>;

/// The choices the project forms and the portfolio filters offer.
struct Choices {
    customers: Options,
    segments: Options,
    people: Options,
    stages: Options,
    rags: Options,
    types: Options,
}

/// Customers offered by the portfolio's filter: those with projects, by
/// name, at most this many (a select of thousands helps nobody and makes
/// every portfolio page heavy).
const FILTER_CUSTOMERS: usize = 300;

/// The choices of the project form: every customer.
async fn choices(state: &AppState, s: &Session, lang: Lang) -> Result<Choices, AppError> {
    let db = &state.db;
    let customers = projects::customer_choices(db, &s.permit(db).await?).await?;
    choices_with(state, s, lang, customers).await
}

async fn choices_with(
    state: &AppState,
    s: &Session,
    lang: Lang,
    customers: Vec<(i64, String)>,
) -> Result<Choices, AppError> {
    let db = &state.db;
    let segments = catalog::names(db, &s.permit(db).await?, Kind::Segment).await?;
    let people = users::list(db, &s.permit(db).await?).await?;
    Ok(Choices {
        customers: customers.into_iter().map(|(id, name)| (id.to_string(), name)).collect(),
        segments: segments.into_iter().map(|(id, name)| (id.to_string(), name)).collect(),
        people: people
            .iter()
            .filter(|u| u.is_active_staff())
            .map(|u| (u.id.to_string(), u.display_name.clone()))
            .collect(),
        stages: Stage::ALL.iter().map(|s| (s.as_str().to_owned(), lang.t(&format!("stage-{}", s.as_str())))).collect(),
        rags: Rag::ALL.iter().map(|r| (r.as_str().to_owned(), lang.t(&format!("rag-{}", r.as_str())))).collect(),
        types: project_types(lang),
    })
}

/// Labels shared by the project templates.
fn stage_label(t: Lang, p: &Project) -> String {
    match p.stage_number {
        Some(n) if p.stage == Stage::Delivery => t.t_args("stage-delivery-n", &[("number", n.to_string())]),
        _ => t.t(&format!("stage-{}", p.stage.as_str())),
    }
}

fn rag_label(t: Lang, r: &Rag) -> String {
    t.t(&format!("rag-{}", r.as_str()))
}

#[derive(Template)]
#[template(path = "projects.html")]
struct ListPage {
    c: Chrome,
    page: Page<Project>,
    form: Form,
    choices: Choices,
    next_link: Option<String>,
    prev_link: Option<String>,
    /// More customers have projects than the filter offers.
    customers_capped: bool,
}

impl ListPage {
    fn capped_label(&self) -> String {
        self.c.t.t_args("projects-filter-capped", &[("count", FILTER_CUSTOMERS.to_string())])
    }

    fn count_label(&self) -> String {
        self.c.t.t_args("projects-count", &[("count", self.page.total.to_string())])
    }

    fn stage_label(&self, p: &Project) -> String {
        stage_label(self.c.t, p)
    }

    fn rag_label(&self, r: &Rag) -> String {
        rag_label(self.c.t, r)
    }
}

fn filter_of(form: &Form) -> Filter {
    Filter {
        customer_id: form.id("customer_id"),
        segment_id: form.id("segment_id"),
        project_manager_id: form.id("project_manager_id"),
        stage: form.opt("stage"),
        rag: form.opt("rag"),
        project_type: form.opt("project_type"),
        after: form.id("after"),
        before: form.id("before"),
        limit: form.id("limit"),
    }
}

/// A portfolio link that keeps the filters and moves the cursor.
fn list_link(form: &Form, cursor: (&str, i64)) -> String {
    let mut parts: Vec<String> =
        ["customer_id", "segment_id", "project_manager_id", "stage", "rag", "project_type", "limit"]
            .iter()
            .filter(|k| !form.v(k).is_empty())
            .map(|k| format!("{k}={}", url_encode(form.v(k))))
            .collect();
    parts.push(format!("{}={}", cursor.0, cursor.1));
    format!("/projects?{}", parts.join("&"))
}

async fn list(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    let mut form = Form::new(query);
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let page = match projects::list(&state.db, &permit, &filter_of(&form)).await {
        Ok(page) => page,
        // A filter value no option offers: show the errors and no rows.
        Err(e) => {
            form.absorb(e).or_page(lang)?;
            Page { items: Vec::new(), total: 0, next_cursor: None, prev_cursor: None }
        }
    };
    let next_link = page.next_cursor.map(|id| list_link(&form, ("after", id)));
    let prev_link = page.prev_cursor.map(|id| list_link(&form, ("before", id)));
    let db = &state.db;
    let mut customers = projects::customers_with_projects(db, &permit, FILTER_CUSTOMERS + 1, form.id("customer_id"))
        .await
        .or_page(lang)?;
    let customers_capped = customers.len() > FILTER_CUSTOMERS;
    customers.truncate(FILTER_CUSTOMERS);
    let choices = choices_with(&state, &session, lang, customers).await.or_page(lang)?;
    let c = Chrome::new(lang, Some(&session), "/projects", "projects-title");
    render(&ListPage { c, page, form, choices, next_link, prev_link, customers_capped }, lang)
}

#[derive(Template)]
#[template(path = "project.html")]
struct ShowPage {
    c: Chrome,
    project: Project,
    statuses: Vec<StatusUpdate>,
    notice: Option<String>,
    can_edit: bool,
    /// The status form: what was typed and its errors after a failed add.
    form: Form,
    choices: Choices,
    /// The project's board, when the reader may see it.
    board: Option<kumppani_app::boards::BoardView>,
    /// Stakeholders and communication plan (`project_stakeholders.html`).
    register: Register,
    /// The lessons log and similar projects' lessons (`project_lessons.html`).
    lessons: LessonsSection,
}

impl ShowPage {
    fn rule_text(&self, r: &kumppani_app::boards::Rule) -> String {
        match r.count {
            Some(n) => self.c.t.t_args(&r.code, &[("count", n.to_string())]),
            None => self.c.t.t(&r.code),
        }
    }

    fn stage_label(&self) -> String {
        stage_label(self.c.t, &self.project)
    }

    fn rag_label(&self, r: &Rag) -> String {
        rag_label(self.c.t, r)
    }
}

async fn show_page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
    form: Form,
    notice: Option<String>,
) -> Result<ShowPage, PageError> {
    let db = &state.db;
    let permit = session.permit(db).await.or_page(lang)?;
    let project = projects::get(db, &permit, id).await.or_page(lang)?;
    let statuses = projects::statuses(db, &permit, id).await.or_page(lang)?;
    let can_edit = projects::may_edit(&state.db, &session.actor, id).await.or_page(lang)?;
    let choices = choices(state, session, lang).await.or_page(lang)?;
    let board =
        kumppani_app::boards::view(db, &session.permit(db).await.or_page(lang)?, id).await.or_absent().or_page(lang)?;
    let mut c = Chrome::new(lang, Some(session), "/projects", "project-title");
    c.title = project.name.clone();
    let register = Register::load(state, session, lang, id).await?;
    let lessons = LessonsSection::load(state, session, lang, id).await?;
    Ok(ShowPage { c, project, statuses, notice, can_edit, form, choices, board, register, lessons })
}

#[derive(serde::Deserialize)]
struct Notice {
    notice: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<Notice>,
) -> Result<Html<String>, PageError> {
    let notice =
        q.notice.filter(|n| matches!(n.as_str(), "saved" | "status-added")).map(|n| lang.t(&format!("notice-{n}")));
    render(&show_page(&state, &session, lang, id, Form::default(), notice).await?, lang)
}

async fn add_status(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let draft = StatusDraft { rag: form.v("rag").to_owned(), highlight: form.v("highlight").to_owned() };
    let result = projects::add_status(&state.db, &session.permit(&state.db).await.or_page(lang)?, id, &draft).await;
    let done = |_| Redirect::to(&format!("/projects/{id}?notice=status-added#status")).into_response();
    submit(lang, form, result, done, async |form| show_page(&state, &session, lang, id, form, None).await).await
}

#[derive(Template)]
#[template(path = "project_form.html")]
struct ProjectFormPage {
    c: Chrome,
    form: Form,
    choices: Choices,
    /// Set when editing: the project as saved now.
    current: Option<Project>,
}

impl ProjectFormPage {
    fn stage_label(&self, p: &Project) -> String {
        stage_label(self.c.t, p)
    }
}

fn draft_of(form: &Form) -> ProjectDraft {
    ProjectDraft {
        name: form.v("name").to_owned(),
        customer_id: form.id("customer_id"),
        executive_id: form.id("executive_id"),
        project_manager_id: form.id("project_manager_id"),
        stage: form.v("stage").to_owned(),
        stage_number: form.id("stage_number"),
        starts_on: form.opt("starts_on"),
        ends_on: form.opt("ends_on"),
        tolerance_time: form.opt("tolerance_time"),
        tolerance_cost: form.opt("tolerance_cost"),
        tolerance_scope: form.opt("tolerance_scope"),
        project_type: form.opt("project_type"),
    }
}

fn form_of(d: &ProjectDraft, version: i64) -> Form {
    Form::from_pairs(
        &[
            ("name", Some(d.name.clone())),
            ("customer_id", d.customer_id.map(|v| v.to_string())),
            ("executive_id", d.executive_id.map(|v| v.to_string())),
            ("project_manager_id", d.project_manager_id.map(|v| v.to_string())),
            ("stage", Some(d.stage.clone())),
            ("stage_number", d.stage_number.map(|v| v.to_string())),
            ("starts_on", d.starts_on.clone()),
            ("ends_on", d.ends_on.clone()),
            ("tolerance_time", d.tolerance_time.clone()),
            ("tolerance_cost", d.tolerance_cost.clone()),
            ("tolerance_scope", d.tolerance_scope.clone()),
            ("project_type", d.project_type.clone()),
        ],
        version,
    )
}

async fn form_page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    form: Form,
    current: Option<Project>,
) -> Result<ProjectFormPage, PageError> {
    let choices = choices(state, session, lang).await.or_page(lang)?;
    let title = if current.is_some() { "project-edit-title" } else { "project-new-title" };
    Ok(ProjectFormPage { c: Chrome::new(lang, Some(session), "/projects", title), form, choices, current })
}

async fn new_form(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Html<String>, PageError> {
    // Only those who may submit the form get it.
    session.permit::<cap::EditProjects>(&state.db).await.or_page(lang)?;
    // A new project is usually run by whoever creates it.
    let mut form = Form::default();
    if !matches!(session.user.role, Role::Administrator | Role::UnitHead) {
        form = Form::from_pairs(&[("project_manager_id", Some(session.user.id.to_string()))], 0);
    }
    render(&form_page(&state, &session, lang, form, None).await?, lang)
}

async fn edit_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let p = projects::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    if !projects::may_edit(&state.db, &session.actor, id).await.or_page(lang)? {
        return Err(PageError::from_app(AppError::Forbidden, lang));
    }
    let form = form_of(&projects::draft_of(&p), p.version);
    render(&form_page(&state, &session, lang, form, Some(p)).await?, lang)
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    form: Form,
) -> Result<Response, PageError> {
    let result = projects::create(&state.db, &session.permit(&state.db).await.or_page(lang)?, &draft_of(&form)).await;
    let done = |p: Project| Redirect::to(&format!("/projects/{}", p.id)).into_response();
    submit(lang, form, result, done, async |form| form_page(&state, &session, lang, form, None).await).await
}

async fn update(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = projects::update(&state.db, &permit, id, form.version, &draft_of(&form)).await;
    let done = |p: Project| Redirect::to(&format!("/projects/{}?notice=saved", p.id)).into_response();
    submit(lang, form, result, done, async |form| {
        let current =
            projects::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
        form_page(&state, &session, lang, form, Some(current)).await
    })
    .await
}
