//! The glossary page (everyone internal) and its form (unit head and
//! administrators).

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kumppani_app::glossary;
use kumppani_app::glossary::Term;
use kumppani_app::policy::cap;
use kumppani_domain::glossary::TermDraft;

use super::form::{Form, submit};
use super::{Chrome, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new()
        .route("/glossary", get(list).post(create))
        .route("/glossary/new", get(new_form))
        .route("/glossary/{id}", axum::routing::post(update))
        .route("/glossary/{id}/edit", get(edit_form))
}

#[derive(Template)]
#[template(path = "glossary.html")]
struct ListPage {
    c: Chrome,
    terms: Vec<Term>,
}

impl ListPage {
    /// The reader's language first, then the other two.
    fn term(&self, t: &Term) -> String {
        t.term(self.c.t.code()).to_owned()
    }

    fn others(&self, t: &Term) -> String {
        ["fi", "sv", "en"]
            .iter()
            .filter(|l| **l != self.c.t.code())
            .map(|l| format!("{}: {}", l, t.term(l)))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    fn definition(&self, t: &Term) -> String {
        t.definition(self.c.t.code()).to_owned()
    }
}

async fn list(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Html<String>, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let terms = glossary::list(&state.db, &permit, lang.code()).await.or_page(lang)?;
    render(&ListPage { c: Chrome::new(lang, Some(&session), "/glossary", "glossary-title"), terms }, lang)
}

#[derive(Template)]
#[template(path = "glossary_form.html")]
struct FormPage {
    c: Chrome,
    form: Form,
    current: Option<Term>,
}

fn draft_of(form: &Form) -> TermDraft {
    TermDraft {
        term_key: form.v("term_key").to_owned(),
        term_en: form.v("term_en").to_owned(),
        term_fi: form.v("term_fi").to_owned(),
        term_sv: form.v("term_sv").to_owned(),
        definition_en: form.opt("definition_en"),
        definition_fi: form.opt("definition_fi"),
        definition_sv: form.opt("definition_sv"),
    }
}

fn form_of(d: &TermDraft, version: i64) -> Form {
    Form::from_pairs(
        &[
            ("term_key", Some(d.term_key.clone())),
            ("term_en", Some(d.term_en.clone())),
            ("term_fi", Some(d.term_fi.clone())),
            ("term_sv", Some(d.term_sv.clone())),
            ("definition_en", d.definition_en.clone()),
            ("definition_fi", d.definition_fi.clone()),
            ("definition_sv", d.definition_sv.clone()),
        ],
        version,
    )
}

fn page(session: &Session, lang: Lang, form: Form, current: Option<Term>) -> FormPage {
    let title = if current.is_some() { "glossary-edit-title" } else { "glossary-new-title" };
    FormPage { c: Chrome::new(lang, Some(session), "/glossary", title), form, current }
}

async fn new_form(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Html<String>, PageError> {
    session.permit::<cap::EditGlossary>(&state.db).await.or_page(lang)?;
    render(&page(&session, lang, Form::default(), None), lang)
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = glossary::create(&state.db, &permit, &draft_of(&form)).await;
    submit(lang, form, result, |_| back(), async |form| Ok(page(&session, lang, form, None))).await
}

fn back() -> Response {
    Redirect::to("/glossary").into_response()
}

async fn edit_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    // A missing term is missing for everyone; an existing one is forbidden
    // to those who may only read it.
    let t = glossary::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    session.permit::<cap::EditGlossary>(&state.db).await.or_page(lang)?;
    let form = form_of(&glossary::draft_of(&t), t.version);
    render(&page(&session, lang, form, Some(t)), lang)
}

async fn update(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = glossary::update(&state.db, &permit, id, form.version, &draft_of(&form)).await;
    submit(
        lang,
        form,
        result,
        |_| back(),
        async |form| {
            let current =
                glossary::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
            Ok(page(&session, lang, form, Some(current)))
        },
    )
    .await
}
