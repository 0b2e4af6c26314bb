//! The plan dashboard (plans by staleness, a page at a time), a plan's
//! history (reviews with their snapshots, every change) and what changed
//! since the last review.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use kumppani_app::AuditEntry;
use kumppani_app::catalog::Kind;
use kumppani_app::plans::Review;
use kumppani_app::plans::assemble::Plan;
use kumppani_app::plans::{self, Changes, Dashboard, DashboardQuery};
use kumppani_app::{catalog, users};
use kumppani_domain::Role;
use std::collections::HashMap;

use super::{Labels, Options};
use crate::session::Session;
use crate::ui::form::{Form, url_encode};
use crate::ui::{Chrome, OrPage, PageError, Path, render};
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "plans.html")]
struct DashboardPage {
    c: Chrome,
    board: Dashboard,
    form: Form,
    managers: Options,
    segments: Options,
    labels: Labels,
    /// The filter as a query string (`manager_id=…&segment_id=…`), for the
    /// page links, the clock and the export.
    filter: String,
    next_link: Option<String>,
    prev_link: Option<String>,
}

impl DashboardPage {
    fn state_label(&self, code: &str) -> String {
        self.c.t.t(&format!("plan-state-{code}"))
    }

    fn automation_label(&self) -> String {
        let a = &self.board.automation;
        self.c.t.t_args(
            "plan-automation",
            &[
                ("percent", a.percent().to_string()),
                ("derived", a.derived.to_string()),
                ("total", (a.derived + a.typed).to_string()),
            ],
        )
    }

    fn shown_label(&self) -> String {
        self.c.t.t_args(
            "plans-shown",
            &[("shown", self.board.rows.len().to_string()), ("total", self.board.total.to_string())],
        )
    }

    /// (state code, count) in the dashboard's order.
    fn states(&self) -> [(&'static str, i64); 4] {
        let s = &self.board.states;
        [("never", s.never), ("overdue", s.overdue), ("due_soon", s.due_soon), ("current", s.current)]
    }
}

/// The filter's part of a link: the fields that are set, encoded. A blank
/// manager is kept when chosen, since for a partnership manager it means
/// "all" rather than "mine".
fn filter_query(form: &Form, all_managers: bool) -> String {
    let mut parts: Vec<String> = ["manager_id", "segment_id"]
        .iter()
        .filter(|k| !form.v(k).is_empty())
        .map(|k| format!("{k}={}", url_encode(form.v(k))))
        .collect();
    if all_managers {
        parts.insert(0, "manager_id=".to_owned());
    }
    parts.join("&")
}

fn page_link(filter: &str, cursor: (&str, i64)) -> String {
    let sep = if filter.is_empty() { "" } else { "&" };
    format!("/plans?{filter}{sep}{}={}", cursor.0, cursor.1)
}

pub(super) async fn dashboard(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    let db = &state.db;
    let permit = session.permit(db).await.or_page(lang)?;
    // A partnership manager starts from their own plans; "all" is a choice.
    let mut query = query;
    let all_managers = query.get("manager_id").is_some_and(|m| m.trim().is_empty());
    if !query.contains_key("manager_id") && session.user.role == Role::PartnershipManager {
        query.insert("manager_id".into(), session.user.id.to_string());
    }
    let form = Form::new(query);
    let q = DashboardQuery {
        manager_id: form.id("manager_id"),
        segment_id: form.id("segment_id"),
        after: form.id("after"),
        before: form.id("before"),
        limit: Some(plans::DEFAULT_LIMIT),
    };
    let board = plans::dashboard(db, &permit, &q).await.or_page(lang)?;
    let people = users::list(db, &session.permit(db).await.or_page(lang)?).await.or_page(lang)?;
    let managers = people
        .iter()
        .filter(|u| u.active && u.role.can_hold_customers())
        .map(|u| (u.id.to_string(), u.display_name.clone()))
        .collect();
    let segments = catalog::names(db, &session.permit(db).await.or_page(lang)?, Kind::Segment).await.or_page(lang)?;
    let segments = segments.into_iter().map(|(id, name)| (id.to_string(), name)).collect();
    let filter = filter_query(&form, all_managers);
    let next_link = board.next_cursor.map(|id| page_link(&filter, ("after", id)));
    let prev_link = board.prev_cursor.map(|id| page_link(&filter, ("before", id)));
    let c = Chrome::new(lang, Some(&session), "/plans", "plans-title");
    let page = DashboardPage { c, board, form, managers, segments, labels: Labels(lang), filter, next_link, prev_link };
    render(&page, lang)
}

#[derive(Template)]
#[template(path = "plan_history.html")]
struct HistoryPage {
    c: Chrome,
    customer_id: i64,
    customer_name: String,
    /// Each review with the plan it froze.
    reviews: Vec<(Review, Plan)>,
    changes: Vec<AuditEntry>,
    labels: Labels,
}

impl HistoryPage {
    fn title_of<'a>(&self, s: &'a kumppani_app::plans::assemble::PlanSection) -> &'a str {
        s.title(self.c.t.code())
    }

    fn action_label(&self, e: &AuditEntry) -> String {
        self.c.t.t(&format!("plan-action-{}-{}", e.entity, e.action))
    }
}

pub(super) async fn history(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let db = &state.db;
    let permit = session.permit(db).await.or_page(lang)?;
    let view = plans::get(db, &permit, id).await.or_page(lang)?;
    let h = plans::history(db, &permit, id).await.or_page(lang)?;
    let mut reviews = Vec::new();
    for r in h.reviews {
        let plan = plans::snapshot(&r).or_page(lang)?;
        reviews.push((r, plan));
    }
    let mut c = Chrome::new(lang, Some(&session), "/plans", "plan-history-title");
    c.title = lang.t_args("plan-history-of", &[("customer", view.plan.customer_name.clone())]);
    let page = HistoryPage {
        c,
        customer_id: id,
        customer_name: view.plan.customer_name,
        reviews,
        changes: h.changes,
        labels: Labels(lang),
    };
    render(&page, lang)
}

#[derive(Template)]
#[template(path = "plan_changes.html")]
struct ChangesPage {
    c: Chrome,
    customer_id: i64,
    customer_name: String,
    changes: Changes,
    labels: Labels,
}

impl ChangesPage {
    fn title_of<'a>(&self, s: &'a kumppani_app::plans::diff::SectionChanges) -> &'a str {
        s.title(self.c.t.code())
    }
}

pub(super) async fn changes(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let db = &state.db;
    let permit = session.permit(db).await.or_page(lang)?;
    let changes = plans::changes(db, &permit, id).await.or_page(lang)?;
    let view = plans::get(db, &permit, id).await.or_page(lang)?;
    let mut c = Chrome::new(lang, Some(&session), "/plans", "plan-changes-title");
    c.title = lang.t_args("plan-changes-of", &[("customer", view.plan.customer_name.clone())]);
    let page =
        ChangesPage { c, customer_id: id, customer_name: view.plan.customer_name, changes, labels: Labels(lang) };
    render(&page, lang)
}
