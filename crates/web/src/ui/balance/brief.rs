//! The deputy brief (SPEC §6): one page with what a deputy needs to know
//! about a customer, generated on demand so it is always current.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;
use kumppani_app::absences::Absence;
use kumppani_app::balance::{self, Brief};
use kumppani_app::events::Event;
use kumppani_app::plans::ProjectLine;
use kumppani_docs::Document;

use crate::session::Session;
use crate::ui::{Chrome, OrPage, PageError, Path, render};
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "balance_brief.html")]
struct BriefPage {
    c: Chrome,
    b: Brief,
    today: NaiveDate,
}

impl BriefPage {
    fn period(&self, a: &Absence) -> String {
        format!("{} – {}", a.starts_on.format("%d.%m.%Y"), a.ends_on.format("%d.%m.%Y"))
    }

    fn both_period(&self, from: &NaiveDate, until: &NaiveDate) -> String {
        format!("{} – {}", from.format("%d.%m.%Y"), until.format("%d.%m.%Y"))
    }

    fn generated(&self) -> String {
        self.c.t.t_args("brief-generated", &[("date", self.today.format("%d.%m.%Y").to_string())])
    }

    fn title(&self) -> String {
        self.c.t.t_args("brief-heading", &[("name", self.b.customer.name.clone())])
    }

    fn stage(&self, p: &ProjectLine) -> String {
        stage(self.c.t, p)
    }

    fn rag(&self, p: &ProjectLine) -> String {
        rag(self.c.t, p)
    }

    fn item(&self, e: &Event) -> String {
        item(self.c.t, e)
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// The project's stage in words, the delivery stage with its number.
fn stage(lang: Lang, p: &ProjectLine) -> String {
    match p.stage_number {
        Some(n) if p.stage == "delivery" => lang.t_args("stage-delivery-n", &[("number", n.to_string())]),
        _ => lang.t(&format!("stage-{}", p.stage)),
    }
}

fn rag(lang: Lang, p: &ProjectLine) -> String {
    p.rag.as_ref().map_or_else(|| lang.t("rag-none"), |r| lang.t(&format!("rag-{r}")))
}

/// A plan item in one line: date, kind, title, service, status and owner.
fn item(lang: Lang, e: &Event) -> String {
    let mut text = format!("{} · {}: {}", date(e.on_date), lang.t(&format!("event-kind-{}", e.kind.as_str())), e.title);
    if let Some(service) = &e.service_name {
        text.push_str(&format!(" ({service})"));
    }
    text.push_str(&format!(" — {}", lang.t(&format!("event-status-{}", e.status.as_str()))));
    if let Some(owner) = &e.owner_name {
        text.push_str(&format!(", {owner}"));
    }
    text
}

fn absences(lang: Lang, list: &[Absence]) -> String {
    if list.is_empty() {
        return lang.t("brief-no-absences");
    }
    let periods: Vec<String> = list.iter().map(|a| format!("{} – {}", date(a.starts_on), date(a.ends_on))).collect();
    format!("{}: {}", lang.t("brief-absent"), periods.join(", "))
}

fn person(lang: Lang, name: Option<&String>, email: Option<&String>, away: &[Absence], none: &str) -> String {
    match name {
        Some(n) => {
            let email = email.map(|e| format!(" · {e}")).unwrap_or_default();
            format!("{n}{email}. {}", absences(lang, away))
        }
        None => lang.t(none),
    }
}

/// The brief as a document, the sections of the page in the same order.
fn document(lang: Lang, b: &Brief, today: NaiveDate) -> Document {
    let title = lang.t_args("brief-heading", &[("name", b.customer.name.clone())]);
    let mut doc = Document::new(title, lang.code())
        .subtitle(lang.t_args("brief-generated", &[("date", date(today))]))
        .footer(format!("Kumppani · {}", b.customer.name));
    if !b.both_away.is_empty() {
        doc.heading(lang.t("balance-both-away-title")).bullets(
            b.both_away
                .iter()
                .map(|w| format!("{} + {}: {} – {}", w.manager_name, w.deputy_name, date(w.from), date(w.until))),
        );
    }
    let description =
        if b.segment.description.is_empty() { lang.t("brief-no-description") } else { b.segment.description.clone() };
    doc.heading(lang.t("brief-operating-model")).fields([(lang.t("label-segment_id"), b.segment.name.clone())]);
    doc.paragraph(description);
    if !b.customer.notes.is_empty() {
        doc.fields([(lang.t("label-notes"), b.customer.notes.clone())]);
    }
    let c = &b.customer;
    doc.heading(lang.t("brief-people")).fields([
        (
            lang.t("label-manager_id"),
            person(lang, c.manager_name.as_ref(), b.manager_email.as_ref(), &b.manager_absences, "none"),
        ),
        (
            lang.t("label-deputy_id"),
            person(lang, c.deputy_name.as_ref(), b.deputy_email.as_ref(), &b.deputy_absences, "brief-no-deputy"),
        ),
    ]);
    doc.heading(lang.t("brief-projects"));
    if b.projects.is_empty() {
        doc.paragraph(lang.t("brief-projects-none"));
    } else {
        let header = ["brief-col-project", "brief-col-stage", "brief-col-status", "brief-col-project-manager"]
            .map(|k| lang.t(k));
        let rows = b
            .projects
            .iter()
            .map(|p| vec![p.name.clone(), stage(lang, p), rag(lang, p), p.project_manager_name.clone()]);
        doc.table(header, rows);
    }
    doc.heading(lang.t("brief-critical"));
    if b.critical_services.is_empty() {
        doc.paragraph(lang.t("brief-critical-none"));
    } else {
        doc.bullets(b.critical_services.iter().map(|s| s.service_name.clone()));
    }
    if b.shows_plan_items {
        doc.heading(lang.t("brief-critical-help"));
        if b.upcoming.is_empty() {
            doc.paragraph(lang.t("brief-upcoming-none"));
        } else {
            doc.bullets(b.upcoming.iter().map(|e| item(lang, e)));
        }
    }
    doc.heading(lang.t("brief-needs"));
    match (b.shows_plan_items, b.open_items.is_empty()) {
        (false, _) => doc.paragraph(lang.t("brief-plan-items-hidden")),
        (true, true) => doc.paragraph(lang.t("brief-needs-none")),
        (true, false) => doc.bullets(b.open_items.iter().map(|e| item(lang, e))),
    };
    doc.heading(lang.t("brief-contacts"));
    if b.contacts.is_empty() {
        doc.paragraph(lang.t("contacts-none"));
    } else {
        let header = ["label-name", "label-title", "label-email", "label-phone"].map(|k| lang.t(k));
        let rows = b.contacts.iter().map(|ct| {
            vec![
                ct.name.clone(),
                ct.title.clone(),
                ct.email.clone().unwrap_or_default(),
                ct.phone.clone().unwrap_or_default(),
            ]
        });
        doc.table(header, rows);
    }
    doc
}

/// GET /customers/{id}/brief.pdf: the same brief as a typeset A4 PDF.
pub async fn pdf(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let today = kumppani_app::centre_time::today();
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let b = balance::brief(&state.db, &permit, id, today).await.or_page(lang)?;
    let bytes = kumppani_docs::pdf(&document(lang, &b, today)).map_err(|e| {
        let p = crate::problem::internal(&e.to_string(), lang);
        PageError { status: StatusCode::INTERNAL_SERVER_ERROR, lang, message: p.detail }
    })?;
    let disposition = format!("attachment; filename=\"brief-{id}.pdf\"");
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let today = kumppani_app::centre_time::today();
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let b = balance::brief(&state.db, &permit, id, today).await.or_page(lang)?;
    let c = Chrome::new(lang, Some(&session), "/customers", "brief-title");
    render(&BriefPage { c, b, today }, lang)
}
