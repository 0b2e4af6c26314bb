//! An event's edit page: reached from its line in the plan, back to the
//! plan when saved.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use kumppani_app::events::Event;
use kumppani_app::{AppError, events, plans};

use super::{EventChoices, event_choices, event_draft};
use crate::session::Session;
use crate::ui::form::{Form, submit};
use crate::ui::{Chrome, OrPage, PageError, Path, render};
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "event_form.html")]
struct EventPage {
    c: Chrome,
    form: Form,
    choices: EventChoices,
    /// The event as saved now.
    current: Event,
}

impl EventPage {
    fn kind_label(&self) -> String {
        self.c.t.t(&format!("event-kind-{}", self.current.kind.as_str()))
    }

    fn status_label(&self) -> String {
        self.c.t.t(&format!("event-status-{}", self.current.status.as_str()))
    }
}

fn form_of(e: &Event) -> Form {
    let d = events::draft_of(e);
    Form::from_pairs(
        &[
            ("kind", Some(d.kind)),
            ("title", Some(d.title)),
            ("on_date", Some(d.on_date)),
            ("service_id", d.service_id.map(|v| v.to_string())),
            ("owner_id", d.owner_id.map(|v| v.to_string())),
            ("status", Some(d.status)),
            ("notes", d.notes),
        ],
        e.version,
    )
}

async fn page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    form: Form,
    current: Event,
) -> Result<EventPage, PageError> {
    let choices = event_choices(state, session, lang, current.customer_id).await?;
    let mut c = Chrome::new(lang, Some(session), "/plans", "event-edit-title");
    c.title = lang.t_args("event-edit-title", &[("title", current.title.clone())]);
    Ok(EventPage { c, form, choices, current })
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let e = events::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    if !plans::may_edit(&state.db, &session.actor, e.customer_id).await.or_page(lang)? {
        return Err(PageError::from_app(AppError::Forbidden, lang));
    }
    let form = form_of(&e);
    render(&page(&state, &session, lang, form, e).await?, lang)
}

pub(super) async fn update(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let draft = event_draft(&form, form.v("kind"));
    let result = events::update(&state.db, &permit, id, form.version, &draft).await;
    let done = |e: Event| Redirect::to(&format!("/customers/{}/plan?notice=saved", e.customer_id)).into_response();
    submit(lang, form, result, done, async |form| {
        let current =
            events::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
        page(&state, &session, lang, form, current).await
    })
    .await
}
