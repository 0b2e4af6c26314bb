//! The CSV upload page (`/import`): choose what the file holds, upload it,
//! read the report (counts and every rejected line with its reason).

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kumppani_app::data_import::{self, ImportReport};
use kumppani_app::policy::cap::ImportData;
use kumppani_domain::data_import::{Column, ImportKind};

use super::{Chrome, OrPage, PageError, render, render_status};
use crate::csrf::MAX_UPLOAD_BYTES;
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> Router<AppState> {
    Router::new().route("/import", get(page).post(upload)).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
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

/// The form's fields: `_csrf` (checked before this runs), `kind`, `file`.
async fn read_form(mut form: Multipart) -> (Option<ImportKind>, Option<(String, Vec<u8>)>) {
    let (mut kind, mut file) = (None, None);
    while let Ok(Some(field)) = form.next_field().await {
        match field.name() {
            Some("kind") => kind = field.text().await.ok().and_then(|k| ImportKind::parse(&k).ok()),
            Some("file") => {
                let name = field.file_name().unwrap_or("upload.csv").to_owned();
                if let Ok(bytes) = field.bytes().await {
                    file = Some((name, bytes.to_vec())).filter(|(_, b)| !b.is_empty());
                }
            }
            _ => {}
        }
    }
    (kind, file)
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
    let (kind, file) = match Multipart::from_request(request, &state).await {
        Ok(form) => read_form(form).await,
        Err(_) => (None, None),
    };
    let kind = kind.unwrap_or(ImportKind::Customers);
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
