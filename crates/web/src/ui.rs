//! Server-rendered pages. Templates are compiled into the binary (askama);
//! htmx makes the customer search live but every page works without it.

mod access;
mod account;
mod balance;
mod boards;
mod catalog;
mod customers;
mod data_import;
pub(crate) mod feeds;
pub mod form;
mod glossary;
mod lessons;
mod mail;
mod plans;
mod processes;
mod project_import;
mod projects;
mod requests;
mod routing;
mod stakeholders;
mod users;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kumppani_app::AppError;
use kumppani_app::policy::{Capability, allows};
use kumppani_app::users::User;

use crate::Lang;
use crate::routes::Routes;
use crate::session::Session;

/// Where "/" leads: an external board member's world is their own boards;
/// everyone else starts from the customers (signing in first if need be).
async fn home(session: Result<Session, crate::session::NotSignedIn>) -> Redirect {
    match session {
        Ok(s) if s.user.role == kumppani_domain::Role::ExternalBoardMember => Redirect::to("/my-projects"),
        _ => Redirect::to("/customers"),
    }
}

pub fn router() -> Routes {
    Routes::new()
        .route("/", get(home))
        .route("/assets/style.css", get(style))
        .route("/assets/htmx.min.js", get(htmx))
        .merge(account::router())
        .merge(access::router())
        .merge(customers::router())
        .merge(catalog::router())
        .merge(users::router())
        .merge(balance::router())
        .merge(projects::router())
        .merge(boards::router())
        .merge(plans::router())
        .merge(feeds::router())
        .merge(stakeholders::router())
        .merge(lessons::router())
        .merge(glossary::router())
        .merge(project_import::router())
        .merge(data_import::router())
        .merge(requests::router())
        .merge(routing::router())
        .merge(processes::router())
        .merge(mail::router())
        .fallback(not_found)
}

async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")],
        include_str!("../assets/style.css"),
    )
}

async fn htmx() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "max-age=86400")],
        include_str!("../assets/htmx.min.js"),
    )
}

/// Unknown addresses: problem+json under `/api/`, an error page elsewhere.
async fn not_found(lang: Lang, uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        crate::problem::Problem::new(StatusCode::NOT_FOUND, "not-found", &lang.t("problem-not-found")).into_response()
    } else {
        PageError::new(StatusCode::NOT_FOUND, lang, "problem-not-found").into_response()
    }
}

/// Path parameters of a page. A malformed id names no record, so it gets the
/// same not-found page as a missing one (axum's own rejection is a
/// plain-text 400 naming Rust types).
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(_) => {
                let lang = Lang::from_request_parts(parts, state).await.unwrap_or_default();
                Err(PageError::new(StatusCode::NOT_FOUND, lang, "problem-not-found"))
            }
        }
    }
}

/// What every page's frame needs: language, who is signed in, where we are.
pub struct Chrome {
    pub t: Lang,
    pub user: Option<User>,
    pub path: String,
    pub title: String,
    /// The CSRF token every POST form carries (empty when signed out).
    pub csrf: String,
}

impl Chrome {
    pub fn new(t: Lang, session: Option<&Session>, path: &str, title_key: &str) -> Self {
        Chrome {
            t,
            user: session.map(|s| s.user.clone()),
            path: path.to_owned(),
            title: t.t(title_key),
            csrf: session.map(|s| crate::csrf::token_for(&s.token)).unwrap_or_default(),
        }
    }

    /// Whether the signed-in user may use a capability (for showing links
    /// and buttons; the use cases decide for real).
    pub fn can(&self, cap: &str) -> bool {
        let cap = match cap {
            "edit-customers" => Capability::EditCustomers,
            "edit-catalog" => Capability::EditCatalog,
            "manage-users" => Capability::ManageUsers,
            "read-users" => Capability::ReadUsers,
            "read-catalog" => Capability::ReadCatalog,
            "read-projects" => Capability::ReadProjects,
            "edit-projects" => Capability::EditProjects,
            "read-plans" => Capability::ReadPlans,
            "edit-plans" => Capability::EditPlans,
            "edit-plan-template" => Capability::EditPlanTemplate,
            "edit-glossary" => Capability::EditGlossary,
            "import-projects" => Capability::ImportProjects,
            "import-data" => Capability::ImportData,
            "read-requests" => Capability::ReadRequests,
            "record-requests" => Capability::RecordRequests,
            "edit-requests" => Capability::EditRequests,
            "edit-routing" => Capability::EditRouting,
            _ => Capability::ReadCustomers,
        };
        self.user.as_ref().is_some_and(|u| allows(u.role, cap))
    }

    pub fn current(&self, prefix: &str) -> bool {
        self.path.starts_with(prefix)
    }

    pub fn langs(&self) -> [Lang; 3] {
        Lang::ALL
    }

    pub fn is_lang(&self, l: &Lang) -> bool {
        *l == self.t
    }

    pub fn lang_name(&self, l: &Lang) -> &'static str {
        match l {
            Lang::Fi => "Suomeksi",
            Lang::Sv => "På svenska",
            Lang::En => "In English",
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    c: Chrome,
    message: String,
}

/// A page-level failure, rendered as an error page in the user's language.
pub struct PageError {
    status: StatusCode,
    lang: Lang,
    message: String,
}

impl PageError {
    pub fn new(status: StatusCode, lang: Lang, key: &str) -> Self {
        PageError { status, lang, message: lang.t(key) }
    }

    pub fn from_app(e: AppError, lang: Lang) -> Self {
        let p = crate::problem::Problem::from_app(e, lang);
        PageError {
            status: StatusCode::from_u16(p.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            lang,
            message: p.detail,
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = ErrorPage { c: Chrome::new(self.lang, None, "", "error-title"), message: self.message };
        match page.render() {
            Ok(html) => (self.status, Html(html)).into_response(),
            Err(_) => self.status.into_response(),
        }
    }
}

pub trait OrPage<T> {
    fn or_page(self, lang: Lang) -> Result<T, PageError>;
}

impl<T> OrPage<T> for Result<T, AppError> {
    fn or_page(self, lang: Lang) -> Result<T, PageError> {
        self.map_err(|e| PageError::from_app(e, lang))
    }
}

/// For a part of a page that the reader may not see, or that does not exist
/// (a project without a board): refused or missing is `None`, and the page
/// shows without it; any other failure (the database) is still the page's.
pub trait OrAbsent<T> {
    fn or_absent(self) -> Result<Option<T>, AppError>;
}

impl<T> OrAbsent<T> for Result<T, AppError> {
    fn or_absent(self) -> Result<Option<T>, AppError> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(AppError::NotFound | AppError::Forbidden) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Renders a template, or an error page if rendering fails.
pub fn render(t: &impl Template, lang: Lang) -> Result<Html<String>, PageError> {
    t.render().map(Html).map_err(|e| {
        let p = crate::problem::internal(&e.to_string(), lang);
        PageError { status: StatusCode::INTERNAL_SERVER_ERROR, lang, message: p.detail }
    })
}

/// Like [`render`], with a status (422 for a form with errors).
pub fn render_status(status: StatusCode, t: &impl Template, lang: Lang) -> Result<Response, PageError> {
    render(t, lang).map(|html| (status, html).into_response())
}

/// A form that failed re-renders with 422 (or 409 on a conflict) so that
/// scripts and tests can tell it from success.
pub fn form_status(form: &form::Form) -> StatusCode {
    if form.conflict { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY }
}
