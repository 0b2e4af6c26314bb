//! The lessons pages: the search across all projects ("Lessons" in the
//! navigation), a project's log with lessons of similar projects (a section
//! of the project page, `project_lessons.html`), and the lesson form.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kumppani_app::catalog::Kind;
use kumppani_app::lessons::{Lesson, Query as LessonQuery};
use kumppani_app::projects::Project;
use kumppani_app::{AppError, catalog, lessons, projects};
use kumppani_domain::ProjectType;
use kumppani_domain::lesson::{Category, LessonDraft, LessonKind};
use std::collections::HashMap;

use super::form::{Form, submit};
use super::{Chrome, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

type Options = Vec<(String, String)>;

pub fn router() -> Routes {
    Routes::new()
        .route("/lessons", get(search))
        .route("/projects/{id}/lessons", post(create))
        .route("/projects/{id}/lessons/new", get(new_form))
        .route("/lessons/{id}", post(update))
        .route("/lessons/{id}/edit", get(edit_form))
}

fn options<T: Copy>(all: &[T], key: fn(T) -> &'static str, lang: Lang, prefix: &str) -> Options {
    all.iter().map(|v| (key(*v).to_owned(), lang.t(&format!("{prefix}-{}", key(*v))))).collect()
}

pub fn project_types(lang: Lang) -> Options {
    options(&ProjectType::ALL, ProjectType::as_str, lang, "project-type")
}

/// What the project page's lessons section shows.
pub struct LessonsSection {
    pub own: Vec<Lesson>,
    /// From similar projects: same type or customer segment.
    pub similar: Vec<Lesson>,
}

impl LessonsSection {
    pub async fn load(state: &AppState, session: &Session, lang: Lang, id: i64) -> Result<LessonsSection, PageError> {
        let db = &state.db;
        let own = lessons::of_project(db, &session.permit(db).await.or_page(lang)?, id).await.or_page(lang)?;
        let similar = lessons::similar(db, &session.permit(db).await.or_page(lang)?, id).await.or_page(lang)?;
        Ok(LessonsSection { own, similar })
    }
}

#[derive(Template)]
#[template(path = "lessons.html")]
struct SearchPage {
    c: Chrome,
    form: Form,
    lessons: Vec<Lesson>,
    searched: bool,
    segments: Options,
    customers: Options,
    types: Options,
    categories: Options,
}

impl SearchPage {
    fn count_label(&self) -> String {
        self.c.t.t_args("lessons-count", &[("count", self.lessons.len().to_string())])
    }
}

async fn search(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    let db = &state.db;
    let mut form = Form::new(query);
    let q = LessonQuery {
        q: form.opt("q").map(|q| kumppani_domain::lesson::SearchTerms::parse(&q)),
        segment_id: form.id("segment_id"),
        customer_id: form.id("customer_id"),
        project_type: form.opt("project_type"),
        category: form.opt("category"),
        limit: None,
    };
    let permit = session.permit(db).await.or_page(lang)?;
    let lessons = match lessons::search(db, &permit, &q).await {
        Ok(list) => list,
        Err(e) => {
            form.absorb(e).or_page(lang)?;
            Vec::new()
        }
    };
    let segments = catalog::list(db, &session.permit(db).await.or_page(lang)?, Kind::Segment).await.or_page(lang)?;
    let customers = projects::customer_choices(db, &permit).await.or_page(lang)?;
    let searched = q.q.is_some();
    render(
        &SearchPage {
            c: Chrome::new(lang, Some(&session), "/lessons", "lessons-title"),
            form,
            lessons,
            searched,
            segments: segments.iter().map(|n| (n.id.to_string(), n.name.clone())).collect(),
            customers: customers.into_iter().map(|(id, name)| (id.to_string(), name)).collect(),
            types: project_types(lang),
            categories: options(&Category::ALL, Category::as_str, lang, "category"),
        },
        lang,
    )
}

#[derive(Template)]
#[template(path = "lesson_form.html")]
struct LessonPage {
    c: Chrome,
    project: Project,
    form: Form,
    current: Option<Lesson>,
    kinds: Options,
    categories: Options,
}

fn draft_of(form: &Form) -> LessonDraft {
    LessonDraft {
        summary: form.v("summary").to_owned(),
        happened: form.v("happened").to_owned(),
        advice: form.opt("advice"),
        kind: form.v("kind").to_owned(),
        category: form.v("category").to_owned(),
    }
}

fn form_of(d: &LessonDraft, version: i64) -> Form {
    Form::from_pairs(
        &[
            ("summary", Some(d.summary.clone())),
            ("happened", Some(d.happened.clone())),
            ("advice", d.advice.clone()),
            ("kind", Some(d.kind.clone())),
            ("category", Some(d.category.clone())),
        ],
        version,
    )
}

async fn page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
    form: Form,
    current: Option<Lesson>,
) -> Result<LessonPage, PageError> {
    let project = projects::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    let title = if current.is_some() { "lesson-edit-title" } else { "lesson-new-title" };
    Ok(LessonPage {
        c: Chrome::new(lang, Some(session), "/projects", title),
        project,
        form,
        current,
        kinds: options(&LessonKind::ALL, LessonKind::as_str, lang, "lesson-kind"),
        categories: options(&Category::ALL, Category::as_str, lang, "category"),
    })
}

async fn check_editable(state: &AppState, session: &Session, lang: Lang, id: i64) -> Result<(), PageError> {
    let db = &state.db;
    projects::get(db, &session.permit(db).await.or_page(lang)?, id).await.or_page(lang)?;
    if !projects::editable(db, &session.permit(db).await.or_page(lang)?, id).await.or_page(lang)? {
        return Err(PageError::from_app(AppError::Forbidden, lang));
    }
    Ok(())
}

async fn new_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    check_editable(&state, &session, lang, id).await?;
    render(&page(&state, &session, lang, id, Form::default(), None).await?, lang)
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = lessons::create(&state.db, &permit, id, &draft_of(&form)).await;
    submit(lang, form, result, |_| back(id), async |form| page(&state, &session, lang, id, form, None).await).await
}

fn back(project: i64) -> Response {
    Redirect::to(&format!("/projects/{project}#lessons")).into_response()
}

async fn lesson_of(state: &AppState, session: &Session, lang: Lang, lid: i64) -> Result<Lesson, PageError> {
    lessons::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, lid).await.or_page(lang)
}

async fn edit_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(lid): Path<i64>,
) -> Result<Html<String>, PageError> {
    let l = lesson_of(&state, &session, lang, lid).await?;
    let id = l.project_id;
    check_editable(&state, &session, lang, id).await?;
    let form = form_of(&lessons::draft_of(&l), l.version);
    render(&page(&state, &session, lang, id, form, Some(l)).await?, lang)
}

async fn update(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(lid): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let id = lesson_of(&state, &session, lang, lid).await?.project_id;
    let result = lessons::update(&state.db, &permit, lid, form.version, &draft_of(&form)).await;
    submit(
        lang,
        form,
        result,
        |_| back(id),
        async |form| {
            let current = lesson_of(&state, &session, lang, lid).await?;
            page(&state, &session, lang, id, form, Some(current)).await
        },
    )
    .await
}
