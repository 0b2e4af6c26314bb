//! The one form pattern of the pages. A handler takes the submitted
//! [`Form`] as an extractor (the last argument), calls its use case, and
//! hands the result to [`submit`]: success redirects, a validation failure
//! re-renders the form with what the user typed and a message per field
//! (422), a version conflict re-renders it as the "save anyway" view (409),
//! and anything else is the error page:
//!
//! ```ignore
//! async fn update(State(state): State<AppState>, session: Session, lang: Lang,
//!                 Path(id): Path<i64>, form: Form) -> Result<Response, PageError> {
//!     let permit = session.permit(&state.db).await.or_page(lang)?;
//!     let result = users::update(&state.db, &permit, id, form.version, &draft(&form)).await;
//!     submit(lang, form, result, |_| back(), async |form| edit_page(&state, &session, lang, form, id).await).await
//! }
//! ```
//!
//! A button that has no form page of its own (remove, revoke) ends with
//! [`after_action`] instead. The CSRF token every POST form needs is written
//! by the `csrf_field` macro of `macros.html` (see `csrf.rs`).

use askama::Template;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Redirect, Response};
use kumppani_app::AppError;
use kumppani_domain::FieldError;
use std::collections::HashMap;

use super::{OrPage, PageError, form_status, render_status};
use crate::Lang;

#[derive(Debug, Clone, Default)]
pub struct Form {
    values: HashMap<String, String>,
    pub errors: Vec<FieldError>,
    /// The version the form was loaded at; sent back on submit.
    pub version: i64,
    /// Set when someone else saved the record while this form was open.
    pub conflict: bool,
}

/// A form body (`application/x-www-form-urlencoded`) as a [`Form`]; a body
/// that is not one is refused as axum's own `Form` refuses it.
impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = axum::extract::rejection::FormRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Form(values) = axum::extract::Form::from_request(request, state).await?;
        Ok(Form::new(values))
    }
}

impl Form {
    pub fn new(values: HashMap<String, String>) -> Self {
        let version = values.get("version").and_then(|v| v.parse().ok()).unwrap_or(0);
        Form { values, version, ..Form::default() }
    }

    pub fn from_pairs(pairs: &[(&str, Option<String>)], version: i64) -> Self {
        let values = pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone().unwrap_or_default())).collect();
        Form { values, version, ..Form::default() }
    }

    /// Fills the fields the submitted form did not carry (a page with
    /// several small forms re-rendered after one of them failed: the others
    /// keep their saved values).
    pub fn or_values(mut self, pairs: &[(&str, String)]) -> Self {
        for (k, v) in pairs {
            self.values.entry((*k).to_owned()).or_insert_with(|| v.clone());
        }
        self
    }

    /// Whether the submitted form carried a field at all.
    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// The value of a field as typed ("" when absent).
    pub fn v(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    /// An optional text field: blank is absent.
    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.v(name).trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// An optional id field (a select); anything not a number is absent.
    pub fn id(&self, name: &str) -> Option<i64> {
        self.v(name).trim().parse().ok()
    }

    /// The names of the fields sent (for checkbox groups named `prefix_<id>`).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    pub fn checked(&self, name: &str) -> bool {
        matches!(self.v(name), "on" | "true" | "1")
    }

    /// Whether `value` is the chosen option of `name`.
    pub fn is(&self, name: &str, value: &str) -> bool {
        self.v(name) == value
    }

    /// The message id of the first error on a field.
    pub fn err(&self, name: &str) -> Option<&'static str> {
        self.errors.iter().find(|e| e.field == name).map(|e| e.code)
    }

    /// The failed side of [`submit`], for a handler whose success is not a
    /// plain response: the form re-rendered by `page` with what `error`
    /// says about it (422, or 409 on a conflict), or the error page.
    pub async fn again<P: Template>(
        mut self,
        lang: Lang,
        error: AppError,
        page: impl AsyncFnOnce(Form) -> Result<P, PageError>,
    ) -> Result<Response, PageError> {
        self.absorb(error).or_page(lang)?;
        let status = form_status(&self);
        render_status(status, &page(self).await?, lang)
    }

    /// Takes what a failed use case says into the form. Returns the error
    /// back when it is not about the form (not found, unavailable…).
    pub fn absorb(&mut self, e: AppError) -> Result<(), AppError> {
        match e {
            AppError::Invalid(invalid) => {
                self.errors = invalid.0;
                Ok(())
            }
            AppError::Conflict { current } => {
                self.conflict = true;
                // Resubmitting now means: "I have seen the current values,
                // save mine over them".
                self.version = current;
                Ok(())
            }
            other => Err(other),
        }
    }
}

/// How a form submit ends. `result` is what the use case answered for
/// `form`: `done` turns success into the response (a redirect); a failure
/// the form can show goes into the form and `again` renders the page with
/// it (422, or 409 on a conflict); any other failure is the error page.
pub async fn submit<T, P: Template>(
    lang: Lang,
    form: Form,
    result: Result<T, AppError>,
    done: impl FnOnce(T) -> Response,
    again: impl AsyncFnOnce(Form) -> Result<P, PageError>,
) -> Result<Response, PageError> {
    match result {
        Ok(saved) => Ok(done(saved)),
        Err(e) => form.again(lang, e, again).await,
    }
}

/// How a small action ends: a button on a page (revoke, remove, tick) that
/// has no form page of its own to re-render. Success goes back to `to`; a
/// stale version goes there too, with a notice; anything else is the error
/// page.
pub fn after_action(to: &str, result: Result<(), AppError>, lang: Lang) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(to).into_response()),
        Err(AppError::Conflict { .. }) => Ok(Redirect::to(&format!("{to}?notice=conflict")).into_response()),
        Err(e) => Err(PageError::from_app(e, lang)),
    }
}

/// Percent-encodes a string for a query parameter.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Only same-site paths are followed after sign-in or a language switch.
///
/// `next` arrives percent-decoded. A path is accepted only when it is `/`
/// alone or `/` followed by a character that is not `/`, `\\` or a control
/// character, and when it holds no control characters or backslashes at
/// all: browsers drop tabs and newlines and read `\\` as `/`, so
/// `/<TAB>/evil.example` would leave the site. What passes is re-encoded
/// (spaces and non-ASCII as `%XX`) so it is always a valid `Location`.
pub fn safe_next(next: Option<&str>) -> String {
    const DEFAULT: &str = "/customers";
    let Some(n) = next else { return DEFAULT.to_owned() };
    let second = n.chars().nth(1);
    let on_site = n.starts_with('/') && !matches!(second, Some('/' | '\\')) && !second.is_some_and(char::is_control);
    if !on_site || n.chars().any(|c| c.is_control() || c == '\\') {
        return DEFAULT.to_owned();
    }
    n.bytes().map(|b| if b.is_ascii_graphic() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_stay_on_site() {
        assert_eq!(safe_next(Some("/customers/3")), "/customers/3");
        for bad in [
            "//evil.fi",
            "https://evil.fi",
            "/\\evil.fi",
            "",
            "/\t/evil.example",
            "/\n/evil.example",
            "/x\r\nSet-Cookie: a=b",
            "/a\\b",
            "/\u{85}/evil",
        ] {
            assert_eq!(safe_next(Some(bad)), "/customers", "{bad:?}");
        }
        assert_eq!(safe_next(Some("/")), "/");
        assert_eq!(safe_next(Some("/customers?q=Jyväs kylä")), "/customers?q=Jyv%C3%A4s%20kyl%C3%A4");
    }

    #[test]
    fn conflict_keeps_typed_values_and_moves_version() {
        let mut f = Form::new(HashMap::from([("name".into(), "typed".into()), ("version".into(), "3".into())]));
        assert!(f.absorb(AppError::Conflict { current: 5 }).is_ok());
        assert!(f.conflict);
        assert_eq!((f.v("name"), f.version), ("typed", 5));
        assert!(f.absorb(AppError::NotFound).is_err());
    }
}
