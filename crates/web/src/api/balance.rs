//! `/api/v1/balance`: the coverage matrix, rebalance proposals and applying them.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kumppani_app::balance::{self, Applied, ApplyRequest, Outcome, Plan, Refusal, Request};
use kumppani_app::balance::{BothAway, Coverage, FindingPages};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Query};
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(coverage)).routes(routes!(proposal)).routes(routes!(apply))
}

/// The coverage matrix and the absence warnings.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CoverageReport {
    pub coverage: Coverage,
    /// Customers whose manager and deputy are both away on some day from
    /// today on: the first 200 by customer name.
    pub absence_warnings: Vec<BothAway>,
    /// Absence warnings in all.
    pub absence_warnings_total: i64,
}

/// Which page of each list of findings to return.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct CoverageQuery {
    /// The page of customers without a deputy after this customer.
    without_deputy_after: Option<i64>,
    /// The page of customers with an unfamiliar deputy after this customer.
    unfamiliar_after: Option<i64>,
    /// Findings per list, 1–500 (default 100).
    limit: Option<i64>,
}

/// Managers × segments with counts, and what the coverage policy finds
/// wanting. The lists of customers come a page at a time (`limit`, by
/// name); each says its total and the cursor of its next page.
#[utoipa::path(get, path = "/api/v1/balance/coverage", tag = "balance", params(CoverageQuery),
    responses((status = 200, body = CoverageReport), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 404, body = Problem)))]
async fn coverage(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(q): Query<CoverageQuery>,
) -> Result<axum::Json<CoverageReport>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let pages = FindingPages {
        without_deputy_after: q.without_deputy_after,
        unfamiliar_after: q.unfamiliar_after,
        limit: q.limit.unwrap_or(FindingPages::default().limit),
    };
    let coverage = balance::coverage(&state.db, &permit, &pages).await.or_problem(lang)?;
    let (absence_warnings, absence_warnings_total) =
        balance::absence_warnings(&state.db, &permit, kumppani_app::centre_time::today()).await.or_problem(lang)?;
    Ok(axum::Json(CoverageReport { coverage, absence_warnings, absence_warnings_total }))
}

/// A 422 for goals no assignment meets: which constraint fails, and the
/// nearest goals that can be met.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InfeasibleProblem {
    #[serde(flatten)]
    pub problem: Problem,
    #[serde(flatten)]
    pub refusal: Refusal,
}

impl IntoResponse for InfeasibleProblem {
    fn into_response(self) -> Response {
        let mut response = (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(&self)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        response
    }
}

/// The message arguments the optimizer's reasons use.
const ARGS: [&str; 11] =
    ["customer", "manager", "segment", "pinned", "max", "movable", "needed", "min", "total", "managers", "nodes"];

/// Why the goals cannot be met, in the caller's language.
pub fn reason_text(lang: Lang, r: &Refusal) -> String {
    let args: Vec<(&'static str, String)> =
        ARGS.iter().filter_map(|&k| r.args.get(k).map(|v| (k, v.clone()))).collect();
    lang.t_args(&r.code, &args)
}

/// The nearest feasible goals in words, or that only pins and managers help.
pub fn nearest_text(lang: Lang, r: &Refusal) -> String {
    match &r.nearest {
        Some(n) => {
            let every = lang.t(if n.every_segment { "yes" } else { "no" });
            lang.t_args("balance-nearest", &[("tolerance", n.tolerance_percent.to_string()), ("every", every)])
        }
        None => lang.t("balance-nearest-none"),
    }
}

/// Proposes the reassignment that meets the goals while moving the fewest
/// customers; says which method found it and whether it is proven optimal.
#[utoipa::path(post, path = "/api/v1/balance/proposal", tag = "balance", request_body = Request,
    responses((status = 200, body = Plan), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, body = InfeasibleProblem, description = "No assignment meets the goals, or the request is invalid")))]
async fn proposal(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Json(req): Json<Request>,
) -> Result<axum::Json<Plan>, Response> {
    let permit = session.permit(&state.db).await.or_problem(lang).map_err(IntoResponse::into_response)?;
    match balance::propose(&state.db, &permit, &req).await.or_problem(lang).map_err(IntoResponse::into_response)? {
        Outcome::Proposed(plan) => Ok(axum::Json(plan)),
        Outcome::Infeasible(refusal) => {
            let detail = format!("{} {}", reason_text(lang, &refusal), nearest_text(lang, &refusal));
            let problem = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "infeasible-goals", &detail);
            Err(InfeasibleProblem { problem, refusal }.into_response())
        }
    }
}

/// Applies moves and deputy changes in one transaction, one audit row per
/// changed customer. Only the unit head and administrators may. If any
/// customer's version moved since the proposal, nothing is applied (412).
#[utoipa::path(post, path = "/api/v1/balance/apply", tag = "balance", request_body = ApplyRequest,
    responses((status = 200, body = Applied), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)))]
async fn apply(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Json(req): Json<ApplyRequest>,
) -> Result<axum::Json<Applied>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    balance::apply(&state.db, &permit, &req).await.map(axum::Json).or_problem(lang)
}
