//! The routing rules page (everyone who reads contacts) and its form (unit
//! head and administrators).

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kumppani_app::catalog;
use kumppani_app::policy::cap;
use kumppani_app::routing_rules::{self, RoutingRule};
use kumppani_domain::request::{Channel, RequestKind};
use kumppani_domain::routing::RuleDraft;

use super::form::{Form, submit};
use super::{Chrome, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new()
        .route("/routing", get(list).post(create))
        .route("/routing/new", get(new_form))
        .route("/routing/{id}", post(update))
        .route("/routing/{id}/edit", get(edit_form))
}

#[derive(Template)]
#[template(path = "routing.html")]
struct ListPage {
    c: Chrome,
    rules: Vec<RoutingRule>,
}

impl ListPage {
    fn channel(&self, r: &RoutingRule) -> String {
        self.c.t.t(&format!("channel-{}", r.channel.as_str()))
    }

    /// The rule's conditions in words, joined with "and".
    fn conditions(&self, r: &RoutingRule) -> String {
        let t = self.c.t;
        let mut parts = Vec::new();
        let kinds = r.kind_list();
        if !kinds.is_empty() {
            let names: Vec<String> = kinds.iter().map(|k| t.t(&format!("request-kind-{}", k.as_str()))).collect();
            parts.push(t.t_args("routing-if-kind", &[("kinds", names.join(", "))]));
        }
        if let Some(s) = &r.service_name {
            parts.push(t.t_args("routing-if-service", &[("service", s.clone())]));
        }
        let words = r.keyword_list();
        if !words.is_empty() {
            parts.push(t.t_args("routing-if-keywords", &[("keywords", words.join(", "))]));
        }
        if !r.sender.is_empty() {
            parts.push(t.t_args("routing-if-sender", &[("sender", r.sender.clone())]));
        }
        parts.join(&format!(" {} ", t.t("routing-and")))
    }
}

async fn list(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Html<String>, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let rules = routing_rules::list(&state.db, &permit).await.or_page(lang)?;
    render(&ListPage { c: Chrome::new(lang, Some(&session), "/routing", "routing-title"), rules }, lang)
}

#[derive(Template)]
#[template(path = "routing_form.html")]
struct FormPage {
    c: Chrome,
    form: Form,
    current: Option<RoutingRule>,
    channels: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    services: Vec<(String, String)>,
}

fn draft_of(form: &Form) -> RuleDraft {
    RuleDraft {
        name: form.v("name").to_owned(),
        position: form.v("position").trim().parse().ok(),
        channel: form.v("channel").to_owned(),
        kinds: RequestKind::ALL
            .iter()
            .filter(|k| form.checked(&format!("kind_{}", k.as_str())))
            .map(|k| k.as_str().to_owned())
            .collect(),
        service_id: form.id("service_id"),
        keywords: form.opt("keywords"),
        sender: form.opt("sender"),
        active: form.checked("active"),
    }
}

fn form_of(d: &RuleDraft, version: i64) -> Form {
    let mut pairs = vec![
        ("name", Some(d.name.clone())),
        ("position", d.position.map(|p| p.to_string())),
        ("channel", Some(d.channel.clone())),
        ("service_id", d.service_id.map(|s| s.to_string())),
        ("keywords", d.keywords.clone()),
        ("sender", d.sender.clone()),
        ("active", d.active.then(|| "on".to_owned())),
    ];
    let kinds: Vec<(String, Option<String>)> =
        d.kinds.iter().map(|k| (format!("kind_{k}"), Some("on".to_owned()))).collect();
    pairs.extend(kinds.iter().map(|(k, v)| (k.as_str(), v.clone())));
    Form::from_pairs(&pairs, version)
}

async fn page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    form: Form,
    current: Option<RoutingRule>,
) -> Result<FormPage, PageError> {
    let db = &state.db;
    let services =
        catalog::names(db, &session.permit(db).await.or_page(lang)?, catalog::Kind::Service).await.or_page(lang)?;
    let title = if current.is_some() { "routing-edit-title" } else { "routing-new-title" };
    Ok(FormPage {
        c: Chrome::new(lang, Some(session), "/routing", title),
        form,
        current,
        channels: Channel::ALL
            .iter()
            .map(|c| (c.as_str().to_owned(), lang.t(&format!("channel-{}", c.as_str()))))
            .collect(),
        kinds: RequestKind::ALL
            .iter()
            .map(|k| (format!("kind_{}", k.as_str()), lang.t(&format!("request-kind-{}", k.as_str()))))
            .collect(),
        services: services.into_iter().map(|(id, n)| (id.to_string(), n)).collect(),
    })
}

async fn new_form(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Html<String>, PageError> {
    session.permit::<cap::EditRouting>(&state.db).await.or_page(lang)?;
    let form = Form::from_pairs(&[("position", Some("100".to_owned())), ("active", Some("on".to_owned()))], 0);
    render(&page(&state, &session, lang, form, None).await?, lang)
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = routing_rules::create(&state.db, &permit, &draft_of(&form)).await;
    submit(lang, form, result, |_| back(), async |form| page(&state, &session, lang, form, None).await).await
}

fn back() -> Response {
    Redirect::to("/routing").into_response()
}

async fn edit_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let r = routing_rules::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    session.permit::<cap::EditRouting>(&state.db).await.or_page(lang)?;
    let form = form_of(&routing_rules::draft_of(&r), r.version);
    render(&page(&state, &session, lang, form, Some(r)).await?, lang)
}

async fn update(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = routing_rules::update(&state.db, &permit, id, form.version, &draft_of(&form)).await;
    submit(
        lang,
        form,
        result,
        |_| back(),
        async |form| {
            let current = routing_rules::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id)
                .await
                .or_page(lang)?;
            page(&state, &session, lang, form, Some(current)).await
        },
    )
    .await
}
