//! Following contacts up: the follow-up page (open contacts, late steps,
//! lead times) and the service desk's hand-over file.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use kumppani_app::requests;
use kumppani_app::requests::RunningStep;
use kumppani_app::requests::dashboard::{Dashboard, GroupLeadTime};

use crate::routes::Routes;
use crate::session::Session;
use crate::ui::{Chrome, OrPage, PageError, render};
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new().route("/requests/dashboard", get(dashboard)).route("/requests/handovers.csv", get(handovers))
}

#[derive(Template)]
#[template(path = "requests_dashboard.html")]
struct DashboardPage {
    c: Chrome,
    d: Dashboard,
}

impl DashboardPage {
    fn channel(&self, key: &Option<String>) -> String {
        self.c.t.t(&format!("channel-{}", key.as_deref().unwrap_or("")))
    }

    fn step_title(&self, s: &RunningStep) -> String {
        match self.c.t.code() {
            "en" => s.title_en.clone(),
            "sv" => s.title_sv.clone(),
            _ => s.title_fi.clone(),
        }
    }

    fn day(&self, d: &chrono::NaiveDate) -> String {
        d.format("%-d.%-m.%Y").to_string()
    }

    /// Hours as people read a lead time: hours under two days, days after.
    fn span(&self, hours: &i64) -> String {
        if *hours < 48 {
            self.c.t.t_args("span-hours", &[("n", hours.to_string())])
        } else {
            self.c.t.t_args("span-days", &[("n", format!("{:.1}", *hours as f64 / 24.0))])
        }
    }

    fn lead_tables(&self) -> [(String, &[GroupLeadTime]); 2] {
        [
            (self.c.t.t("dashboard-by-process"), &self.d.lead_time_by_process),
            (self.c.t.t("dashboard-by-segment"), &self.d.lead_time_by_segment),
        ]
    }

    fn group(&self, g: &GroupLeadTime) -> String {
        if g.name.is_empty() { self.c.t.t("dashboard-no-process") } else { g.name.clone() }
    }
}

async fn dashboard(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Html<String>, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let d = requests::dashboard::dashboard(&state.db, &permit, lang.code()).await.or_page(lang)?;
    render(&DashboardPage { c: Chrome::new(lang, Some(&session), "/requests", "dashboard-title"), d }, lang)
}

/// What went to the service desk, as a CSV file for it.
async fn handovers(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let bytes = requests::handover::csv(&state.db, &permit).await.or_page(lang)?;
    let headers = [
        (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
        (axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"service-desk-handovers.csv\""),
    ];
    Ok((headers, bytes).into_response())
}
