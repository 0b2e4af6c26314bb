//! The deputy brief (SPEC §6): one page with what a deputy needs to know
//! about a customer, generated on demand so it is always current.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use chrono::NaiveDate;
use kumppani_app::balance::{self, Brief};
use kumppani_store::absences::Absence;

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
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let today = crate::api::today();
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let b = balance::brief(&state.db, &permit, id, today).await.or_page(lang)?;
    let c = Chrome::new(lang, Some(&session), "/customers", "brief-title");
    render(&BriefPage { c, b, today }, lang)
}
