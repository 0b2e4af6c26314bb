//! The annual clock as an SVG picture, per customer and per portfolio (a
//! manager's, a segment's or the whole centre's). A portfolio whose year
//! holds more than a few hundred events is drawn one dot per week and kind,
//! and the picture says so.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use kumppani_app::plans::assemble::CalendarKind;
use kumppani_app::plans::clock::{ClockText, svg, svg_weekly};
use kumppani_app::plans::year::{Year, portfolio_year};
use kumppani_app::plans::{self};
use kumppani_app::plans::{Scope, Which};
use std::collections::HashMap;

use crate::session::Session;
use crate::ui::form::Form;
use crate::ui::{OrPage, PageError, Path};
use crate::{AppState, Lang};

fn kind_name(kind: CalendarKind, lang: &str) -> String {
    Lang::parse(lang).unwrap_or_default().t(&format!("clock-kind-{}", kind.code()))
}

fn text(lang: Lang, year: i32, whose: String, desc: String, note: Vec<String>) -> ClockText {
    ClockText {
        title: lang.t_args("clock-title", &[("year", year.to_string()), ("whose", whose)]),
        desc,
        months: std::array::from_fn(|i| lang.t(&format!("clock-month-{}", i + 1))),
        kind_name,
        lang: lang.code().to_owned(),
        note,
    }
}

fn svg_response(body: String) -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")], body).into_response()
}

fn picture(lang: Lang, year: i32, whose: String, events: &[kumppani_app::plans::assemble::CustomerEvent]) -> Response {
    let shown = events.iter().filter(|e| e.date.year() == year).count();
    let desc = lang.t_args("clock-desc", &[("count", shown.to_string())]);
    svg_response(svg(year, events, &text(lang, year, whose, desc, Vec::new())))
}

fn year_of(form: &Form) -> i32 {
    let this = kumppani_app::centre_time::today().year();
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
    let scope = Scope { manager_id: form.id("manager_id"), segment_id: form.id("segment_id") };
    let whose = lang.t(match (scope.manager_id, scope.segment_id) {
        (Some(_), Some(_)) => "clock-portfolio-segment",
        (Some(_), None) => "clock-portfolio",
        (None, Some(_)) => "clock-segment",
        (None, None) => "clock-centre",
    });
    let year = year_of(&form);
    match portfolio_year(&state.db, &permit, scope, year).await.or_page(lang)? {
        Year::Each(events) => Ok(picture(lang, year, whose, &events)),
        Year::Weekly { weeks, total } => {
            let count = [("count", total.to_string())];
            let desc = lang.t_args("clock-desc-weekly", &count);
            let note = vec![lang.t_args("clock-weekly-note", &count), lang.t("clock-weekly-narrow")];
            let label = |n: i64| lang.t_args("clock-week-count", &[("count", n.to_string())]);
            Ok(svg_response(svg_weekly(year, &weeks, &text(lang, year, whose, desc, note), &label)))
        }
    }
}
