//! The process templates: each drawn as a swimlane diagram with its steps
//! listed as text beside it, and the step form (unit head and administrators).

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kumppani_app::policy::cap;
use kumppani_app::processes::{self, TemplateStep};
use kumppani_domain::process::{DiagramLabels, Lane, Outcome, StepDraft, swimlane_svg};

use super::form::{Form, submit};
use super::{Chrome, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new()
        .route("/processes", get(list))
        .route("/processes/{id}", get(show))
        .route("/process-steps/{id}", post(update_step))
        .route("/process-steps/{id}/edit", get(edit_step))
}

/// The diagram of `steps` in `lang`, with `current` (0-based) highlighted.
pub(crate) fn diagram(lang: Lang, name: &str, steps: &[TemplateStep], current: Option<usize>) -> String {
    let lanes = Lane::ALL.map(|l| lang.t(&format!("lane-{}", l.as_str())));
    let labels = DiagramLabels {
        lanes: [&lanes[0], &lanes[1], &lanes[2], &lanes[3], &lanes[4]],
        title: &lang.t_args("process-diagram-title", &[("name", name.to_owned())]),
    };
    let rules: Vec<_> = steps.iter().map(|s| s.step(lang.code())).collect();
    swimlane_svg(&rules, &labels, current)
}

/// Labels of a step, shared with the contact's page.
pub(crate) fn lane_label(lang: Lang, s: &TemplateStep) -> String {
    lang.t(&format!("lane-{}", s.lane.as_str()))
}

pub(crate) fn outcomes_label(lang: Lang, s: &TemplateStep) -> String {
    s.outcome_list().iter().map(|o| lang.t(&format!("outcome-{}", o.as_str()))).collect::<Vec<_>>().join(", ")
}

#[derive(Template)]
#[template(path = "processes.html")]
struct ListPage {
    c: Chrome,
    templates: Vec<(i64, String)>,
}

async fn list(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Html<String>, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let templates = processes::templates(&state.db, &permit).await.or_page(lang)?;
    let templates = templates.iter().map(|t| (t.id, t.name(lang.code()).to_owned())).collect();
    render(&ListPage { c: Chrome::new(lang, Some(&session), "/processes", "processes-title"), templates }, lang)
}

#[derive(Template)]
#[template(path = "process.html")]
struct ShowPage {
    c: Chrome,
    name: String,
    svg: String,
    steps: Vec<TemplateStep>,
}

impl ShowPage {
    fn lane(&self, s: &TemplateStep) -> String {
        lane_label(self.c.t, s)
    }
    fn outcomes(&self, s: &TemplateStep) -> String {
        outcomes_label(self.c.t, s)
    }
    fn days(&self, s: &TemplateStep) -> String {
        self.c.t.t_args("process-days", &[("days", s.days.to_string())])
    }
    fn title(&self, s: &TemplateStep) -> String {
        s.title(self.c.t.code()).to_owned()
    }
    fn tell(&self, s: &TemplateStep) -> String {
        s.tell(self.c.t.code()).to_owned()
    }
}

async fn show(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let (t, steps) = processes::template(&state.db, &permit, id).await.or_page(lang)?;
    let name = t.name(lang.code()).to_owned();
    let svg = diagram(lang, &name, &steps, None);
    let mut c = Chrome::new(lang, Some(&session), "/processes", "processes-title");
    c.title = name.clone();
    render(&ShowPage { c, name, svg, steps }, lang)
}

#[derive(Template)]
#[template(path = "process_step_form.html")]
struct StepPage {
    c: Chrome,
    form: Form,
    step: TemplateStep,
    lanes: Vec<(String, String)>,
    outcomes: Vec<(String, String)>,
}

fn draft_of(form: &Form) -> StepDraft {
    StepDraft {
        lane: form.v("lane").to_owned(),
        days: form.v("days").trim().parse().ok(),
        title_fi: form.v("title_fi").to_owned(),
        title_sv: form.v("title_sv").to_owned(),
        title_en: form.v("title_en").to_owned(),
        tell_fi: form.opt("tell_fi"),
        tell_sv: form.opt("tell_sv"),
        tell_en: form.opt("tell_en"),
        outcomes: Outcome::ALL
            .iter()
            .filter(|o| form.checked(&format!("outcome_{}", o.as_str())))
            .map(|o| o.as_str().to_owned())
            .collect(),
    }
}

fn form_of(s: &TemplateStep) -> Form {
    let mut pairs: Vec<(String, Option<String>)> = vec![
        ("lane".into(), Some(s.lane.as_str().to_owned())),
        ("days".into(), Some(s.days.to_string())),
        ("title_fi".into(), Some(s.title_fi.clone())),
        ("title_sv".into(), Some(s.title_sv.clone())),
        ("title_en".into(), Some(s.title_en.clone())),
        ("tell_fi".into(), Some(s.tell_fi.clone())),
        ("tell_sv".into(), Some(s.tell_sv.clone())),
        ("tell_en".into(), Some(s.tell_en.clone())),
    ];
    pairs.extend(s.outcome_list().iter().map(|o| (format!("outcome_{}", o.as_str()), Some("on".to_owned()))));
    let pairs: Vec<(&str, Option<String>)> = pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    Form::from_pairs(&pairs, s.version)
}

fn step_page(session: &Session, lang: Lang, form: Form, step: TemplateStep) -> StepPage {
    StepPage {
        c: Chrome::new(lang, Some(session), "/processes", "process-step-edit-title"),
        form,
        step,
        lanes: Lane::ALL.iter().map(|l| (l.as_str().to_owned(), lang.t(&format!("lane-{}", l.as_str())))).collect(),
        outcomes: Outcome::ALL
            .iter()
            .map(|o| (format!("outcome_{}", o.as_str()), lang.t(&format!("outcome-{}", o.as_str()))))
            .collect(),
    }
}

async fn edit_step(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let s = processes::step(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    session.permit::<cap::EditRouting>(&state.db).await.or_page(lang)?;
    let form = form_of(&s);
    render(&step_page(&session, lang, form, s), lang)
}

async fn update_step(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = processes::update_step(&state.db, &permit, id, form.version, &draft_of(&form)).await;
    submit(
        lang,
        form,
        result,
        |s| Redirect::to(&format!("/processes/{}", s.template_id)).into_response(),
        async |form| {
            let s =
                processes::step(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
            Ok(step_page(&session, lang, form, s))
        },
    )
    .await
}
