//! The decision log page, the board guidance page, and "my projects" (the
//! boards the signed-in person sits on: an external member's home).

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kumppani_app::board_log::{self, Summary};
use kumppani_app::board_log::{Decision, Meeting};
use kumppani_app::{AppError, boards, projects};
use kumppani_domain::board::meeting::{Category, DecisionDraft};

use super::guidance::{self, Guidance};
use super::{Labels, Options};
use crate::routes::Routes;
use crate::session::Session;
use crate::ui::form::{Form, submit};
use crate::ui::{Chrome, OrPage, PageError, Path, render};
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new()
        .route("/projects/{id}/decisions", get(decisions).post(add_decision))
        .route("/projects/{id}/guidance", get(guidance_page))
        .route("/projects/{id}/guidance.pdf", get(guidance_pdf))
        .route("/my-projects", get(my_projects))
}

#[derive(Template)]
#[template(path = "board_decisions.html")]
struct DecisionsPage {
    c: Chrome,
    project_id: i64,
    decisions: Vec<Decision>,
    can_edit: bool,
    form: Form,
    meetings: Options,
    categories: Options,
}

impl DecisionsPage {
    fn category(&self, c: &Category) -> String {
        self.c.t.t(&format!("decision-category-{}", c.as_str()))
    }
}

fn category_options(t: Lang) -> Options {
    Category::ALL.iter().map(|c| (c.as_str().to_owned(), t.t(&format!("decision-category-{}", c.as_str())))).collect()
}

async fn decisions_page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
    form: Form,
) -> Result<DecisionsPage, PageError> {
    let db = &state.db;
    let permit = session.permit(db).await.or_page(lang)?;
    let summary = board_log::summary(db, &permit, id).await.or_page(lang)?;
    let decisions = board_log::decisions(db, &permit, id).await.or_page(lang)?;
    let meetings: Vec<Meeting> = board_log::meetings(db, &permit, id).await.or_page(lang)?;
    let mut c = Chrome::new(lang, Some(session), "/projects", "decisions-title");
    c.title = format!("{} · {}", lang.t("decisions-title"), summary.name);
    Ok(DecisionsPage {
        c,
        project_id: id,
        decisions,
        can_edit: projects::may_edit(&state.db, &session.actor, id).await.or_page(lang)?,
        form,
        meetings: meetings.iter().map(|m| (m.id.to_string(), m.held_on.to_string())).collect(),
        categories: category_options(lang),
    })
}

async fn decisions(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    render(&decisions_page(&state, &session, lang, id, Form::default()).await?, lang)
}

async fn add_decision(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let draft = DecisionDraft {
        meeting_id: form.id("meeting_id"),
        what: form.v("what").to_owned(),
        decided_by: form.v("decided_by").to_owned(),
        category: form.v("category").to_owned(),
    };
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = board_log::add_decision(&state.db, &permit, id, &draft).await;
    let done = |_| Redirect::to(&format!("/projects/{id}/decisions")).into_response();
    submit(lang, form, result, done, async |form| decisions_page(&state, &session, lang, id, form).await).await
}

#[derive(Template)]
#[template(path = "board_guidance.html")]
struct GuidancePage {
    c: Chrome,
    project_id: i64,
    doc: Guidance,
}

async fn guidance_page(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let view = boards::view(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    let doc = guidance::build(&Labels::load(&state.db, lang).await?, &view);
    let mut c = Chrome::new(lang, Some(&session), "/projects", "guidance-title");
    c.title = format!("{} · {}", doc.title, doc.project);
    render(&GuidancePage { c, project_id: id, doc }, lang)
}

/// The guidance as an A4 PDF in the reader's language.
async fn guidance_pdf(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let view = boards::view(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    let doc = guidance::document(&guidance::build(&Labels::load(&state.db, lang).await?, &view));
    let bytes = kumppani_docs::pdf(&doc).map_err(|e| PageError::from_app(AppError::Internal(e.to_string()), lang))?;
    let disposition = format!("inline; filename=\"{}-{id}.pdf\"", lang.t("guidance-file-name"));
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

#[derive(Template)]
#[template(path = "my_projects.html")]
struct MyProjectsPage {
    c: Chrome,
    l: Labels,
    projects: Vec<Summary>,
}

async fn my_projects(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Html<String>, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let projects = board_log::my_projects(&state.db, &permit).await.or_page(lang)?;
    let c = Chrome::new(lang, Some(&session), "/my-projects", "my-projects-title");
    render(&MyProjectsPage { c, l: Labels::load(&state.db, lang).await?, projects }, lang)
}
