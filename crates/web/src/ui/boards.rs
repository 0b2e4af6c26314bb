//! Board pages: a project's board with its members, rules, guidance
//! workflow and meetings; the forms that change it. Every change goes
//! through `boards::save` with the board's version, so one member's change
//! cannot overwrite another's. The decision log, the guidance document and
//! "my projects" are in `log`.

mod guidance;
mod log;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kumppani_app::board_log::Meeting;
use kumppani_app::board_log::{self, Summary};
use kumppani_app::boards::Member;
use kumppani_app::boards::{self, BoardView, StepState};
use kumppani_app::{AppError, projects};
use kumppani_domain::FieldError;
use kumppani_domain::board::meeting::MeetingDraft;
use kumppani_domain::board::{self as rules, BoardDraft, BoardRole, MemberDraft, Side};
use std::collections::HashMap;

use super::form::{Form, submit};
use super::{Chrome, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

/// (value, label) pairs for a select.
pub type Options = Vec<(String, String)>;

pub fn router() -> Routes {
    Routes::new()
        .route("/projects/{id}/board", get(show))
        .route("/projects/{id}/board/members", post(add_member))
        .route("/projects/{id}/board/members/change", post(change_member))
        .route("/projects/{id}/board/members/remove", post(remove_member))
        .route("/projects/{id}/board/settings", post(settings))
        .route("/projects/{id}/board/guidance", post(record_step))
        .route("/projects/{id}/meetings", post(add_meeting))
        .merge(log::router())
}

pub fn role_options(l: &Labels) -> Options {
    BoardRole::ALL.iter().map(|r| (r.as_str().to_owned(), l.role(r))).collect()
}

pub fn side_options(t: Lang) -> Options {
    Side::ALL.iter().map(|s| (s.as_str().to_owned(), t.t(&format!("board-side-{}", s.as_str())))).collect()
}

/// Labels the board templates share. Role names are the organisation's
/// agreed terms from the PRINCE2 glossary, which the unit head edits.
pub struct Labels {
    pub t: Lang,
    pub roles: HashMap<String, String>,
}

impl Labels {
    pub async fn load(db: &kumppani_app::Db, t: Lang) -> Result<Labels, PageError> {
        let roles = kumppani_app::glossary::role_labels(db, t.code()).await.or_page(t)?;
        Ok(Labels { t, roles })
    }

    pub fn role(&self, r: &BoardRole) -> String {
        self.role_str(r.as_str())
    }

    pub fn role_str(&self, r: &str) -> String {
        self.roles.get(r).cloned().unwrap_or_else(|| self.t.t(&format!("board-role-{r}")))
    }

    pub fn side(&self, s: &Side) -> String {
        self.t.t(&format!("board-side-{}", s.as_str()))
    }

    pub fn rule(&self, code: &str, count: &Option<usize>) -> String {
        match count {
            Some(n) => self.t.t_args(code, &[("count", n.to_string())]),
            None => self.t.t(code),
        }
    }

    pub fn step(&self, s: &StepState) -> String {
        self.t.t(&format!("guidance-step-{}", s.step))
    }

    pub fn place(&self, v: &BoardView) -> String {
        let place = v.partner_place.as_deref().unwrap_or("not_needed");
        let who = v.partnership_manager.clone().unwrap_or_else(|| self.t.t("board-partner-nobody"));
        self.t.t_args(&format!("board-place-{place}"), &[("name", who)])
    }

    pub fn stage(&self, s: &Summary) -> String {
        match s.stage_number {
            Some(n) if s.stage == "delivery" => self.t.t_args("stage-delivery-n", &[("number", n.to_string())]),
            _ => self.t.t(&format!("stage-{}", s.stage)),
        }
    }
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    c: Chrome,
    l: Labels,
    view: BoardView,
    summary: Summary,
    meetings: Vec<Meeting>,
    can_edit: bool,
    /// What was typed into the form that failed, and its errors.
    form: Form,
    /// The draft behind a refused board change: the counts its errors name.
    draft: Option<BoardDraft>,
    candidates: Options,
    roles: Options,
    sides: Options,
    notice: Option<String>,
}

impl BoardPage {
    fn error_text(&self, e: &FieldError) -> String {
        match self.draft.as_ref().and_then(|d| rules::count_for(e.code, d)) {
            Some(n) => self.c.t.t_args(e.code, &[("count", n.to_string())]),
            None => self.c.t.t(e.code),
        }
    }

    fn version(&self) -> i64 {
        if self.form.conflict { self.form.version } else { self.view.board.version }
    }

    fn is_role(&self, m: &Member, value: &str) -> bool {
        m.role.as_str() == value
    }

    fn is_side(&self, m: &Member, value: &str) -> bool {
        m.side.as_str() == value
    }
}

async fn page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
    form: Form,
    draft: Option<BoardDraft>,
) -> Result<BoardPage, PageError> {
    let db = &state.db;
    let permit = session.permit(db).await.or_page(lang)?;
    let view = boards::view(db, &permit, id).await.or_page(lang)?;
    let summary = board_log::summary(db, &permit, id).await.or_page(lang)?;
    let meetings = board_log::meetings(db, &permit, id).await.or_page(lang)?;
    let can_edit = projects::may_edit(&state.db, &session.actor, id).await.or_page(lang)?;
    let candidates = if can_edit {
        boards::candidates(db, &session.permit(db).await.or_page(lang)?, id).await.or_page(lang)?
    } else {
        Vec::new()
    };
    let mut c = Chrome::new(lang, Some(session), "/projects", "board-title");
    c.title = format!("{} · {}", lang.t("board-title"), view.project_name);
    let l = Labels::load(db, lang).await?;
    let roles = role_options(&l);
    Ok(BoardPage {
        c,
        l,
        view,
        summary,
        meetings,
        can_edit,
        form,
        draft,
        candidates,
        roles,
        sides: side_options(lang),
        notice: None,
    })
}

#[derive(serde::Deserialize)]
struct Notice {
    notice: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<Notice>,
) -> Result<Html<String>, PageError> {
    let mut p = page(&state, &session, lang, id, Form::default(), None).await?;
    p.notice = q
        .notice
        .filter(|n| matches!(n.as_str(), "saved" | "step" | "meeting"))
        .map(|n| lang.t(&format!("board-notice-{n}")));
    render(&p, lang)
}

/// Error fields of a whole-board refusal as the page's forms name them
/// (`members[3].role` is the `role` field of the form that added member 3).
fn page_fields(e: AppError) -> AppError {
    match e {
        AppError::Invalid(mut invalid) => {
            for f in &mut invalid.0 {
                if let Some((_, field)) = f.field.split_once("].") {
                    f.field = field.to_owned();
                }
            }
            AppError::Invalid(invalid)
        }
        other => other,
    }
}

/// Saves `draft` over the board at the form's version: back to the board
/// on success, else the page again with what was typed and why not.
async fn save(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
    form: Form,
    draft: BoardDraft,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = boards::save(&state.db, &permit, id, form.version, &draft).await.map_err(page_fields);
    let done = |_| Redirect::to(&format!("/projects/{id}/board?notice=saved")).into_response();
    submit(lang, form, result, done, async |form| page(state, session, lang, id, form, Some(draft)).await).await
}

/// The board as saved now, to change one part of it.
async fn current(state: &AppState, session: &Session, lang: Lang, id: i64) -> Result<BoardDraft, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    Ok(boards::draft_of(&boards::view(&state.db, &permit, id).await.or_page(lang)?.board))
}

/// `u:12` names a user, `c:34` a contact.
fn person(raw: &str) -> (Option<i64>, Option<i64>) {
    match raw.split_once(':') {
        Some(("u", id)) => (id.parse().ok(), None),
        Some(("c", id)) => (None, id.parse().ok()),
        _ => (None, None),
    }
}

async fn add_member(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let mut draft = current(&state, &session, lang, id).await?;
    let (user_id, contact_id) = person(form.v("person"));
    draft.members.push(MemberDraft {
        user_id,
        contact_id,
        role: form.v("role").to_owned(),
        side: form.v("side").to_owned(),
    });
    save(&state, &session, lang, id, form, draft).await
}

/// The index of the member a row form names, among the saved members.
async fn member_index(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
    form: &Form,
) -> Result<(BoardDraft, Option<usize>), PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let board = boards::view(&state.db, &permit, id).await.or_page(lang)?.board;
    let at = form.id("member_id").and_then(|m| board.members.iter().position(|x| x.id == m));
    Ok((boards::draft_of(&board), at))
}

async fn change_member(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let (mut draft, at) = member_index(&state, &session, lang, id, &form).await?;
    match at.and_then(|i| draft.members.get_mut(i)) {
        Some(m) => {
            m.role = form.v("role").to_owned();
            m.side = form.v("side").to_owned();
        }
        None => return gone(&state, &session, lang, id, form).await,
    }
    save(&state, &session, lang, id, form, draft).await
}

async fn remove_member(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let (mut draft, at) = member_index(&state, &session, lang, id, &form).await?;
    match at {
        Some(i) => draft.members.remove(i),
        None => return gone(&state, &session, lang, id, form).await,
    };
    save(&state, &session, lang, id, form, draft).await
}

/// A row form naming a member no longer on the board: someone else
/// removed them, so the page comes back as after any conflict.
async fn gone(state: &AppState, session: &Session, lang: Lang, id: i64, form: Form) -> Result<Response, PageError> {
    let permit = session.permit::<kumppani_app::policy::cap::EditProjects>(&state.db).await.or_page(lang)?;
    if !projects::editable(&state.db, &permit, id).await.or_page(lang)? {
        return Err(PageError::from_app(AppError::Forbidden, lang));
    }
    let current = boards::view(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    let conflict = AppError::Conflict { current: current.board.version };
    form.again(lang, conflict, async |form| page(state, session, lang, id, form, None).await).await
}

async fn settings(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let mut draft = current(&state, &session, lang, id).await?;
    draft.meeting_interval = form.opt("meeting_interval");
    draft.ways_of_working = form.opt("ways_of_working");
    draft.affects_customer_base = form.checked("affects_customer_base");
    save(&state, &session, lang, id, form, draft).await
}

async fn record_step(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = boards::record_step(&state.db, &permit, id, form.version, form.v("step")).await;
    let done = |_| Redirect::to(&format!("/projects/{id}/board?notice=step#guidance")).into_response();
    submit(lang, form, result, done, async |form| page(&state, &session, lang, id, form, None).await).await
}

async fn add_meeting(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    // Attendees are checkboxes named `attendee_<member id>`.
    let attendee_ids = form.keys().filter_map(|k| k.strip_prefix("attendee_").and_then(|id| id.parse().ok())).collect();
    let draft =
        MeetingDraft { held_on: form.v("held_on").to_owned(), agenda: form.v("agenda").to_owned(), attendee_ids };
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = board_log::add_meeting(&state.db, &permit, id, &draft).await;
    let done = |_| Redirect::to(&format!("/projects/{id}/board?notice=meeting#meetings")).into_response();
    submit(lang, form, result, done, async |form| page(&state, &session, lang, id, form, None).await).await
}
