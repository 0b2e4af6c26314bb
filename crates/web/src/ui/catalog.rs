//! Segment and service-catalogue pages: a list with a create form, and an edit form.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kumppani_app::catalog::CatalogEntry;
use kumppani_app::catalog::{self, Kind};
use kumppani_domain::CatalogEntryDraft;

use super::form::{Form, submit};
use super::{Chrome, OrPage, PageError, Path, render};
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
    items: Vec<CatalogEntry>,
    form: Form,
}

#[derive(Template)]
#[template(path = "catalog_form.html")]
struct EditPage {
    c: Chrome,
    section: &'static str,
    form: Form,
    current: CatalogEntry,
}

fn draft(form: &Form) -> CatalogEntryDraft {
    CatalogEntryDraft { name: form.v("name").to_owned(), description: form.opt("description") }
}

async fn list_page(state: &AppState, s: &Session, lang: Lang, kind: Kind, form: Form) -> Result<ListPage, PageError> {
    let items = catalog::list(&state.db, &s.permit(&state.db).await.or_page(lang)?, kind).await.or_page(lang)?;
    let b = base(kind);
    Ok(ListPage { c: Chrome::new(lang, Some(s), &format!("/{b}"), &format!("{b}-title")), section: b, items, form })
}

async fn list(state: AppState, s: Session, lang: Lang, kind: Kind) -> Result<Html<String>, PageError> {
    render(&list_page(&state, &s, lang, kind, Form::default()).await?, lang)
}

async fn create(state: AppState, s: Session, lang: Lang, kind: Kind, form: Form) -> Result<Response, PageError> {
    let result = catalog::create(&state.db, &s.permit(&state.db).await.or_page(lang)?, kind, &draft(&form)).await;
    submit(lang, form, result, |_| back(kind), async |form| list_page(&state, &s, lang, kind, form).await).await
}

fn back(kind: Kind) -> Response {
    Redirect::to(&format!("/{}", base(kind))).into_response()
}

fn edit_page(s: &Session, lang: Lang, kind: Kind, form: Form, current: CatalogEntry) -> EditPage {
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
    form: Form,
) -> Result<Response, PageError> {
    let permit = s.permit(&state.db).await.or_page(lang)?;
    let result = catalog::update(&state.db, &permit, kind, id, form.version, &draft(&form)).await;
    submit(
        lang,
        form,
        result,
        |_| back(kind),
        async |form| {
            let current =
                catalog::get(&state.db, &s.permit(&state.db).await.or_page(lang)?, kind, id).await.or_page(lang)?;
            Ok(edit_page(&s, lang, kind, form, current))
        },
    )
    .await
}

async fn list_segments(State(st): State<AppState>, s: Session, lang: Lang) -> Result<Html<String>, PageError> {
    list(st, s, lang, Kind::Segment).await
}
async fn create_segment(State(st): State<AppState>, s: Session, lang: Lang, form: Form) -> Result<Response, PageError> {
    create(st, s, lang, Kind::Segment, form).await
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
    form: Form,
) -> Result<Response, PageError> {
    update(st, s, lang, Kind::Segment, id, form).await
}
async fn list_services(State(st): State<AppState>, s: Session, lang: Lang) -> Result<Html<String>, PageError> {
    list(st, s, lang, Kind::Service).await
}
async fn create_service(State(st): State<AppState>, s: Session, lang: Lang, form: Form) -> Result<Response, PageError> {
    create(st, s, lang, Kind::Service, form).await
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
    form: Form,
) -> Result<Response, PageError> {
    update(st, s, lang, Kind::Service, id, form).await
}
