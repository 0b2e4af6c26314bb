//! The CSV upload page (`/import`): choose what the file holds, upload it,
//! read the report (counts and every rejected line with its reason).

use askama::Template;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kumppani_app::data_import::{self, ImportReport};
use kumppani_app::policy::cap::ImportData;
use kumppani_domain::data_import::{Column, ImportKind};

use super::{Chrome, OrPage, PageError, render, render_status};
use crate::routes::Routes;
use crate::session::Session;
use crate::upload::{self, MAX_UPLOAD_BYTES};
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new().route("/import", get(page).post(upload)).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
}

#[derive(Template)]
#[template(path = "data_import.html")]
struct ImportPage {
    c: Chrome,
    /// The kind chosen (kept after an upload).
    kind: &'static str,
    report: Option<ImportReport>,
    /// A whole-file problem (no file, not CSV, missing columns).
    problems: Vec<String>,
}

impl ImportPage {
    fn kinds(&self) -> [ImportKind; 3] {
        ImportKind::ALL
    }

    fn columns(&self, kind: &ImportKind) -> &'static [Column] {
        kind.columns()
    }

    fn reason(&self, code: &str) -> String {
        self.c.t.t(code)
    }
}

async fn page(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Html<String>, PageError> {
    session.permit::<ImportData>(&state.db).await.or_page(lang)?;
    let c = Chrome::new(lang, Some(&session), "/import", "import-title");
    render(&ImportPage { c, kind: "customers", report: None, problems: Vec::new() }, lang)
}

async fn upload(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    request: Request,
) -> Result<Response, PageError> {
    // The role is checked before the body is looked at.
    let permit = session.permit::<ImportData>(&state.db).await.or_page(lang)?;
    let c = Chrome::new(lang, Some(&session), "/import", "import-title");
    let form = match upload::read(request).await {
        Ok(form) => form,
        Err(refused) => return Ok(refused.into_response()),
    };
    let kind = form.field("kind").and_then(|k| ImportKind::parse(k).ok()).unwrap_or(ImportKind::Customers);
    let file = form.file;
    let mut page = ImportPage { c, kind: kind.as_str(), report: None, problems: Vec::new() };
    let Some((name, bytes)) = file else {
        page.problems.push(lang.t("import-no-file"));
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page, lang);
    };
    match data_import::run(&state.db, &permit, kind, &name, bytes.as_slice(), &|_| {}).await {
        Ok(report) => {
            page.report = Some(report);
            Ok(render(&page, lang)?.into_response())
        }
        Err(kumppani_app::AppError::Invalid(invalid)) => {
            page.problems = invalid.0.iter().map(|e| format!("{}: {}", e.field, lang.t(e.code))).collect();
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page, lang)
        }
        Err(other) => Err(PageError::from_app(other, lang)),
    }
}
