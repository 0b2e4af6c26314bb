//! Customer pages: the list, a customer, and the forms for it, its
//! contacts and its services.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kumppani_app::AuditEntry;
use kumppani_app::Page;
use kumppani_app::activities::Activity;
use kumppani_app::catalog::Kind;
use kumppani_app::contacts::Contact;
use kumppani_app::customers::{Customer, Filter};
use kumppani_app::policy::cap;
use kumppani_app::subscriptions::Subscription;
use kumppani_app::users::User;
use kumppani_app::{AppError, activities, catalog, contacts, customers, subscriptions, users};
use kumppani_domain::{ContactDraft, CustomerDraft, OrgType};
use std::collections::HashMap;

use super::form::{Form, after_action, submit, url_encode};
use super::{Chrome, OrAbsent, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new()
        .route("/customers", get(list).post(create))
        .route("/customers/new", get(new_form))
        .route("/customers/{id}", get(show).post(update))
        .route("/customers/{id}/edit", get(edit_form))
        .route("/customers/{id}/contacts", post(create_contact))
        .route("/customers/{id}/contacts/new", get(new_contact_form))
        .route("/contacts/{id}", post(update_contact))
        .route("/contacts/{id}/edit", get(edit_contact_form))
        .route("/contacts/{id}/delete", post(delete_contact))
        .route("/customers/{id}/services", post(subscribe))
        .route("/subscriptions/{id}", post(set_critical))
        .route("/subscriptions/{id}/delete", post(unsubscribe))
}

/// (value, label) pairs for a select.
type Options = Vec<(String, String)>;

fn org_type_options(lang: Lang) -> Options {
    OrgType::ALL.iter().map(|t| (t.as_str().to_owned(), lang.t(&format!("org-type-{}", t.as_str())))).collect()
}

fn manager_options(list: &[User]) -> Options {
    list.iter()
        .filter(|u| u.active && u.role.can_hold_customers())
        .map(|u| (u.id.to_string(), u.display_name.clone()))
        .collect()
}

/// The choices the customer forms and filters offer.
struct Choices {
    segments: Options,
    managers: Options,
    org_types: Options,
}

async fn choices(state: &AppState, s: &Session, lang: Lang) -> Result<Choices, AppError> {
    let segments = catalog::names(&state.db, &s.permit(&state.db).await?, Kind::Segment).await?;
    // People who cannot read the staff directory still see the managers'
    // names on customers; the picker is only for those who can edit.
    let people = match s.permit(&state.db).await.or_absent()? {
        Some(p) => users::list(&state.db, &p).await?,
        None => Vec::new(),
    };
    Ok(Choices {
        segments: segments.into_iter().map(|(id, name)| (id.to_string(), name)).collect(),
        managers: manager_options(&people),
        org_types: org_type_options(lang),
    })
}

#[derive(Template)]
#[template(path = "customers.html")]
struct ListPage {
    c: Chrome,
    page: Page<Customer>,
    form: Form,
    choices: Choices,
    next_link: Option<String>,
    prev_link: Option<String>,
    /// Customers this user stands in for today, their manager being away.
    deputising: Vec<Customer>,
}

impl ListPage {
    fn count_label(&self) -> String {
        self.c.t.t_args("customers-count", &[("count", self.page.total.to_string())])
    }

    fn org_type_label(&self, t: &OrgType) -> String {
        self.c.t.t(&format!("org-type-{}", t.as_str()))
    }
}

fn filter_of(form: &Form) -> Filter {
    Filter {
        q: form.opt("q"),
        segment_id: form.id("segment_id"),
        manager_id: form.id("manager_id"),
        org_type: form.opt("org_type"),
        after: form.id("after"),
        before: form.id("before"),
        limit: Some(25),
    }
}

fn list_link(form: &Form, cursor: (&str, i64)) -> String {
    let mut parts: Vec<String> = ["q", "segment_id", "manager_id", "org_type"]
        .iter()
        .filter(|k| !form.v(k).is_empty())
        .map(|k| format!("{k}={}", url_encode(form.v(k))))
        .collect();
    parts.push(format!("{}={}", cursor.0, cursor.1));
    format!("/customers?{}", parts.join("&"))
}

async fn list(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    let form = Form::new(query);
    let page = customers::list(&state.db, &session.permit(&state.db).await.or_page(lang)?, &filter_of(&form))
        .await
        .or_page(lang)?;
    let choices = choices(&state, &session, lang).await.or_page(lang)?;
    let deputising =
        customers::deputising(&state.db, &session.permit(&state.db).await.or_page(lang)?).await.or_page(lang)?;
    let next_link = page.next_cursor.map(|id| list_link(&form, ("after", id)));
    let prev_link = page.prev_cursor.map(|id| list_link(&form, ("before", id)));
    let c = Chrome::new(lang, Some(&session), "/customers", "customers-title");
    render(&ListPage { c, page, form, choices, next_link, prev_link, deputising }, lang)
}

#[derive(Template)]
#[template(path = "customer.html")]
struct ShowPage {
    c: Chrome,
    customer: Customer,
    contacts: Vec<Contact>,
    services: Vec<Subscription>,
    catalogue: Options,
    history: Vec<AuditEntry>,
    /// "Recent activities", newest first, one page.
    activities: Page<Activity>,
    notice: Option<String>,
    /// Whether this user may change this customer (own, or deputising).
    can_edit: bool,
}

impl ShowPage {
    fn org_type_label(&self) -> String {
        self.c.t.t(&format!("org-type-{}", self.customer.org_type.as_str()))
    }

    fn field_label(&self, entity: &str, field: &str) -> String {
        self.c.t.t(&format!("field-{entity}-{field}"))
    }

    fn action_label(&self, e: &AuditEntry) -> String {
        self.c.t.t(&format!("history-{}-{}", e.entity.replace('_', "-"), e.action))
    }

    fn activities_count(&self) -> String {
        self.c.t.t_args("activities-count", &[("count", self.activities.total.to_string())])
    }
}

#[derive(serde::Deserialize)]
struct Notice {
    notice: Option<String>,
    /// The page of activities older than this one.
    activities_after: Option<i64>,
}

async fn show(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<Notice>,
) -> Result<Html<String>, PageError> {
    let db = &state.db;
    let actor = &session.permit(&state.db).await.or_page(lang)?;
    let customer = customers::get(db, actor, id).await.or_page(lang)?;
    let contacts = contacts::for_customer(db, actor, id).await.or_page(lang)?;
    let services = subscriptions::of_customer(db, actor, id).await.or_page(lang)?;
    let catalogue = catalog::names(db, &session.permit(db).await.or_page(lang)?, Kind::Service).await.or_page(lang)?;
    let catalogue: Options = catalogue
        .into_iter()
        .filter(|(id, _)| !services.iter().any(|x| x.service_id == *id))
        .map(|(id, name)| (id.to_string(), name))
        .collect();
    let history = customers::history(db, actor, id, 50).await.or_page(lang)?;
    let activities = activities::for_customer(db, actor, id, q.activities_after, None).await.or_page(lang)?;
    let notice = q.notice.filter(|n| n == "conflict" || n == "saved").map(|n| lang.t(&format!("notice-{n}")));
    let can_edit = customers::may_edit(&state.db, &session.actor, id).await.or_page(lang)?;
    let c = Chrome::new(lang, Some(&session), "/customers", "customer-title");
    let page = ShowPage { c, customer, contacts, services, catalogue, history, activities, notice, can_edit };
    render(&page, lang)
}

#[derive(Template)]
#[template(path = "customer_form.html")]
struct CustomerFormPage {
    c: Chrome,
    form: Form,
    choices: Choices,
    /// Set when editing: the customer as saved now.
    current: Option<Customer>,
}

fn draft_of(form: &Form) -> CustomerDraft {
    CustomerDraft {
        name: form.v("name").to_owned(),
        business_id: form.opt("business_id"),
        org_type: form.v("org_type").to_owned(),
        segment_id: form.id("segment_id"),
        manager_id: form.id("manager_id"),
        deputy_id: form.id("deputy_id"),
        notes: form.opt("notes"),
        workload_weight: weight_of(form),
    }
}

/// The workload weight as typed: blank is absent (1 for a new customer, the
/// current one when editing); anything not a whole number is 0, which the
/// validation refuses, while the form keeps what was typed.
fn weight_of(form: &Form) -> Option<i64> {
    form.opt("workload_weight").map(|raw| raw.parse().unwrap_or(0))
}

fn form_of(d: &CustomerDraft, version: i64) -> Form {
    Form::from_pairs(
        &[
            ("name", Some(d.name.clone())),
            ("business_id", d.business_id.clone()),
            ("org_type", Some(d.org_type.clone())),
            ("segment_id", d.segment_id.map(|v| v.to_string())),
            ("manager_id", d.manager_id.map(|v| v.to_string())),
            ("deputy_id", d.deputy_id.map(|v| v.to_string())),
            ("notes", d.notes.clone()),
            ("workload_weight", d.workload_weight.map(|w| w.to_string())),
        ],
        version,
    )
}

async fn form_page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    form: Form,
    current: Option<Customer>,
) -> Result<CustomerFormPage, PageError> {
    let choices = choices(state, session, lang).await.or_page(lang)?;
    let title = if current.is_some() { "customer-edit-title" } else { "customer-new-title" };
    Ok(CustomerFormPage { c: Chrome::new(lang, Some(session), "/customers", title), form, choices, current })
}

async fn new_form(State(state): State<AppState>, session: Session, lang: Lang) -> Result<Html<String>, PageError> {
    // Only those who may submit the form get it.
    session.permit::<cap::EditCustomers>(&state.db).await.or_page(lang)?;
    let form = Form::from_pairs(&[("workload_weight", Some("1".to_owned()))], 0);
    let page = form_page(&state, &session, lang, form, None).await?;
    render(&page, lang)
}

async fn edit_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let c = customers::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    if !customers::may_edit(&state.db, &session.actor, id).await.or_page(lang)? {
        return Err(PageError::from_app(AppError::Forbidden, lang));
    }
    let form = form_of(&customers::draft_of(&c), c.version);
    let page = form_page(&state, &session, lang, form, Some(c)).await?;
    render(&page, lang)
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    form: Form,
) -> Result<Response, PageError> {
    let result = customers::create(&state.db, &session.permit(&state.db).await.or_page(lang)?, &draft_of(&form)).await;
    let done = |c: Customer| Redirect::to(&format!("/customers/{}", c.id)).into_response();
    submit(lang, form, result, done, async |form| form_page(&state, &session, lang, form, None).await).await
}

async fn update(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = customers::update(&state.db, &permit, id, form.version, &draft_of(&form)).await;
    let done = |c: Customer| Redirect::to(&format!("/customers/{}?notice=saved", c.id)).into_response();
    submit(lang, form, result, done, async |form| {
        let current =
            customers::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
        form_page(&state, &session, lang, form, Some(current)).await
    })
    .await
}

#[derive(Template)]
#[template(path = "contact_form.html")]
struct ContactFormPage {
    c: Chrome,
    form: Form,
    customer: Customer,
    /// The contact as saved now, when editing.
    current: Option<Contact>,
}

fn contact_draft(form: &Form) -> ContactDraft {
    ContactDraft {
        name: form.v("name").to_owned(),
        title: form.opt("title"),
        email: form.opt("email"),
        phone: form.opt("phone"),
    }
}

async fn contact_page(
    state: &AppState,
    session: &Session,
    lang: Lang,
    form: Form,
    customer_id: i64,
    current: Option<Contact>,
) -> Result<ContactFormPage, PageError> {
    let customer =
        customers::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, customer_id).await.or_page(lang)?;
    let title = if current.is_some() { "contact-edit-title" } else { "contact-new-title" };
    Ok(ContactFormPage { c: Chrome::new(lang, Some(session), "/customers", title), form, customer, current })
}

async fn new_contact_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let page = contact_page(&state, &session, lang, Form::default(), id, None).await?;
    if !customers::may_edit(&state.db, &session.actor, id).await.or_page(lang)? {
        return Err(PageError::from_app(AppError::Forbidden, lang));
    }
    render(&page, lang)
}

async fn edit_contact_form(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let ct = contacts::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    if !customers::may_edit(&state.db, &session.actor, ct.customer_id).await.or_page(lang)? {
        return Err(PageError::from_app(AppError::Forbidden, lang));
    }
    let form = Form::from_pairs(
        &[
            ("name", Some(ct.name.clone())),
            ("title", Some(ct.title.clone())),
            ("email", ct.email.clone()),
            ("phone", ct.phone.clone()),
        ],
        ct.version,
    );
    render(&contact_page(&state, &session, lang, form, ct.customer_id, Some(ct)).await?, lang)
}

async fn create_contact(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = contacts::create(&state.db, &permit, id, &contact_draft(&form)).await;
    let done = |_| Redirect::to(&format!("/customers/{id}#contacts")).into_response();
    submit(lang, form, result, done, async |form| contact_page(&state, &session, lang, form, id, None).await).await
}

async fn update_contact(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = session.permit(&state.db).await.or_page(lang)?;
    let result = contacts::update(&state.db, &permit, id, form.version, &contact_draft(&form)).await;
    let done = |ct: Contact| Redirect::to(&format!("/customers/{}#contacts", ct.customer_id)).into_response();
    submit(lang, form, result, done, async |form| {
        let current =
            contacts::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
        contact_page(&state, &session, lang, form, current.customer_id, Some(current)).await
    })
    .await
}

/// The customer page after a small action (see [`after_action`]).
fn back_to(customer_id: i64, result: Result<(), AppError>, lang: Lang) -> Result<Response, PageError> {
    after_action(&format!("/customers/{customer_id}"), result, lang)
}

async fn delete_contact(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let ct = contacts::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    back_to(
        ct.customer_id,
        contacts::delete(&state.db, &session.permit(&state.db).await.or_page(lang)?, id, form.version).await,
        lang,
    )
}

async fn subscribe(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let result = subscriptions::subscribe(
        &state.db,
        &session.permit(&state.db).await.or_page(lang)?,
        id,
        form.id("service_id"),
        form.checked("critical"),
    )
    .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/customers/{id}#services")).into_response()),
        // The only field is a select of what is not yet bought: a failure
        // here means the page was stale, which the customer page shows.
        Err(AppError::Invalid(_)) => Ok(Redirect::to(&format!("/customers/{id}?notice=conflict")).into_response()),
        Err(e) => Err(PageError::from_app(e, lang)),
    }
}

async fn set_critical(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let sub = subscriptions::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    let result = subscriptions::set_critical(
        &state.db,
        &session.permit(&state.db).await.or_page(lang)?,
        id,
        form.version,
        form.checked("critical"),
    )
    .await;
    back_to(sub.customer_id, result.map(|_| ()), lang)
}

async fn unsubscribe(
    State(state): State<AppState>,
    session: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let sub = subscriptions::get(&state.db, &session.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    back_to(
        sub.customer_id,
        subscriptions::unsubscribe(&state.db, &session.permit(&state.db).await.or_page(lang)?, id, form.version).await,
        lang,
    )
}
