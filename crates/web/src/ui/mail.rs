//! The mail upload page (`/requests/import`): an `.eml` message or an mbox
//! mailbox read into customer contacts, with a report line per message.

use askama::Template;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kumppani_app::policy::cap::RecordRequests;
use kumppani_app::requests::mail::{self, MailReport};

use super::{Chrome, OrPage, PageError, render, render_status};
use crate::routes::Routes;
use crate::session::Session;
use crate::upload::{self, MAX_UPLOAD_BYTES};
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new().route("/requests/import", get(page).post(upload)).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
}

#[derive(Template)]
#[template(path = "request_import.html")]
struct MailPage {
    c: Chrome,
    report: Option<MailReport>,
    problem: Option<String>,
}

impl MailPage {
    fn result(&self, code: &str) -> String {
        self.c.t.t(&format!("mail-result-{code}"))
    }

    fn reason(&self, code: &Option<String>) -> String {
        code.as_deref().map(|c| self.c.t.t(c)).unwrap_or_default()
    }

    fn summary(&self, r: &MailReport) -> String {
        self.c.t.t_args(
            "mail-summary",
            &[
                ("imported", r.imported.to_string()),
                ("duplicates", r.duplicates.to_string()),
                ("refused", r.refused.to_string()),
            ],
        )
    }
}

async fn page(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Html<String>, PageError> {
    session.permit::<RecordRequests>(&state.db).await.or_page(lang)?;
    let c = Chrome::new(lang, Some(&session), "/requests", "mail-title");
    render(&MailPage { c, report: None, problem: None }, lang)
}

async fn upload(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    request: Request,
) -> Result<Response, PageError> {
    let permit = session.permit::<RecordRequests>(&state.db).await.or_page(lang)?;
    let c = Chrome::new(lang, Some(&session), "/requests", "mail-title");
    let form = match upload::read(request).await {
        Ok(form) => form,
        Err(refused) => return Ok(refused.into_response()),
    };
    let Some((_, bytes)) = form.file else {
        let page = MailPage { c, report: None, problem: Some(lang.t("import-no-file")) };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page, lang);
    };
    let report = mail::import(&state.db, &permit, &bytes).await.or_page(lang)?;
    Ok(render(&MailPage { c, report: Some(report), problem: None }, lang)?.into_response())
}
