//! `/api/v1/projects/{id}/board`, its meetings and decision log, and
//! `/api/v1/me/projects` (the boards the caller sits on). External board
//! members read their own boards here and nothing else.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use kumppani_app::board_log::{self, Summary};
use kumppani_app::board_log::{Decision, Meeting};
use kumppani_app::boards::{self, BoardView};
use kumppani_app::{AppError, Db};
use kumppani_domain::board::meeting::{DecisionDraft, MeetingDraft};
use kumppani_domain::board::{self, BoardDraft};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{Json, Path};
use super::{Tagged, if_match};
use crate::problem::{OrProblem, Problem};
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_board, save_board))
        .routes(routes!(record_step))
        .routes(routes!(list_meetings, add_meeting))
        .routes(routes!(list_decisions, add_decision))
        .routes(routes!(project_summary))
        .routes(routes!(my_projects))
}

/// A board refusal with the counts its messages name ("8 members").
pub fn rules_problem(e: AppError, lang: Lang, draft: &BoardDraft) -> Problem {
    let mut p = Problem::from_app(e, lang);
    for f in &mut p.errors {
        if let Some(n) = board::count_for(&f.code, draft) {
            f.detail = lang.t_args(&f.code, &[("count", n.to_string())]);
        }
    }
    p
}

async fn view(db: &Db, session: &Session, id: i64) -> Result<BoardView, AppError> {
    boards::view(db, &session.permit(db).await?, id).await
}

/// The project's board: members, meeting interval and ways of working; for
/// staff also the rules it breaks, the guidance workflow and the
/// partnership manager's suggested place. `ETag` is the board's version
/// (0 before its first save).
#[utoipa::path(get, path = "/api/v1/projects/{id}/board", tag = "boards", params(("id" = i64, Path)),
    responses((status = 200, body = BoardView, headers(("ETag" = String))), (status = 404, body = Problem)))]
async fn get_board(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Tagged<BoardView>, Problem> {
    let b = view(&state.db, &session, id).await.or_problem(lang)?;
    Ok(Tagged::ok(b.board.version, b))
}

/// Replaces the board (members and how it works). Requires `If-Match`.
/// Blocking rules (eight members, two Executives, the project manager as a
/// member…) answer 422 naming the rule; missing roles are saved and shown
/// in `rules`.
#[utoipa::path(put, path = "/api/v1/projects/{id}/board", tag = "boards", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "The ETag the change is based on")),
    request_body = BoardDraft,
    responses((status = 200, body = BoardView, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn save_board(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(draft): Json<BoardDraft>,
) -> Result<Tagged<BoardView>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    boards::save(&state.db, &permit, id, version, &draft).await.map_err(|e| rules_problem(e, lang, &draft))?;
    let b = view(&state.db, &session, id).await.or_problem(lang)?;
    Ok(Tagged::ok(b.board.version, b))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct StepBody {
    /// `sent_to_customer`, `sent_to_members` or `reviewed_at_first_meeting`
    step: String,
}

/// Records the next step of the guidance delivery as done now, by the
/// caller. Steps go in order; the members' copy needs a complete board and
/// the review a recorded meeting. Requires `If-Match` (the board's ETag).
#[utoipa::path(put, path = "/api/v1/projects/{id}/board/guidance", tag = "boards", params(("id" = i64, Path),
        ("If-Match" = String, Header, description = "The board's ETag")),
    request_body = StepBody,
    responses((status = 200, body = BoardView, headers(("ETag" = String))), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem),
        (status = 428, body = Problem)))]
async fn record_step(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Json(body): Json<StepBody>,
) -> Result<Tagged<BoardView>, Problem> {
    let version = if_match(&headers, lang)?;
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    boards::record_step(&state.db, &permit, id, version, &body.step).await.or_problem(lang)?;
    let b = view(&state.db, &session, id).await.or_problem(lang)?;
    Ok(Tagged::ok(b.board.version, b))
}

/// The board's meetings, the latest first.
#[utoipa::path(get, path = "/api/v1/projects/{id}/meetings", tag = "boards", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Meeting>), (status = 404, body = Problem)))]
async fn list_meetings(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<Meeting>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    board_log::meetings(&state.db, &permit, id).await.map(axum::Json).or_problem(lang)
}

/// Records a board meeting; attendees are ids of the board's members.
#[utoipa::path(post, path = "/api/v1/projects/{id}/meetings", tag = "boards", params(("id" = i64, Path)),
    request_body = MeetingDraft,
    responses((status = 201, body = Meeting), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
async fn add_meeting(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Json(draft): Json<MeetingDraft>,
) -> Result<(StatusCode, axum::Json<Meeting>), Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let m = board_log::add_meeting(&state.db, &permit, id, &draft).await.or_problem(lang)?;
    Ok((StatusCode::CREATED, axum::Json(m)))
}

/// The decision log, the latest meeting first.
#[utoipa::path(get, path = "/api/v1/projects/{id}/decisions", tag = "boards", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Decision>), (status = 404, body = Problem)))]
async fn list_decisions(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Vec<Decision>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    board_log::decisions(&state.db, &permit, id).await.map(axum::Json).or_problem(lang)
}

/// Adds a decision to the log (never replaces one).
#[utoipa::path(post, path = "/api/v1/projects/{id}/decisions", tag = "boards", params(("id" = i64, Path)),
    request_body = DecisionDraft,
    responses((status = 201, body = Decision), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
async fn add_decision(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Json(draft): Json<DecisionDraft>,
) -> Result<(StatusCode, axum::Json<Decision>), Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    let d = board_log::add_decision(&state.db, &permit, id, &draft).await.or_problem(lang)?;
    Ok((StatusCode::CREATED, axum::Json(d)))
}

/// What a board member sees of the project: name, stage, latest status.
#[utoipa::path(get, path = "/api/v1/projects/{id}/summary", tag = "boards", params(("id" = i64, Path)),
    responses((status = 200, body = Summary), (status = 404, body = Problem)))]
async fn project_summary(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<axum::Json<Summary>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    board_log::summary(&state.db, &permit, id).await.map(axum::Json).or_problem(lang)
}

/// The projects whose board the caller sits on.
#[utoipa::path(get, path = "/api/v1/me/projects", tag = "boards",
    responses((status = 200, body = Vec<Summary>), (status = 401, body = Problem)))]
async fn my_projects(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
) -> Result<axum::Json<Vec<Summary>>, Problem> {
    let permit = session.permit(&state.db).await.or_problem(lang)?;
    board_log::my_projects(&state.db, &permit).await.map(axum::Json).or_problem(lang)
}
