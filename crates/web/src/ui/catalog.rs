//! Segment and service-catalogue pages: a list with a create form, and an edit form.

use askama::Template;
use axum::extract::{Form as Body, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kumppani_app::catalog::Named;
use kumppani_app::catalog::{self, Kind};
use kumppani_domain::NamedDraft;
use std::collections::HashMap;

use super::form::Form;
use super::{Chrome, OrPage, PageError, Path, form_status, render, render_status};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new()
        .route("/segments", get(list_segments).post(create_segment))
        .route("/segments/{id}", get(edit_segment).post(update_segment))
        .route("/services", get(list_services).post(create_service))
        .route("/services/{id}", get(edit_service).post(update_service))
}

/// The words that differ between the two kinds of page.
fn base(kind: Kind) -> &'static str {
    match kind {
        Kind::Segment => "segments",
        Kind::Service => "services",
    }
}

#[derive(Template)]
#[template(path = "catalog.html")]
struct ListPage {
    c: Chrome,
    section: &'static str,
    items: Vec<Named>,
    form: Form,
}

#[derive(Template)]
#[template(path = "catalog_form.html")]
struct EditPage {
    c: Chrome,
    section: &'static str,
    form: Form,
    current: Named,
}

fn draft(form: &Form) -> NamedDraft {
    NamedDraft { name: form.v("name").to_owned(), description: form.opt("description") }
}

async fn list_page(state: &AppState, s: &Session, lang: Lang, kind: Kind, form: Form) -> Result<ListPage, PageError> {
    let items = catalog::list(&state.db, &s.permit(&state.db).await.or_page(lang)?, kind).await.or_page(lang)?;
    let b = base(kind);
    Ok(ListPage { c: Chrome::new(lang, Some(s), &format!("/{b}"), &format!("{b}-title")), section: b, items, form })
}

async fn list(state: AppState, s: Session, lang: Lang, kind: Kind) -> Result<Html<String>, PageError> {
    render(&list_page(&state, &s, lang, kind, Form::default()).await?, lang)
}

async fn create(
    state: AppState,
    s: Session,
    lang: Lang,
    kind: Kind,
    v: HashMap<String, String>,
) -> Result<Response, PageError> {
    let mut form = Form::new(v);
    match catalog::create(&state.db, &s.permit(&state.db).await.or_page(lang)?, kind, &draft(&form)).await {
        Ok(_) => Ok(Redirect::to(&format!("/{}", base(kind))).into_response()),
        Err(e) => {
            form.absorb(e).or_page(lang)?;
            let page = list_page(&state, &s, lang, kind, form).await?;
            render_status(form_status(&page.form), &page, lang)
        }
    }
}

fn edit_page(s: &Session, lang: Lang, kind: Kind, form: Form, current: Named) -> EditPage {
    let b = base(kind);
    EditPage { c: Chrome::new(lang, Some(s), &format!("/{b}"), &format!("{b}-edit-title")), section: b, form, current }
}

async fn edit(state: AppState, s: Session, lang: Lang, kind: Kind, id: i64) -> Result<Html<String>, PageError> {
    let n = catalog::get(&state.db, &s.permit(&state.db).await.or_page(lang)?, kind, id).await.or_page(lang)?;
    s.permit::<kumppani_app::policy::cap::EditCatalog>(&state.db).await.or_page(lang)?;
    let form =
        Form::from_pairs(&[("name", Some(n.name.clone())), ("description", Some(n.description.clone()))], n.version);
    render(&edit_page(&s, lang, kind, form, n), lang)
}

async fn update(
    state: AppState,
    s: Session,
    lang: Lang,
    kind: Kind,
    id: i64,
    v: HashMap<String, String>,
) -> Result<Response, PageError> {
    let mut form = Form::new(v);
    match catalog::update(&state.db, &s.permit(&state.db).await.or_page(lang)?, kind, id, form.version, &draft(&form))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/{}", base(kind))).into_response()),
        Err(e) => {
            form.absorb(e).or_page(lang)?;
            let current =
                catalog::get(&state.db, &s.permit(&state.db).await.or_page(lang)?, kind, id).await.or_page(lang)?;
            let page = edit_page(&s, lang, kind, form, current);
            render_status(form_status(&page.form), &page, lang)
        }
    }
}

type Fields = Body<HashMap<String, String>>;

async fn list_segments(State(st): State<AppState>, s: Session, lang: Lang) -> Result<Html<String>, PageError> {
    list(st, s, lang, Kind::Segment).await
}
async fn create_segment(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
    Body(v): Fields,
) -> Result<Response, PageError> {
    create(st, s, lang, Kind::Segment, v).await
}
async fn edit_segment(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    edit(st, s, lang, Kind::Segment, id).await
}
async fn update_segment(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Body(v): Fields,
) -> Result<Response, PageError> {
    update(st, s, lang, Kind::Segment, id, v).await
}
async fn list_services(State(st): State<AppState>, s: Session, lang: Lang) -> Result<Html<String>, PageError> {
    list(st, s, lang, Kind::Service).await
}
async fn create_service(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
    Body(v): Fields,
) -> Result<Response, PageError> {
    create(st, s, lang, Kind::Service, v).await
}
async fn edit_service(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    edit(st, s, lang, Kind::Service, id).await
}
async fn update_service(
    State(st): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Body(v): Fields,
) -> Result<Response, PageError> {
    update(st, s, lang, Kind::Service, id, v).await
}
