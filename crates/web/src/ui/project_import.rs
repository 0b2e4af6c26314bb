//! The project import page: an upload form (unit head and administrators)
//! and the report of what was created, found or left out.

use askama::Template;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kumppani_app::policy::cap;
use kumppani_app::project_import::{self, ImportReport};

use super::form::Form;
use super::{Chrome, OrPage, PageError, render, render_status};
use crate::routes::Routes;
use crate::session::Session;
use crate::upload;
use crate::{AppState, Lang};

pub fn router() -> Routes {
    // The layer covers only this router's route: uploads may be larger
    // than axum's 2 MB default, other forms may not.
    Routes::new()
        .route("/projects/import", get(form).post(upload))
        .layer(DefaultBodyLimit::max(upload::MAX_UPLOAD_BYTES))
}

#[derive(Template)]
#[template(path = "project_import.html")]
struct ImportPage {
    c: Chrome,
    form: Form,
    report: Option<ImportReport>,
}

impl ImportPage {
    fn line(&self, line: &usize) -> String {
        self.c.t.t_args("project-import-line", &[("line", line.to_string())])
    }
}

fn page(session: &Session, lang: Lang, form: Form, report: Option<ImportReport>) -> ImportPage {
    ImportPage { c: Chrome::new(lang, Some(session), "/projects", "project-import-title"), form, report }
}

async fn form(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Html<String>, PageError> {
    session.permit::<cap::ImportProjects>(&state.db).await.or_page(lang)?;
    render(&page(&session, lang, Form::default(), None), lang)
}

async fn upload(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    request: Request,
) -> Result<Response, PageError> {
    // The role is checked before the body is read.
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let form = match upload::read(request).await {
        Ok(form) => form,
        Err(refused) => return Ok(refused.into_response()),
    };
    let file = form.file.as_ref().map(|(_, data)| data.as_slice()).unwrap_or_default();
    match project_import::import_projects(&state.db, &permit, file, form.checked("dry_run")).await {
        Ok(report) => render_status(StatusCode::OK, &page(&session, lang, Form::default(), Some(report)), lang),
        Err(e) => Form::default().again(lang, e, async |form| Ok(page(&session, lang, form, None))).await,
    }
}
