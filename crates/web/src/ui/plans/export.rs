//! Account plans as documents: one plan as a typeset A4 PDF or as DOCX, and
//! every plan in view as one XLSX for analysis, all in the reader's
//! language and assembled at the moment of download, like the page. The
//! workbook is written a chunk of plans at a time into a temporary file and
//! streamed from there, so a whole centre's export holds one chunk of plans
//! and one buffer of the file in memory, however many customers there are.

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use kumppani_app::plans::Scope;
use kumppani_app::plans::assemble::Line;
use kumppani_app::plans::{self, PlanView};
use kumppani_docs::{Book, Cell, DocError, Document};
use tokio::io::AsyncReadExt;

use super::Labels;
use crate::session::Session;
use crate::ui::{OrPage, PageError, Path};
use crate::{AppState, Lang};

#[derive(Clone, Copy)]
pub(super) enum Format {
    Pdf,
    Docx,
}

pub(super) async fn pdf(state: State<AppState>, session: Session, lang: Lang, id: Path<i64>) -> Response {
    one(state, session, lang, id, Format::Pdf).await.into_response()
}

pub(super) async fn docx(state: State<AppState>, session: Session, lang: Lang, id: Path<i64>) -> Response {
    one(state, session, lang, id, Format::Docx).await.into_response()
}

async fn one(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    format: Format,
) -> Result<Response, PageError> {
    let view = plans::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    let doc = document(&view, lang);
    let (bytes, kind, ext) = match format {
        Format::Pdf => (kumppani_docs::pdf(&doc), "application/pdf", "pdf"),
        Format::Docx => (
            kumppani_docs::docx(&doc),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
    };
    download(bytes, kind, &format!("plan-{id}.{ext}"), lang)
}

#[derive(serde::Deserialize)]
pub(super) struct Portfolio {
    /// As the dashboard's filter sends it; blank means every manager.
    manager_id: Option<String>,
    /// Likewise; blank means every segment.
    segment_id: Option<String>,
}

/// Every plan the dashboard would list, one sheet of plans and one of
/// their lines.
pub(super) async fn workbook(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(q): Query<Portfolio>,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let id = |v: &Option<String>| v.as_deref().and_then(|m| m.trim().parse().ok());
    let scope = Scope { manager_id: id(&q.manager_id), segment_id: id(&q.segment_id) };
    let labels = Labels(lang);
    let sheets = [(lang.t("plans-title"), plans_header(lang)), (lang.t("export-lines-sheet"), lines_header(lang))];
    let mut book = Book::new(&sheets).map_err(|e| failure(&e, lang))?;
    let mut after = None;
    loop {
        let (views, next) =
            plans::all::chunk(&state.db, &permit, scope, after, plans::all::CHUNK).await.or_page(lang)?;
        for v in &views {
            book.row(0, &plan_row(v, lang)).map_err(|e| failure(&e, lang))?;
            for row in line_rows(v, &labels) {
                book.row(1, &row).map_err(|e| failure(&e, lang))?;
            }
        }
        match next {
            Some(id) => after = Some(id),
            None => break,
        }
    }
    // Compressing the sheets is the long part: off the async workers.
    let file = tokio::task::spawn_blocking(move || book.finish())
        .await
        .map_err(|e| failure(&DocError::Write(e.to_string()), lang))?
        .map_err(|e| failure(&e, lang))?;
    let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    streamed(file, kind, "plans.xlsx", lang)
}

fn failure(e: &DocError, lang: Lang) -> PageError {
    let p = crate::problem::internal(&e.to_string(), lang);
    PageError { status: StatusCode::INTERNAL_SERVER_ERROR, lang, message: p.detail }
}

/// Bytes read from the file per chunk of the response body.
const STREAM_CHUNK: usize = 64 * 1024;

/// A finished document in a temporary file, sent a chunk at a time (the
/// file is gone once the body is dropped).
fn streamed(file: std::fs::File, kind: &'static str, name: &str, lang: Lang) -> Result<Response, PageError> {
    let length = file.metadata().map_err(|e| failure(&DocError::Write(e.to_string()), lang))?.len();
    let file = Some(tokio::fs::File::from_std(file));
    let chunks = futures_util::stream::unfold(file, |file| async move {
        let mut file = file?;
        let mut buf = vec![0; STREAM_CHUNK];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), Some(file)))
            }
            // The error ends the body, so the client sees a broken download.
            Err(e) => Some((Err(e), None)),
        }
    });
    let disposition = format!("attachment; filename=\"{name}\"");
    let headers = [
        (header::CONTENT_TYPE, kind.to_owned()),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CONTENT_LENGTH, length.to_string()),
    ];
    Ok((headers, Body::from_stream(chunks)).into_response())
}

fn download(
    bytes: Result<Vec<u8>, DocError>,
    kind: &'static str,
    name: &str,
    lang: Lang,
) -> Result<Response, PageError> {
    let bytes = bytes.map_err(|e| failure(&e, lang))?;
    let disposition = format!("attachment; filename=\"{name}\"");
    Ok(([(header::CONTENT_TYPE, kind.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}

fn date(d: NaiveDate) -> String {
    d.format("%-d.%-m.%Y").to_string()
}

fn state_label(view: &PlanView, lang: Lang) -> String {
    lang.t(&format!("plan-state-{}", view.staleness))
}

/// One line as a reader sees it: what it is and its text, with details.
fn line_text(labels: &Labels, l: &Line) -> String {
    let mut text = format!("{}: {}", labels.line(l), l.text);
    if let Some(detail) = l.detail.as_deref().filter(|d| !d.is_empty()) {
        text.push_str(&format!(" — {detail}"));
    }
    text
}

fn line_status(labels: &Labels, l: &Line) -> String {
    [labels.status(l), labels.flag(l), l.owner.clone().unwrap_or_default()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(super) fn document(view: &PlanView, lang: Lang) -> Document {
    let labels = Labels(lang);
    let plan = &view.plan;
    let title = lang.t_args("plan-title-of", &[("customer", plan.customer_name.clone())]);
    let today = kumppani_app::centre_time::today();
    let mut doc = Document::new(title, lang.code())
        .subtitle(format!(
            "{} · {}",
            view.segment_name,
            view.manager_name.clone().unwrap_or_else(|| lang.t("export-no-manager"))
        ))
        .footer(lang.t_args("export-assembled-on", &[("date", date(today))]));
    let reviewed = match (&view.reviewed_at, &view.reviewed_by) {
        (Some(at), Some(by)) => format!("{} · {by}", date(at.date_naive())),
        (Some(at), None) => date(at.date_naive()),
        _ => lang.t("plan-never-reviewed"),
    };
    let automation = lang.t_args(
        "plan-automation",
        &[
            ("percent", view.automation.percent().to_string()),
            ("derived", view.automation.derived.to_string()),
            ("total", (view.automation.derived + view.automation.typed).to_string()),
        ],
    );
    doc.fields([
        (lang.t("plan-reviewed-at"), reviewed),
        (lang.t("plan-state"), state_label(view, lang)),
        (lang.t("plan-due-on"), view.review_due_on.map(date).unwrap_or_default()),
        (lang.t("plan-cadence"), labels.one("plan-cadence-months", "months", view.cadence_months)),
        (lang.t("plan-automation-label"), automation),
    ]);
    for section in &plan.sections {
        doc.heading(section.title(lang.code()));
        if section.lines.is_empty() {
            doc.paragraph(lang.t("plan-section-empty"));
            continue;
        }
        let rows = section.lines.iter().map(|l| {
            vec![line_text(&labels, l), l.date.map(date).unwrap_or_default(), line_status(&labels, l), labels.source(l)]
        });
        doc.table(
            [
                lang.t("export-col-item"),
                lang.t("export-col-date"),
                lang.t("export-col-status"),
                lang.t("export-col-source"),
            ],
            rows,
        );
    }
    doc
}

fn day(d: NaiveDate) -> Cell {
    match (u16::try_from(d.year()), u8::try_from(d.month()), u8::try_from(d.day())) {
        (Ok(year), Ok(month), Ok(day)) => Cell::Date { year, month, day },
        _ => Cell::Text(d.to_string()),
    }
}

fn plans_header(lang: Lang) -> Vec<String> {
    ["plan-col-customer", "export-col-segment", "plan-line-manager", "plan-state", "plan-reviewed-at"]
        .iter()
        .chain(&[
            "plan-due-on",
            "plan-changes-since",
            "export-col-derived",
            "export-col-typed",
            "plan-automation-label",
        ])
        .map(|k| lang.t(k))
        .collect()
}

fn plan_row(v: &PlanView, lang: Lang) -> Vec<Cell> {
    vec![
        v.plan.customer_name.clone().into(),
        v.segment_name.clone().into(),
        v.manager_name.clone().into(),
        state_label(v, lang).into(),
        v.reviewed_at.map(|t| day(t.date_naive())).unwrap_or(Cell::Empty),
        v.review_due_on.map(day).unwrap_or(Cell::Empty),
        Cell::Number(v.changes_since_review as f64),
        Cell::Number(v.automation.derived as f64),
        Cell::Number(v.automation.typed as f64),
        Cell::Number(v.automation.percent() as f64),
    ]
}

fn lines_header(lang: Lang) -> Vec<String> {
    ["plan-col-customer", "export-col-section", "export-col-kind", "export-col-text", "export-col-date"]
        .iter()
        .chain(&["export-col-status", "plan-owner", "export-col-source", "export-col-derived"])
        .map(|k| lang.t(k))
        .collect()
}

fn line_rows(v: &PlanView, labels: &Labels) -> Vec<Vec<Cell>> {
    let lang = labels.0;
    let (yes, no) = (lang.t("export-yes"), lang.t("export-no"));
    let mut rows = Vec::new();
    for s in &v.plan.sections {
        for l in &s.lines {
            let status = [labels.status(l), labels.flag(l)].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>();
            rows.push(vec![
                v.plan.customer_name.clone().into(),
                s.title(lang.code()).into(),
                labels.line(l).into(),
                l.text.clone().into(),
                l.date.map(day).unwrap_or(Cell::Empty),
                status.join(" · ").into(),
                l.owner.clone().into(),
                labels.source(l).into(),
                (if l.derived { yes.clone() } else { no.clone() }).into(),
            ]);
        }
    }
    rows
}
