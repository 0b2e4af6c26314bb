//! The plan dashboard (plans by staleness), a plan's history (reviews with
//! their snapshots, every change) and what changed since the last review.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use kumppani_app::plans::assemble::Plan;
use kumppani_app::plans::{self, Changes, Dashboard};
use kumppani_app::users;
use kumppani_domain::Role;
use kumppani_store::audit::AuditEntry;
use kumppani_store::plans::Review;
use std::collections::HashMap;

use super::{Labels, Options};
use crate::session::Session;
use crate::ui::form::Form;
use crate::ui::{Chrome, OrPage, PageError, Path, render};
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "plans.html")]
struct DashboardPage {
    c: Chrome,
    board: Dashboard,
    form: Form,
    managers: Options,
    labels: Labels,
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
    if !query.contains_key("manager_id") && session.user.role == Role::PartnershipManager {
        query.insert("manager_id".into(), session.user.id.to_string());
    }
    let form = Form::new(query);
    let board = plans::dashboard(db, &permit, form.id("manager_id")).await.or_page(lang)?;
    let people = users::list(db, &session.permit(db).await.or_page(lang)?).await.or_page(lang)?;
    let managers = people
        .iter()
        .filter(|u| u.active && u.role.can_hold_customers())
        .map(|u| (u.id.to_string(), u.display_name.clone()))
        .collect();
    let c = Chrome::new(lang, Some(&session), "/plans", "plans-title");
    render(&DashboardPage { c, board, form, managers, labels: Labels(lang) }, lang)
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
