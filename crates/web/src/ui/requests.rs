//! Customer contacts: the list (open ones by channel and holder), the
//! recording form, and a contact's page with its routing decision,
//! timeline and the controls to move it on.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use kumppani_app::centre_time::ZONE;
use kumppani_app::policy::{cap, offered};
use kumppani_app::processes::{RunView, TemplateStep};
use kumppani_app::requests::{CustomerRequest, Delivery, Filter, RequestEvent};
use kumppani_app::{AppError, Page, catalog, contacts, processes, projects, requests, users};
use kumppani_domain::process::StepAction;
use kumppani_domain::request::{Channel, ReceivedVia, RequestDraft, RequestKind, RequestStatus};

use super::form::{Form, after_action, submit, url_encode};
use super::{Chrome, OrAbsent, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

mod follow_up;

pub fn router() -> Routes {
    Routes::new()
        .merge(follow_up::router())
        .route("/requests", get(list).post(create))
        .route("/requests/new", get(new_form))
        .route("/requests/{id}", get(show))
        .route("/requests/{id}/route", post(reroute))
        .route("/requests/{id}/status", post(set_status))
        .route("/requests/{id}/notes", post(set_notes))
        .route("/requests/{id}/process", post(start_process))
        .route("/requests/{id}/process/step", post(advance_process))
}

type Options = Vec<(String, String)>;

fn choice_options<T: Copy>(all: &[T], key: impl Fn(T) -> &'static str, prefix: &str, t: Lang) -> Options {
    all.iter().map(|v| (key(*v).to_owned(), t.t(&format!("{prefix}-{}", key(*v))))).collect()
}

fn channels(t: Lang) -> Options {
    choice_options(&Channel::ALL, Channel::as_str, "channel", t)
}

fn statuses(t: Lang) -> Options {
    choice_options(&RequestStatus::ALL, RequestStatus::as_str, "request-status", t)
}

/// A time in the centre's zone, as people there read it.
pub(crate) fn local(at: &DateTime<Utc>) -> String {
    at.with_timezone(&ZONE).format("%-d.%-m.%Y %H:%M").to_string()
}

/// Labels the contact templates share.
pub(crate) struct Labels(Lang);

impl Labels {
    pub fn kind(&self, k: &RequestKind) -> String {
        self.0.t(&format!("request-kind-{}", k.as_str()))
    }
    pub fn channel(&self, c: &Channel) -> String {
        self.0.t(&format!("channel-{}", c.as_str()))
    }
    pub fn status(&self, s: &RequestStatus) -> String {
        self.0.t(&format!("request-status-{}", s.as_str()))
    }
    pub fn via(&self, v: &ReceivedVia) -> String {
        self.0.t(&format!("received-via-{}", v.as_str()))
    }
    pub fn local(&self, at: &DateTime<Utc>) -> String {
        local(at)
    }
}

#[derive(Template)]
#[template(path = "requests.html")]
struct ListPage {
    c: Chrome,
    l: Labels,
    page: Page<CustomerRequest>,
    form: Form,
    channels: Options,
    statuses: Options,
    kinds: Options,
    next_link: Option<String>,
    may_record: bool,
}

impl ListPage {
    fn count_label(&self) -> String {
        self.c.t.t_args("requests-count", &[("count", self.page.total.to_string())])
    }
}

fn filter_of(form: &Form, me: i64) -> Filter {
    Filter {
        channel: form.opt("channel"),
        // Unless asked otherwise, the list is what still waits for an answer.
        status: Some(form.opt("status").unwrap_or_else(|| "active".to_owned())).filter(|s| s != "all"),
        holder_id: if form.checked("mine") { Some(me) } else { None },
        customer_id: form.id("customer_id"),
        kind: form.opt("kind"),
        after: form.id("after"),
        limit: None,
    }
}

async fn list(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let form = Form::new(q);
    let page = requests::list(&state.db, &permit, &filter_of(&form, session.user.id)).await.or_page(lang)?;
    let next_link = page.next_cursor.map(|after| {
        let keep: Vec<String> = ["channel", "status", "kind", "customer_id", "mine"]
            .iter()
            .filter(|k| !form.v(k).is_empty())
            .map(|k| format!("{k}={}", url_encode(form.v(k))))
            .collect();
        format!("/requests?{}&after={after}", keep.join("&"))
    });
    let mut statuses = statuses(lang);
    statuses.insert(0, ("all".to_owned(), lang.t("requests-all-statuses")));
    let page = ListPage {
        c: Chrome::new(lang, Some(&session), "/requests", "requests-title"),
        l: Labels(lang),
        page,
        channels: channels(lang),
        statuses,
        kinds: choice_options(&RequestKind::ALL, RequestKind::as_str, "request-kind", lang),
        next_link,
        may_record: offered::<cap::RecordRequests>(&session.actor).is_some(),
        form,
    };
    render(&page, lang)
}

#[derive(Template)]
#[template(path = "request_form.html")]
struct FormPage {
    c: Chrome,
    form: Form,
    /// The customer chosen (from its page, or picked first).
    customer_name: Option<String>,
    customers: Options,
    contacts: Options,
    services: Options,
    kinds: Options,
    vias: Options,
}

async fn form_page(state: &AppState, session: &Session, lang: Lang, form: Form) -> Result<FormPage, PageError> {
    let db = &state.db;
    let customers = projects::customer_choices(db, &session.permit(db).await.or_page(lang)?).await.or_page(lang)?;
    let contacts = match form.id("customer_id") {
        Some(customer) => contacts::for_customer(db, &session.permit(db).await.or_page(lang)?, customer)
            .await
            .or_absent()
            .or_page(lang)?
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.id.to_string(), c.name))
            .collect(),
        None => Vec::new(),
    };
    let services =
        catalog::names(db, &session.permit(db).await.or_page(lang)?, catalog::Kind::Service).await.or_page(lang)?;
    let chosen = form.id("customer_id");
    let customer_name = customers.iter().find(|(id, _)| Some(*id) == chosen).map(|(_, n)| n.clone());
    Ok(FormPage {
        c: Chrome::new(lang, Some(session), "/requests", "request-new-title"),
        customer_name,
        customers: customers.into_iter().map(|(id, n)| (id.to_string(), n)).collect(),
        contacts,
        services: services.into_iter().map(|(id, n)| (id.to_string(), n)).collect(),
        kinds: choice_options(&RequestKind::ALL, RequestKind::as_str, "request-kind", lang),
        vias: choice_options(&ReceivedVia::ALL, ReceivedVia::as_str, "received-via", lang),
        form,
    })
}

/// `?customer_id=` (from a customer's page) fills the customer and offers
/// that customer's contact people.
async fn new_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    session.permit::<cap::RecordRequests>(&state.db).await.or_page(lang)?;
    let mut form = Form::new(q);
    if form.v("received_via").is_empty() {
        form = Form::from_pairs(
            &[("customer_id", form.opt("customer_id")), ("received_via", Some("phone".to_owned()))],
            0,
        );
    }
    render(&form_page(&state, &session, lang, form).await?, lang)
}

fn draft_of(form: &Form) -> RequestDraft {
    RequestDraft {
        customer_id: form.id("customer_id"),
        contact_id: form.id("contact_id"),
        service_id: form.id("service_id"),
        kind: form.v("kind").to_owned(),
        received_via: form.v("received_via").to_owned(),
        received_at: form.opt("received_at"),
        subject: form.v("subject").to_owned(),
        body: form.opt("body"),
        sender: form.opt("sender"),
    }
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = requests::record(&state.db, &permit, &draft_of(&form)).await;
    submit(
        lang,
        form,
        result,
        |r| Redirect::to(&format!("/requests/{}", r.id)).into_response(),
        async |form| form_page(&state, &session, lang, form).await,
    )
    .await
}

#[derive(Template)]
#[template(path = "request.html")]
struct ShowPage {
    c: Chrome,
    l: Labels,
    r: CustomerRequest,
    events: Vec<RequestEvent>,
    deliveries: Vec<Delivery>,
    may_work: bool,
    channels: Options,
    statuses: Options,
    form: Form,
    conflict: bool,
    run: Option<RunView>,
    /// The run's diagram with its current step highlighted.
    run_svg: String,
    templates: Options,
    people: Options,
}

impl ShowPage {
    fn step_title(&self, s: &TemplateStep) -> String {
        s.title(self.c.t.code()).to_owned()
    }

    fn step_tell(&self, s: &TemplateStep) -> String {
        s.tell(self.c.t.code()).to_owned()
    }

    fn step_lane(&self, s: &TemplateStep) -> String {
        super::processes::lane_label(self.c.t, s)
    }

    fn run_name(&self, r: &RunView) -> String {
        r.template.name(self.c.t.code()).to_owned()
    }

    fn run_status(&self, r: &RunView) -> String {
        self.c.t.t(&format!("process-status-{}", r.run.status))
    }

    fn due_label(&self, d: &chrono::NaiveDate) -> String {
        d.format("%-d.%-m.%Y").to_string()
    }

    fn outcome_options(&self, s: &TemplateStep) -> Options {
        s.outcome_list()
            .iter()
            .map(|o| (o.as_str().to_owned(), self.c.t.t(&format!("outcome-{}", o.as_str()))))
            .collect()
    }

    fn event_label(&self, e: &RequestEvent) -> String {
        let t = self.c.t;
        let detail = match e.event.as_str() {
            "received" => t.t(&format!("received-via-{}", e.detail)),
            "routed" | "rerouted" => t.t(&format!("channel-{}", e.detail)),
            "status" => t.t(&format!("request-status-{}", e.detail)),
            // The run's own names: the events keep the stable keys.
            "process" => self.run.as_ref().map_or_else(|| e.detail.clone(), |v| self.run_name(v)),
            "step" => match e.detail.split_once(':') {
                Some((key, outcome)) => {
                    let steps = self.run.as_ref().map(|v| v.steps.as_slice()).unwrap_or_default();
                    let step = steps.iter().find(|s| s.step_key == key).map_or(key.to_owned(), |s| self.step_title(s));
                    format!("{step} → {}", t.t(&format!("outcome-{outcome}")))
                }
                None => e.detail.clone(),
            },
            _ => e.detail.clone(),
        };
        t.t_args(&format!("request-event-{}", e.event), &[("detail", detail)])
    }

    fn reroute_label(&self, channel: &str) -> String {
        self.c.t.t_args("request-reroute", &[("channel", channel.to_owned())])
    }

    /// Why the contact is where it is, in words.
    fn routing_reason(&self) -> String {
        let t = self.c.t;
        match (&self.r.rule_name, &self.r.routed_by_name) {
            (_, Some(person)) => t.t_args("request-routed-by-person", &[("name", person.clone())]),
            (Some(rule), None) => t.t_args("request-routed-by-rule", &[("name", rule.clone())]),
            (None, None) => {
                t.t_args("request-routed-by-kind", &[("kind", t.t(&format!("request-kind-{}", self.r.kind.as_str())))])
            }
        }
    }
}

async fn show_page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
    form: Option<Form>,
) -> Result<ShowPage, PageError> {
    let db = &state.db;
    let permit = session.permit(db).await.or_page(lang)?;
    let r = requests::get(db, &permit, id).await.or_page(lang)?;
    let events = requests::timeline(db, &permit, id).await.or_page(lang)?;
    let deliveries = requests::deliveries(db, &permit, id).await.or_page(lang)?;
    let may_work = match offered::<cap::EditRequests>(&session.actor) {
        Some(p) => requests::may_work(db, &p, &r).await.or_page(lang)?,
        None => false,
    };
    let saved = [
        ("internal_notes", r.internal_notes.clone()),
        ("desk_reference", r.desk_reference.clone()),
        ("status", r.status.as_str().to_owned()),
    ];
    let (form, conflict) = match form {
        Some(f) => (f.or_values(&saved), false),
        None => (Form::default().or_values(&saved), false),
    };
    let run = processes::run_of(db, &permit, id).await.or_page(lang)?;
    let run_svg = run.as_ref().map_or_else(String::new, |v| {
        let current = (v.run.status == "running").then(|| v.run.position as usize - 1);
        super::processes::diagram(lang, v.template.name(lang.code()), &v.steps, current)
    });
    let templates = match (&run, may_work) {
        (None, true) => processes::templates(db, &permit)
            .await
            .or_page(lang)?
            .iter()
            .map(|t| (t.id.to_string(), t.name(lang.code()).to_owned()))
            .collect(),
        _ => Vec::new(),
    };
    let needs_project = run.as_ref().and_then(|v| v.current()).is_some_and(|s| s.action == StepAction::CreateProject);
    let people = if may_work && needs_project {
        users::list(db, &session.permit(db).await.or_page(lang)?)
            .await
            .or_page(lang)?
            .iter()
            .filter(|u| u.is_active_staff())
            .map(|u| (u.id.to_string(), u.display_name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let statuses =
        statuses(lang).into_iter().filter(|(k, _)| RequestStatus::parse(k).is_ok_and(|s| s.allowed_in(r.channel)));
    Ok(ShowPage {
        c: Chrome::new(lang, Some(session), "/requests", "request-title"),
        l: Labels(lang),
        channels: channels(lang).into_iter().filter(|(k, _)| k != r.channel.as_str()).collect(),
        statuses: statuses.collect(),
        r,
        events,
        deliveries,
        may_work,
        form,
        conflict,
        run,
        run_svg,
        templates,
        people,
    })
}

async fn show(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    let mut page = show_page(&state, &session, lang, id, None).await?;
    page.conflict = q.get("notice").is_some_and(|n| n == "conflict");
    render(&page, lang)
}

/// The end of a control on the contact's page: back to it, or the page
/// again with the field's message.
async fn worked(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
    form: Form,
    result: Result<(), AppError>,
) -> Result<Response, PageError> {
    let to = format!("/requests/{id}");
    match result {
        Ok(_) => Ok(Redirect::to(&to).into_response()),
        Err(e @ AppError::Invalid(_)) => {
            form.again(lang, e, async |f| show_page(state, session, lang, id, Some(f)).await).await
        }
        Err(e) => after_action(&to, Err(e), lang),
    }
}

async fn reroute(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = requests::reroute(&state.db, &permit, id, form.version, form.v("channel")).await.map(|_| ());
    worked(&state, &session, lang, id, form, result).await
}

async fn set_status(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    // The field is on the page only on the service desk channel: absent,
    // the recorded reference stays.
    let reference = form.has("desk_reference").then(|| form.v("desk_reference").to_owned());
    let result = requests::set_status(&state.db, &permit, id, form.version, form.v("status"), reference.as_deref())
        .await
        .map(|_| ());
    worked(&state, &session, lang, id, form, result).await
}

async fn set_notes(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = requests::set_notes(&state.db, &permit, id, form.version, form.v("internal_notes")).await.map(|_| ());
    worked(&state, &session, lang, id, form, result).await
}

async fn start_process(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = processes::start(&state.db, &permit, id, form.version, form.id("template_id")).await;
    worked(&state, &session, lang, id, form, result.map(|_| ())).await
}

async fn advance_process(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result =
        processes::advance(&state.db, &permit, id, form.version, form.v("outcome"), form.id("project_manager_id"))
            .await;
    worked(&state, &session, lang, id, form, result.map(|_| ())).await
}
