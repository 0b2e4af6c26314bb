//! Portfolio balance pages: the coverage matrix (`/balance`), the rebalance
//! form, the proposal with its Apply button, and the deputy brief.

mod brief;
mod proposal;

use askama::Template;
use axum::extract::{Query, RawQuery, State};
use axum::response::Html;
use axum::routing::{get, post};
use kumppani_app::balance::{self, DEFAULT_TOLERANCE, Request};
use kumppani_app::balance::{BothAway, Coverage, Finding, FindingPages, Person};
use kumppani_app::customers::Filter;
use kumppani_app::{AppError, customers};
use kumppani_domain::Invalid;
use std::collections::HashMap;

use super::form::Form;
use super::{Chrome, OrPage, PageError, render};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new()
        .route("/balance", get(coverage_page))
        .route("/balance/rebalance", get(rebalance_form))
        .route("/balance/proposal", get(proposal::show))
        .route("/balance/apply", post(proposal::apply))
        .route("/customers/{id}/brief", get(brief::show))
        .route("/customers/{id}/brief.pdf", get(brief::pdf))
}

/// A column of the matrix as the page shows it.
struct Column {
    name: String,
    customers: i64,
    workload: i64,
    single: bool,
}

/// A cell: the count, and whether the manager lacks a segment that has customers.
struct Cell {
    count: i64,
    lacking: bool,
    segment: String,
}

struct Row {
    name: String,
    active: bool,
    cells: Vec<Cell>,
    total: i64,
    /// The sum of the workload weights of the customers held.
    workload: i64,
    deputy_for: i64,
    /// Names of the segments this manager lacks.
    lacking: Vec<String>,
}

#[derive(Template)]
#[template(path = "balance.html")]
struct CoveragePage {
    c: Chrome,
    notice: Option<String>,
    columns: Vec<Column>,
    rows: Vec<Row>,
    customers: i64,
    workload: i64,
    unassigned: i64,
    /// Segments held by one manager only, with that manager's name.
    single: Vec<(String, String)>,
    without_deputy: Findings,
    unfamiliar: Findings,
    both_away: Vec<BothAway>,
    both_away_total: i64,
}

/// Findings a page at a time (a list can name every customer).
struct Findings {
    items: Vec<Finding>,
    total: i64,
    /// Links to the list's next page and back to its start, keeping the
    /// other list where it is.
    next_link: Option<String>,
    first_link: Option<String>,
    /// Names the list's page links for screen readers.
    pager_label: String,
}

/// Customers per page of each list of findings.
const FINDINGS_PER_PAGE: i64 = 50;

fn pager_label(lang: Lang, title_key: &str) -> String {
    lang.t_args("balance-list-pager", &[("list", lang.t(title_key))])
}

fn findings_link(key: &str, cursor: Option<i64>, other: (&str, Option<i64>)) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(id) = cursor {
        parts.push(format!("{key}={id}"));
    }
    if let (name, Some(id)) = other {
        parts.push(format!("{name}={id}"));
    }
    let query = if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) };
    // Back to the list itself, not the top of the page.
    let anchor = if key == "without_deputy_after" { "nodeputy-h" } else { "unfamiliar-h" };
    format!("/balance{query}#{anchor}")
}

impl CoveragePage {
    fn lacking_count(&self) -> usize {
        self.rows.iter().filter(|r| !r.lacking.is_empty()).count()
    }

    fn unassigned_text(&self) -> String {
        self.c.t.t_args("balance-unassigned", &[("count", self.unassigned.to_string())])
    }

    fn shown(&self, f: &Findings) -> String {
        self.c.t.t_args("balance-list-shown", &[("shown", f.items.len().to_string()), ("total", f.total.to_string())])
    }

    fn both_away_more(&self) -> String {
        self.c.t.t_args(
            "balance-both-away-more",
            &[("shown", self.both_away.len().to_string()), ("total", self.both_away_total.to_string())],
        )
    }

    fn period(&self, b: &BothAway) -> String {
        format!("{} – {}", b.from.format("%d.%m.%Y"), b.until.format("%d.%m.%Y"))
    }
}

fn coverage_view(cov: Coverage) -> (Vec<Column>, Vec<Row>, Vec<(String, String)>) {
    let columns: Vec<Column> = cov
        .segments
        .iter()
        .map(|s| Column { name: s.name.clone(), customers: s.customers, workload: s.workload, single: s.holders == 1 })
        .collect();
    let single = cov
        .segments
        .iter()
        .enumerate()
        .filter(|(_, s)| cov.single_holder_segments.contains(&s.segment_id))
        .map(|(i, s)| {
            let holder = cov.managers.iter().find(|m| m.counts.get(i).is_some_and(|&n| n > 0));
            (s.name.clone(), holder.map(|m| m.name.clone()).unwrap_or_default())
        })
        .collect();
    let rows = cov
        .managers
        .into_iter()
        .map(|m| {
            let cells: Vec<Cell> = m
                .counts
                .iter()
                .zip(&cov.segments)
                .map(|(&count, s)| Cell { count, lacking: m.lacking.contains(&s.segment_id), segment: s.name.clone() })
                .collect();
            let lacking = cells.iter().filter(|c| c.lacking).map(|c| c.segment.clone()).collect();
            Row {
                name: m.name,
                active: m.active,
                cells,
                total: m.total,
                workload: m.workload,
                deputy_for: m.deputy_for,
                lacking,
            }
        })
        .collect();
    (columns, rows, single)
}

async fn coverage_page(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let cursor = |key: &str| q.get(key).and_then(|v| v.trim().parse::<i64>().ok());
    let (nodeputy_at, unfamiliar_at) = (cursor("without_deputy_after"), cursor("unfamiliar_after"));
    let pages =
        FindingPages { without_deputy_after: nodeputy_at, unfamiliar_after: unfamiliar_at, limit: FINDINGS_PER_PAGE };
    let cov = balance::coverage(&state.db, &permit, &pages).await.or_page(lang)?;
    let (both_away, both_away_total) =
        balance::absence_warnings(&state.db, &permit, kumppani_app::centre_time::today()).await.or_page(lang)?;
    let notice = q.get("applied").and_then(|n| n.parse::<u64>().ok()).map(|n| {
        let cleared = q.get("cleared").and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
        lang.t_args("balance-applied", &[("count", n.to_string()), ("cleared", cleared.to_string())])
    });
    let (customers, workload, unassigned) = (cov.customers, cov.workload, cov.unassigned);
    let (nodeputy_key, unfamiliar_key) = ("without_deputy_after", "unfamiliar_after");
    let without_deputy = Findings {
        items: cov.without_deputy.clone(),
        total: cov.without_deputy_total,
        next_link: cov
            .without_deputy_next_cursor
            .map(|id| findings_link(nodeputy_key, Some(id), (unfamiliar_key, unfamiliar_at))),
        first_link: nodeputy_at.map(|_| findings_link(nodeputy_key, None, (unfamiliar_key, unfamiliar_at))),
        pager_label: pager_label(lang, "balance-without-deputy-title"),
    };
    let unfamiliar = Findings {
        items: cov.unfamiliar_deputies.clone(),
        total: cov.unfamiliar_deputies_total,
        next_link: cov
            .unfamiliar_deputies_next_cursor
            .map(|id| findings_link(unfamiliar_key, Some(id), (nodeputy_key, nodeputy_at))),
        first_link: unfamiliar_at.map(|_| findings_link(unfamiliar_key, None, (nodeputy_key, nodeputy_at))),
        pager_label: pager_label(lang, "balance-unfamiliar-title"),
    };
    let (columns, rows, single) = coverage_view(cov);
    let c = Chrome::new(lang, Some(&session), "/balance", "balance-title");
    let page = CoveragePage {
        c,
        notice,
        columns,
        rows,
        customers,
        workload,
        unassigned,
        single,
        without_deputy,
        unfamiliar,
        both_away,
        both_away_total,
    };
    render(&page, lang)
}

/// A rebalance request as the form and the proposal page carry it.
pub(super) struct Goals {
    pub request: Request,
    /// Single-valued fields as typed, for re-rendering the form.
    pub form: Form,
}

impl Goals {
    /// The request as query pairs (hidden fields and links).
    pub fn pairs(r: &Request) -> Vec<(String, String)> {
        let mut out = vec![("goals".to_owned(), "1".to_owned())];
        let flag = |out: &mut Vec<(String, String)>, name: &str, on: bool| {
            if on {
                out.push((name.to_owned(), "on".to_owned()));
            }
        };
        flag(&mut out, "every_segment", r.every_segment);
        flag(&mut out, "deputies", r.deputies);
        out.push(("by".to_owned(), if r.by_weight { "weight" } else { "count" }.to_owned()));
        out.push(("tolerance_percent".to_owned(), r.tolerance_percent.to_string()));
        for (name, ids) in [("pin", &r.pinned), ("leaving", &r.leaving), ("joining", &r.joining)] {
            out.extend(ids.iter().map(|id| (name.to_owned(), id.to_string())));
        }
        out
    }

    pub fn query(r: &Request) -> String {
        serde_urlencoded::to_string(Goals::pairs(r)).unwrap_or_default()
    }
}

/// Reads a request from query or form pairs. Pinned customers come as
/// `pin` ids and as free text (`pinned`: numbers or business IDs).
pub(super) async fn goals_of(
    state: &AppState,
    session: &Session,
    pairs: &[(String, String)],
) -> Result<(Goals, Invalid), AppError> {
    let all = |name: &'static str| pairs.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.trim());
    let one = |name: &'static str| all(name).next().unwrap_or("").to_owned();
    let ids = |name: &'static str| all(name).filter_map(|v| v.parse::<i64>().ok()).collect::<Vec<_>>();
    let on = |name: &'static str| matches!(one(name).as_str(), "on" | "true" | "1");
    let submitted = !one("goals").is_empty();
    let mut errors = Invalid::default();
    let tolerance_raw = if submitted { one("tolerance_percent") } else { DEFAULT_TOLERANCE.to_string() };
    let tolerance =
        errors.check("tolerance_percent", tolerance_raw.parse::<u32>().map_err(|_| "balance-error-tolerance"));
    let mut pinned = ids("pin");
    let text = one("pinned");
    for token in text.split(|c: char| c.is_whitespace() || c == ',' || c == ';').filter(|t| !t.is_empty()) {
        match resolve(state, session, token).await? {
            Some(id) if !pinned.contains(&id) => pinned.push(id),
            Some(_) => {}
            None => errors.push("pinned", "balance-error-unknown-customer"),
        }
    }
    let request = Request {
        every_segment: !submitted || on("every_segment"),
        tolerance_percent: tolerance.unwrap_or(DEFAULT_TOLERANCE),
        by_weight: one("by") == "weight",
        pinned,
        leaving: ids("leaving"),
        joining: ids("joining"),
        deputies: on("deputies"),
    };
    let form = Form::new(HashMap::from([
        ("tolerance_percent".to_owned(), tolerance_raw),
        ("pinned".to_owned(), text),
        ("every_segment".to_owned(), if request.every_segment { "on".to_owned() } else { String::new() }),
        ("deputies".to_owned(), if request.deputies { "on".to_owned() } else { String::new() }),
    ]));
    Ok((Goals { request, form }, errors))
}

/// A customer by number or business ID.
async fn resolve(state: &AppState, session: &Session, token: &str) -> Result<Option<i64>, AppError> {
    if let Ok(id) = token.parse::<i64>() {
        return Ok(Some(id));
    }
    let filter = Filter { q: Some(token.to_owned()), limit: Some(100), ..Filter::default() };
    let page = customers::list(&state.db, &session.permit(&state.db).await?, &filter).await?;
    Ok(page.items.into_iter().find(|c| c.business_id.as_deref() == Some(token)).map(|c| c.id))
}

#[derive(Template)]
#[template(path = "balance_form.html")]
pub(super) struct RebalanceForm {
    c: Chrome,
    form: Form,
    request: Request,
    managers: Vec<Person>,
    joiners: Vec<Person>,
}

impl RebalanceForm {
    fn leaving(&self, id: &i64) -> bool {
        self.request.leaving.contains(id)
    }

    fn joining(&self, id: &i64) -> bool {
        self.request.joining.contains(id)
    }

    fn holds(&self, p: &Person) -> String {
        self.c.t.t_args("customers-count", &[("count", p.holds.to_string())])
    }
}

/// The rebalance form, filled with `goals` and showing `errors`.
pub(super) async fn form_page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    goals: Goals,
    errors: Invalid,
) -> Result<RebalanceForm, PageError> {
    let people = balance::people(&state.db, &session.permit(&state.db).await.or_page(lang)?).await.or_page(lang)?;
    let current = balance::current_managers(&people);
    let joiners = balance::may_join(&people).into_iter().cloned().collect();
    let managers = people.into_iter().filter(|p| current.contains(&p.id)).collect();
    let mut form = goals.form;
    form.errors = errors.0;
    let c = Chrome::new(lang, Some(session), "/balance", "balance-rebalance-title");
    Ok(RebalanceForm { c, form, request: goals.request, managers, joiners })
}

async fn rebalance_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    RawQuery(query): RawQuery,
) -> Result<Html<String>, PageError> {
    // Only those who may ask for proposals get the form.
    session.permit::<kumppani_app::policy::cap::EditCustomers>(&state.db).await.or_page(lang)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let (goals, errors) = goals_of(&state, &session, &pairs).await.or_page(lang)?;
    render(&form_page(&state, &session, lang, goals, errors).await?, lang)
}
