//! The proposal page: the diff, the method and whether it is proven
//! optimal, workloads before and after, and the Apply button; or, for goals
//! no assignment meets, the failing constraint and the nearest goals.

use askama::Template;
use axum::extract::{Form as Body, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kumppani_app::AppError;
use kumppani_app::balance::{self, ApplyChange, ApplyRequest, Outcome, Plan, PlannedDeputy, PlannedMove, Refusal};
use kumppani_app::policy::cap::EditCustomers;

use super::{Goals, form_page, goals_of};
use crate::api::balance::{nearest_text, reason_text};
use crate::session::Session;
use crate::ui::{Chrome, OrPage, PageError, render_status};
use crate::{AppState, Lang};

#[derive(Template)]
#[template(path = "balance_proposal.html")]
struct ProposalPage {
    c: Chrome,
    notice: Option<String>,
    plan: Option<Plan>,
    refusal: Option<Refusal>,
    /// The request as hidden fields (for recalculating and applying).
    hidden: Vec<(String, String)>,
    /// The request as a query string (to edit the goals).
    query: String,
    /// Who leaves and who joins, by name.
    leaving: Vec<String>,
    joining: Vec<String>,
    may_apply: bool,
}

impl ProposalPage {
    fn t(&self, key: &str) -> String {
        self.c.t.t(key)
    }

    fn reason(&self, m: &PlannedMove) -> String {
        self.t(m.reason.code())
    }

    fn deputy_reason(&self, d: &PlannedDeputy) -> String {
        self.t(d.reason.code())
    }

    fn method(&self, p: &Plan) -> String {
        self.t(p.method.code())
    }

    fn moved(&self, p: &Plan) -> String {
        self.c
            .t
            .t_args("balance-moved", &[("count", p.objective.to_string()), ("unavoidable", p.unavoidable.to_string())])
    }

    fn band(&self, p: &Plan) -> String {
        let key = if p.request.by_weight { "balance-band-weight" } else { "balance-band" };
        self.c.t.t_args(key, &[("min", p.load_min.to_string()), ("max", p.load_max.to_string())])
    }

    /// How workload was measured, in words.
    fn measure(&self, p: &Plan) -> String {
        self.t(if p.request.by_weight { "balance-by-weight-option" } else { "balance-by-count-option" })
    }

    fn objective_label(&self, p: &Plan) -> String {
        self.t(if p.request.by_weight { "balance-objective-weight" } else { "balance-objective" })
    }

    fn proven_text(&self, p: &Plan) -> String {
        self.t(if p.request.by_weight { "balance-proven-yes-weight" } else { "balance-proven-yes" })
    }

    fn gap(&self, p: &Plan) -> String {
        self.c.t.t_args("balance-not-proven", &[("bound", p.lower_bound.to_string())])
    }

    fn reason_text(&self, r: &Refusal) -> String {
        reason_text(self.c.t, r)
    }

    fn nearest_text(&self, r: &Refusal) -> String {
        nearest_text(self.c.t, r)
    }

    fn nearest_link(&self, r: &Refusal) -> Option<String> {
        r.nearest.as_ref().map(|n| format!("/balance/proposal?{}", Goals::query(n)))
    }

    fn change(&self, before: &u64, after: &u64) -> String {
        match after.cmp(before) {
            std::cmp::Ordering::Greater => format!("+{}", after - before),
            std::cmp::Ordering::Less => format!("−{}", before - after),
            std::cmp::Ordering::Equal => "0".to_owned(),
        }
    }

    fn every_segment(&self) -> String {
        let on = self.plan.as_ref().map(|p| p.request.every_segment).unwrap_or_default();
        self.t(if on { "yes" } else { "no" })
    }
}

/// Proposes for `goals` and builds the page (None: the form with errors).
async fn page_for(
    state: &AppState,
    session: &Session,
    lang: Lang,
    goals: &Goals,
    notice: Option<String>,
) -> Result<ProposalPage, AppError> {
    let permit = session.permit::<EditCustomers>(&state.db).await?;
    let outcome = balance::propose(&state.db, &permit, &goals.request).await?;
    let people = balance::people(&state.db, &session.permit(&state.db).await?).await?;
    let name =
        |id: &i64| people.iter().find(|p| p.id == *id).map_or_else(|| id.to_string(), |p| p.display_name.clone());
    let (plan, refusal) = match outcome {
        Outcome::Proposed(p) => (Some(p), None),
        Outcome::Infeasible(r) => (None, Some(r)),
    };
    Ok(ProposalPage {
        c: Chrome::new(lang, Some(session), "/balance", "balance-proposal-title"),
        notice,
        plan,
        refusal,
        hidden: Goals::pairs(&goals.request),
        query: Goals::query(&goals.request),
        leaving: goals.request.leaving.iter().map(name).collect(),
        joining: goals.request.joining.iter().map(name).collect(),
        may_apply: permit.may_assign(),
    })
}

/// GET /balance/proposal: the proposal for the goals in the query, or the
/// form again when the goals are invalid.
pub async fn show(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let (goals, errors) = goals_of(&state, &session, &pairs).await.or_page(lang)?;
    if !errors.is_empty() {
        let page = form_page(&state, &session, lang, goals, errors).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page, lang);
    }
    match page_for(&state, &session, lang, &goals, None).await {
        Ok(page) => {
            let status = if page.refusal.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
            render_status(status, &page, lang)
        }
        Err(AppError::Invalid(errors)) => {
            let page = form_page(&state, &session, lang, goals, errors).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page, lang)
        }
        Err(e) => Err(PageError::from_app(e, lang)),
    }
}

/// `customer:to:version`, as the Apply form carries each change.
fn change_of(raw: &str) -> Option<ApplyChange> {
    let mut parts = raw.split(':').map(|p| p.trim().parse::<i64>().ok());
    match (parts.next().flatten(), parts.next().flatten(), parts.next().flatten(), parts.next()) {
        (Some(customer_id), Some(to), Some(version), None) => Some(ApplyChange { customer_id, to, version }),
        _ => None,
    }
}

/// POST /balance/apply: applies the changes the form carries. On success
/// back to the coverage page; when a customer changed meanwhile, nothing is
/// applied and a fresh proposal for the same goals is shown (409).
pub async fn apply(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Body(pairs): Body<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let changes = |name: &str| -> Option<Vec<ApplyChange>> {
        pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| change_of(v)).collect()
    };
    let (Some(moves), Some(deputy_changes)) = (changes("move"), changes("deputy")) else {
        return Err(PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "problem-validation"));
    };
    let permit = session.permit::<EditCustomers>(&state.db).await.or_page(lang)?;
    match balance::apply(&state.db, &permit, &ApplyRequest { moves, deputy_changes }).await {
        Ok(applied) => Ok(Redirect::to(&format!(
            "/balance?applied={}&cleared={}",
            applied.changed.len(),
            applied.deputies_cleared.len()
        ))
        .into_response()),
        Err(AppError::Conflict { .. }) => {
            let (goals, _) = goals_of(&state, &session, &pairs).await.or_page(lang)?;
            let notice = Some(lang.t("balance-stale"));
            let page = page_for(&state, &session, lang, &goals, notice).await.or_page(lang)?;
            render_status(StatusCode::CONFLICT, &page, lang)
        }
        Err(e) => Err(PageError::from_app(e, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_parse_from_the_hidden_fields() {
        assert_eq!(change_of("12:3:4"), Some(ApplyChange { customer_id: 12, to: 3, version: 4 }));
        for bad in ["12:3", "12:3:4:5", "a:3:4", ""] {
            assert_eq!(change_of(bad), None, "{bad}");
        }
    }
}
