//! The annual clock as an SVG picture, per customer and per manager's
//! portfolio.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use kumppani_app::plans::assemble::CalendarKind;
use kumppani_app::plans::clock::{ClockText, svg};
use kumppani_app::plans::{self};
use kumppani_store::plans::Which;
use std::collections::HashMap;

use crate::session::Session;
use crate::ui::form::Form;
use crate::ui::{OrPage, PageError, Path};
use crate::{AppState, Lang};

fn kind_name(kind: CalendarKind, lang: &str) -> String {
    Lang::parse(lang).unwrap_or_default().t(&format!("clock-kind-{}", kind.code()))
}

fn picture(lang: Lang, year: i32, whose: String, events: &[kumppani_app::plans::assemble::CustomerEvent]) -> Response {
    let months = std::array::from_fn(|i| lang.t(&format!("clock-month-{}", i + 1)));
    let shown = events.iter().filter(|e| e.date.year() == year).count();
    let text = ClockText {
        title: lang.t_args("clock-title", &[("year", year.to_string()), ("whose", whose)]),
        desc: lang.t_args("clock-desc", &[("count", shown.to_string())]),
        months,
        kind_name,
        lang: lang.code().to_owned(),
    };
    ([(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")], svg(year, events, &text)).into_response()
}

fn year_of(form: &Form) -> i32 {
    let this = kumppani_app::customers::today().year();
    form.id("year").and_then(|y| i32::try_from(y).ok()).filter(|y| (2000..=2100).contains(y)).unwrap_or(this)
}

pub(super) async fn customer(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let events = plans::calendar(&state.db, &permit, Which::Customer(id)).await.or_page(lang)?;
    let view = plans::get(&state.db, &permit, id).await.or_page(lang)?;
    Ok(picture(lang, year_of(&Form::new(q)), view.plan.customer_name, &events))
}

pub(super) async fn portfolio(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let form = Form::new(q);
    let manager_id = form.id("manager_id");
    let events = plans::calendar(&state.db, &permit, Which::Portfolio { manager_id }).await.or_page(lang)?;
    let whose = match manager_id {
        Some(_) => lang.t("clock-portfolio"),
        None => lang.t("clock-centre"),
    };
    Ok(picture(lang, year_of(&form), whose, &events))
}
