//! Account plan pages: a customer's plan (with its narrative, review and
//! event forms on the page itself), an event's edit form, the history and
//! what changed since the last review, the dashboard, and the template.

mod clock;
mod dashboard;
mod event;
mod export;
mod template;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kumppani_app::plans::assemble::{Line, LineKind, PlanSection};
use kumppani_app::plans::{self, PlanView};
use kumppani_app::{AppError, events, subscriptions, users};
use kumppani_domain::FieldError;
use kumppani_domain::plan::{EventDraft, EventKind, EventStatus, NoteDraft};

use super::form::{Form, submit};
use super::{Chrome, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

/// (value, label) pairs for a select.
pub(super) type Options = Vec<(String, String)>;

pub fn router() -> Routes {
    Routes::new()
        .route("/customers/{id}/plan", get(show))
        .route("/customers/{id}/plan/notes", post(save_note))
        .route("/customers/{id}/plan/review", post(review))
        .route("/customers/{id}/plan/events", post(add_event))
        .route("/customers/{id}/plan/history", get(dashboard::history))
        .route("/customers/{id}/plan/changes", get(dashboard::changes))
        .route("/events/{id}", post(event::update))
        .route("/events/{id}/edit", get(event::edit_form))
        .route("/customers/{id}/plan/clock", get(clock::customer))
        .route("/plans", get(dashboard::dashboard))
        .route("/plans/clock", get(clock::portfolio))
        .route("/plans/template", get(template::show).post(template::save))
        .route("/customers/{id}/plan.pdf", get(export::pdf))
        .route("/customers/{id}/plan.docx", get(export::docx))
        .route("/plans/export.xlsx", get(export::workbook))
}

/// How a plan line reads, in the page's language: label, status and flag
/// translated, where it came from.
pub(super) struct Labels(pub Lang);

impl Labels {
    /// A message with one argument (templates cannot build argument lists).
    pub fn one(&self, key: &str, name: &'static str, value: impl ToString) -> String {
        self.0.t_args(key, &[(name, value.to_string())])
    }

    pub fn two(&self, key: &str, n1: &'static str, v1: impl ToString, n2: &'static str, v2: impl ToString) -> String {
        self.0.t_args(key, &[(n1, v1.to_string()), (n2, v2.to_string())])
    }

    pub fn line(&self, l: &Line) -> String {
        self.0.t(&format!("plan-line-{}", l.kind.as_str()))
    }

    pub fn status(&self, l: &Line) -> String {
        let Some(code) = l.status.as_deref() else { return String::new() };
        let t = self.0;
        match l.kind {
            LineKind::OrgType => t.t(&format!("org-type-{code}")),
            LineKind::Request => t.t(&format!("request-status-{code}")),
            LineKind::Project => match code.split_once('-') {
                Some((stage, n)) => t.t_args(&format!("stage-{stage}-n"), &[("number", n.to_owned())]),
                None => t.t(&format!("stage-{code}")),
            },
            _ => t.t(&format!("event-status-{code}")),
        }
    }

    pub fn flag(&self, l: &Line) -> String {
        match (l.kind, l.flag.as_deref()) {
            (_, None) => String::new(),
            (LineKind::Project, Some(rag)) => self.0.t(&format!("rag-{rag}")),
            (_, Some(f)) => self.0.t(&format!("plan-flag-{f}")),
        }
    }

    pub fn source(&self, l: &Line) -> String {
        let key = match l.kind {
            LineKind::Project => "plan-source-projects",
            LineKind::Event => "plan-source-events",
            LineKind::Request => "plan-source-requests",
            LineKind::Narrative => "plan-source-typed",
            LineKind::UnscheduledUpdate => "plan-source-services",
            _ => "plan-source-customer",
        };
        self.0.t(key)
    }
}

/// The choices of the event forms.
pub(super) struct EventChoices {
    pub kinds: Options,
    pub statuses: Options,
    pub people: Options,
    /// The customer's services (critical ones first).
    pub services: Options,
}

pub(super) async fn event_choices(
    state: &AppState,
    session: &Session,
    lang: Lang,
    customer_id: i64,
) -> Result<EventChoices, PageError> {
    let db = &state.db;
    let people = users::list(db, &session.permit(db).await.or_page(lang)?).await.or_page(lang)?;
    let services =
        subscriptions::of_customer(db, &session.permit(db).await.or_page(lang)?, customer_id).await.or_page(lang)?;
    Ok(EventChoices {
        kinds: EventKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), lang.t(&format!("event-kind-{}", k.as_str()))))
            .collect(),
        statuses: EventStatus::ALL
            .iter()
            .map(|s| (s.as_str().to_owned(), lang.t(&format!("event-status-{}", s.as_str()))))
            .collect(),
        people: people
            .iter()
            .filter(|u| u.is_active_staff())
            .map(|u| (u.id.to_string(), u.display_name.clone()))
            .collect(),
        services: services.iter().map(|s| (s.service_id.to_string(), s.service_name.clone())).collect(),
    })
}

/// An event draft from form fields.
pub(super) fn event_draft(form: &Form, kind: &str) -> EventDraft {
    EventDraft {
        kind: kind.to_owned(),
        title: form.v("title").to_owned(),
        on_date: form.v("on_date").to_owned(),
        service_id: form.id("service_id"),
        owner_id: form.id("owner_id"),
        status: form.v("status").to_owned(),
        notes: form.opt("notes"),
    }
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    c: Chrome,
    view: PlanView,
    can_edit: bool,
    notice: Option<String>,
    /// The form that failed, by name (`note-<section>`, `event-<kind>`,
    /// `review`), and what was typed into it.
    failed: String,
    form: Form,
    choices: EventChoices,
    labels: Labels,
}

impl PlanPage {
    fn title(&self, s: &PlanSection) -> String {
        s.title(self.c.t.code()).to_owned()
    }

    /// The event kind a section records, if any ("" otherwise).
    fn kind_of(&self, s: &PlanSection) -> String {
        s.source.event_kind().map_or(String::new(), |k| k.as_str().to_owned())
    }

    /// The form named `name`: what was typed if it failed, else fresh.
    fn form_named(&self, name: &str, fresh: &[(&str, Option<String>)]) -> Form {
        if self.failed == name { self.form.clone() } else { Form::from_pairs(fresh, self.view.plan.version) }
    }

    fn note_form(&self, s: &PlanSection) -> Form {
        self.form_named(&format!("note-{}", s.section_id), &[("note", Some(s.note.clone()))])
    }

    fn event_form(&self, s: &PlanSection) -> Form {
        let today = kumppani_app::centre_time::today().to_string();
        self.form_named(
            &format!("event-{}", self.kind_of(s)),
            &[("on_date", Some(today)), ("status", Some("planned".into()))],
        )
    }

    fn review_form(&self) -> Form {
        self.form_named("review", &[])
    }

    fn state_label(&self) -> String {
        self.c.t.t(&format!("plan-state-{}", self.view.staleness))
    }

    fn automation_label(&self) -> String {
        let a = &self.view.automation;
        self.c.t.t_args(
            "plan-automation",
            &[
                ("percent", a.percent().to_string()),
                ("derived", a.derived.to_string()),
                ("total", (a.derived + a.typed).to_string()),
            ],
        )
    }
}

async fn page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
    failed: &str,
    form: Form,
    notice: Option<String>,
) -> Result<PlanPage, PageError> {
    let view = plans::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    let can_edit = plans::may_edit(&state.db, &session.actor, id).await.or_page(lang)?;
    let choices = event_choices(state, session, lang, id).await?;
    let mut c = Chrome::new(lang, Some(session), "/plans", "plan-title");
    c.title = lang.t_args("plan-title-of", &[("customer", view.plan.customer_name.clone())]);
    Ok(PlanPage { c, view, can_edit, notice, failed: failed.to_owned(), form, choices, labels: Labels(lang) })
}

#[derive(serde::Deserialize)]
pub(super) struct Notice {
    notice: Option<String>,
}

impl Notice {
    pub fn text(&self, lang: Lang) -> Option<String> {
        self.notice
            .as_deref()
            .filter(|n| matches!(*n, "saved" | "reviewed" | "event-added" | "template-saved"))
            .map(|n| lang.t(&format!("plan-notice-{n}")))
    }
}

async fn show(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<Notice>,
) -> Result<Html<String>, PageError> {
    render(&page(&state, &session, lang, id, "", Form::default(), q.text(lang)).await?, lang)
}

/// Ends a submit of one of the plan page's forms (`name` says which
/// failed): back to the plan at `to`, or the plan page again.
async fn submit_on_page<T>(
    (state, session, lang): (&AppState, &Session, Lang),
    id: i64,
    name: &str,
    form: Form,
    result: Result<T, AppError>,
    to: String,
) -> Result<Response, PageError> {
    let done = |_| Redirect::to(&to).into_response();
    submit(lang, form, result, done, async |form| page(state, session, lang, id, name, form, None).await).await
}

async fn save_note(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let section_id = form.id("section_id").unwrap_or(0);
    let note = NoteDraft { section_id, body: form.v("note").to_owned() };
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = plans::save_notes(&state.db, &permit, id, form.version, &[note]).await.map_err(|e| match e {
        AppError::Invalid(mut e) => {
            // The use case names the field by section; the page's field is `note`.
            for f in &mut e.0 {
                *f = FieldError { field: "note".into(), code: f.code };
            }
            e.into()
        }
        other => other,
    });
    let to = format!("/customers/{id}/plan?notice=saved#section-{section_id}");
    submit_on_page((&state, &session, lang), id, &format!("note-{section_id}"), form, result, to).await
}

async fn review(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = plans::review(&state.db, &permit, id, form.version).await;
    let to = format!("/customers/{id}/plan?notice=reviewed");
    submit_on_page((&state, &session, lang), id, "review", form, result, to).await
}

async fn add_event(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let kind = form.v("kind").to_owned();
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = events::create(&state.db, &permit, id, &event_draft(&form, &kind)).await;
    let anchor = form.id("section_id").map_or(String::new(), |s| format!("#section-{s}"));
    let to = format!("/customers/{id}/plan?notice=event-added{anchor}");
    submit_on_page((&state, &session, lang), id, &format!("event-{kind}"), form, result, to).await
}
