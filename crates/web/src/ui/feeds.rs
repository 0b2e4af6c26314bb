//! Calendar subscriptions: the signed-in user's ICS feeds (create, list,
//! revoke) and the feed URL itself, which calendar programs fetch without
//! a session: the secret in the path is the credential.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use kumppani_app::feeds::{self, Fetched};
use kumppani_app::feeds::{Feed, FeedScope};
use kumppani_app::plans::assemble::CustomerEvent;
use kumppani_app::{AppError, customers, users};
use kumppani_docs::CalendarEntry;
use std::collections::HashMap;

use super::form::{Form, after_action};
use super::plans::Options;
use super::{Chrome, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::security::NO_STORE;
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new()
        .route("/calendars", get(page).post(create))
        .route("/calendars/{id}/revoke", post(revoke))
        .route("/feeds/{token}", get(feed))
}

#[derive(Template)]
#[template(path = "calendars.html")]
struct CalendarsPage {
    c: Chrome,
    feeds: Vec<Feed>,
    form: Form,
    /// The customer the page was opened from (plan page), offered as a scope.
    customer: Option<(i64, String)>,
    managers: Options,
    languages: Options,
    /// The URL of a feed just created, shown this once.
    created: Option<String>,
    /// The URL is only a path: no public URL is configured.
    relative: bool,
}

impl CalendarsPage {
    fn customer_label(&self, name: &str) -> String {
        self.c.t.t_args("feed-scope-customer-of", &[("name", name.to_owned())])
    }

    fn what(&self, f: &Feed) -> String {
        let name = f.scope_name.clone().unwrap_or_default();
        match f.scope {
            FeedScope::Customer { .. } => self.c.t.t_args("feed-scope-customer-of", &[("name", name)]),
            FeedScope::Manager { .. } => self.c.t.t_args("feed-scope-manager-of", &[("name", name)]),
            FeedScope::Centre => self.c.t.t("feed-scope-centre"),
        }
    }
}

/// Where calendar programs reach this server: the configured public URL.
/// Never the request's `Host`, which whoever sends the request chooses (a
/// poisoned feed URL would hand the secret to another host). None: not
/// configured, and links are given as paths.
pub(crate) fn base_url(state: &AppState) -> Option<&str> {
    state.config.public_url.as_deref()
}

/// Where a calendar program fetches the feed with this secret: a full URL
/// when the public URL is configured, else the path (the page says to put
/// the server's address in front of it).
pub(crate) fn feed_url(state: &AppState, secret: &str) -> String {
    format!("{}/feeds/{secret}.ics", base_url(state).unwrap_or_default())
}

async fn view(
    state: &AppState,
    s: &Session,
    lang: Lang,
    form: Form,
    created: Option<String>,
) -> Result<CalendarsPage, PageError> {
    let db = &state.db;
    let permit = s.permit(db).await.or_page(lang)?;
    let feeds = feeds::list(db, &permit).await.or_page(lang)?;
    // A customer id that names nobody (a stale link, a failed submit) only
    // leaves the customer out of the choices; the form says what is wrong.
    let customer = match form.id("customer_id") {
        Some(id) => match customers::get(db, &s.permit(db).await.or_page(lang)?, id).await {
            Ok(c) => Some((c.id, c.name)),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(PageError::from_app(e, lang)),
        },
        None => None,
    };
    let people = users::list(db, &s.permit(db).await.or_page(lang)?).await.or_page(lang)?;
    let managers = people
        .iter()
        .filter(|u| u.active && u.role.can_hold_customers())
        .map(|u| (u.id.to_string(), u.display_name.clone()))
        .collect();
    // Each language by its own name, as language pickers do.
    let languages = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
        .iter()
        .map(|(code, name)| ((*code).to_owned(), (*name).to_owned()))
        .collect();
    let c = Chrome::new(lang, Some(s), "/plans", "feeds-title");
    let relative = base_url(state).is_none();
    Ok(CalendarsPage { c, feeds, form, customer, managers, languages, created, relative })
}

/// The form's defaults: the opening customer's feed, in the reader's language.
fn defaults(q: HashMap<String, String>, lang: Lang) -> Form {
    let mut v = q;
    let scope = if v.contains_key("customer_id") { "customer" } else { "manager" };
    v.entry("scope".into()).or_insert_with(|| scope.into());
    v.entry("lang".into()).or_insert_with(|| lang.code().into());
    Form::new(v)
}

async fn page(
    State(state): State<AppState>,
    s: Session,
    lang: Lang,
    Query(mut q): Query<HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    // A partnership manager's first choice is their own portfolio.
    if !q.contains_key("manager_id") && s.user.role.can_hold_customers() {
        q.insert("manager_id".into(), s.user.id.to_string());
    }
    render(&view(&state, &s, lang, defaults(q, lang), None).await?, lang)
}

fn form_values(form: &Form) -> Vec<(String, String)> {
    ["scope", "customer_id", "manager_id", "lang"]
        .iter()
        .filter(|k| !form.v(k).is_empty())
        .map(|k| ((*k).to_owned(), form.v(k).to_owned()))
        .collect()
}

async fn create(State(state): State<AppState>, s: Session, lang: Lang, form: Form) -> Result<Response, PageError> {
    let db = &state.db;
    let permit = s.permit(db).await.or_page(lang)?;
    let result = match feeds::scope_of(form.v("scope"), form.id("customer_id"), form.id("manager_id")) {
        Ok(scope) => feeds::create(db, &permit, scope, form.v("lang")).await,
        Err(invalid) => Err(invalid.into()),
    };
    match result {
        // The URL is shown in the answer itself, never in a redirect, and
        // the answer is not to be stored.
        Ok((_, secret)) => {
            let url = feed_url(&state, &secret);
            let kept = Form::new(form_values(&form).into_iter().collect());
            render(&view(&state, &s, lang, kept, Some(url)).await?, lang).map(|page| ([NO_STORE], page).into_response())
        }
        Err(e) => form.again(lang, e, async |form| view(&state, &s, lang, form, None).await).await,
    }
}

async fn revoke(
    State(state): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    after_action("/calendars", feeds::revoke(&state.db, &s.actor, id, form.version).await, lang)
}

/// The ICS text of a live feed; 404 for any other secret, so a guess
/// learns nothing.
async fn feed(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let today = kumppani_app::centre_time::today();
    match feeds::fetch(&state.db, &token, today).await {
        Ok(Some(fetched)) => {
            let body = ics_of(&fetched, base_url(&state));
            let headers = [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, max-age=300"),
            ];
            (headers, body).into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "calendar feed failed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// The ICS text; events link to their pages when the public URL is known
/// (a path means nothing to a calendar program).
fn ics_of(fetched: &Fetched, base: Option<&str>) -> String {
    let lang = Lang::parse(&fetched.feed.lang).unwrap_or_default();
    let name = match fetched.feed.scope {
        FeedScope::Centre => lang.t("feed-name-centre"),
        _ => lang.t_args("feed-name", &[("name", fetched.feed.scope_name.clone().unwrap_or_default())]),
    };
    let entries: Vec<CalendarEntry> = fetched.events.iter().map(|e| entry(e, lang, base)).collect();
    kumppani_docs::ics(&name, &entries)
}

fn entry(e: &CustomerEvent, lang: Lang, base: Option<&str>) -> CalendarEntry {
    let kind = lang.t(&format!("clock-kind-{}", e.kind.code()));
    let (uid, summary) = match e.event_id {
        Some(id) => (format!("event-{id}@kumppani"), format!("{}: {}", e.customer_name, e.title)),
        // One "review due" per customer: its date moves as reviews happen.
        None => (format!("review-{}@kumppani", e.customer_id), format!("{}: {kind}", e.customer_name)),
    };
    let url = base.map(|base| format!("{base}{}", e.href));
    let description = match &url {
        Some(url) => format!("{kind}\n{url}"),
        None => kind.clone(),
    };
    CalendarEntry { uid, date: e.date, summary, description, category: kind, url }
}
