//! API tokens (one's own) and absences (one's own; anyone's for the unit
//! head and administrators).

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kumppani_app::absences::Absence;
use kumppani_app::tokens::ApiToken;
use kumppani_app::users::User;
use kumppani_app::{absences, tokens, users};
use kumppani_domain::Role;

use super::form::{Form, after_action, submit};
use super::{Chrome, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::security::NO_STORE;
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new()
        .route("/account/tokens", get(tokens_page).post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
        .route("/users/{id}/absences", get(absences_page).post(create_absence))
        .route("/absences/{id}/delete", post(delete_absence))
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    c: Chrome,
    tokens: Vec<ApiToken>,
    form: Form,
    /// The secret of a token just created, shown this once.
    created: Option<String>,
    /// Lifetimes offered, in days; the default first.
    lifetimes: [i64; 4],
    now: chrono::DateTime<chrono::Utc>,
}

impl TokensPage {
    fn lifetime_label(&self, days: &i64) -> String {
        self.c.t.t_args("token-lifetime-days", &[("days", days.to_string())])
    }

    /// The chosen lifetime: the form's, else the default.
    fn lifetime_chosen(&self, days: &i64) -> bool {
        match self.form.v("expires_in_days") {
            "" => *days == tokens::DEFAULT_DAYS,
            v => v == days.to_string(),
        }
    }
}

async fn tokens_view(
    state: &AppState,
    s: &Session,
    lang: Lang,
    form: Form,
    created: Option<String>,
) -> Result<TokensPage, PageError> {
    let tokens = tokens::list(&state.db, &s.actor).await.or_page(lang)?;
    let c = Chrome::new(lang, Some(s), "/account", "tokens-title");
    let lifetimes = [30, tokens::DEFAULT_DAYS, 180, tokens::MAX_DAYS];
    Ok(TokensPage { c, tokens, form, created, lifetimes, now: chrono::Utc::now() })
}

async fn tokens_page(State(state): State<AppState>, s: Session, lang: Lang) -> Result<Html<String>, PageError> {
    render(&tokens_view(&state, &s, lang, Form::default(), None).await?, lang)
}

async fn create_token(
    State(state): State<AppState>,
    s: Session,
    lang: Lang,
    form: Form,
) -> Result<Response, PageError> {
    // A lifetime that is not a number is out of range alike.
    let days = match form.v("expires_in_days").trim() {
        "" => None,
        d => Some(d.parse::<i64>().unwrap_or(0)),
    };
    match tokens::create(&state.db, &s.actor, form.v("name"), days).await {
        // The secret is shown in the answer itself, never in a URL, and the
        // answer is not to be stored.
        Ok((_, secret)) => render(&tokens_view(&state, &s, lang, Form::default(), Some(secret)).await?, lang)
            .map(|page| ([NO_STORE], page).into_response()),
        Err(e) => form.again(lang, e, async |form| tokens_view(&state, &s, lang, form, None).await).await,
    }
}

async fn revoke_token(
    State(state): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    after_action("/account/tokens", tokens::revoke(&state.db, &s.actor, id, form.version).await, lang)
}

#[derive(Template)]
#[template(path = "absences.html")]
struct AbsencesPage {
    c: Chrome,
    person: User,
    absences: Vec<Absence>,
    form: Form,
    may_manage: bool,
}

async fn absences_view(
    state: &AppState,
    s: &Session,
    lang: Lang,
    id: i64,
    form: Form,
) -> Result<AbsencesPage, PageError> {
    let permit = s.permit(&state.db).await.or_page(lang)?;
    let person = users::get(&state.db, &permit, id).await.or_page(lang)?;
    let absences = absences::list(&state.db, &permit, id, kumppani_app::centre_time::today()).await.or_page(lang)?;
    let may_manage = s.user.id == id || matches!(s.user.role, Role::Administrator | Role::UnitHead);
    Ok(AbsencesPage { c: Chrome::new(lang, Some(s), "/users", "absences-title"), person, absences, form, may_manage })
}

async fn absences_page(
    State(state): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    render(&absences_view(&state, &s, lang, id, Form::default()).await?, lang)
}

async fn create_absence(
    State(state): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = s.permit(&state.db).await.or_page(lang)?;
    let result = absences::create(&state.db, &permit, id, form.v("starts_on"), form.v("ends_on"), form.v("note")).await;
    let done = |_| Redirect::to(&format!("/users/{id}/absences")).into_response();
    submit(lang, form, result, done, async |form| absences_view(&state, &s, lang, id, form).await).await
}

async fn delete_absence(
    State(state): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let person = form.id("user_id").unwrap_or_default();
    let permit = s.permit(&state.db).await.or_page(lang)?;
    after_action(
        &format!("/users/{person}/absences"),
        absences::delete(&state.db, &permit, id, form.version).await,
        lang,
    )
}
