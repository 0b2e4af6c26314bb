//! User administration pages.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use kumppani_app::users;
use kumppani_app::users::User;
use kumppani_domain::{Role, UserDraft};

use super::form::{Form, submit};
use super::{Chrome, OrPage, PageError, Path, render};
use crate::routes::Routes;
use crate::session::Session;
use crate::{AppState, Lang};

pub fn router() -> Routes {
    Routes::new()
        .route("/users", get(list).post(create))
        .route("/users/new", get(new_form))
        .route("/users/{id}", get(edit_form).post(update))
}

fn role_label(lang: Lang, role: Role) -> String {
    lang.t(&format!("role-{}", role.as_str().replace('_', "-")))
}

#[derive(Template)]
#[template(path = "users.html")]
struct ListPage {
    c: Chrome,
    users: Vec<User>,
}

impl ListPage {
    fn role(&self, r: &Role) -> String {
        role_label(self.c.t, *r)
    }
}

#[derive(Template)]
#[template(path = "user_form.html")]
struct FormPage {
    c: Chrome,
    form: Form,
    roles: Vec<(String, String)>,
    current: Option<User>,
}

async fn list(State(state): State<AppState>, s: Session, lang: Lang) -> Result<Html<String>, PageError> {
    let users = users::list(&state.db, &s.permit(&state.db).await.or_page(lang)?).await.or_page(lang)?;
    render(&ListPage { c: Chrome::new(lang, Some(&s), "/users", "users-title"), users }, lang)
}

fn form_page(s: &Session, lang: Lang, form: Form, current: Option<User>) -> FormPage {
    let roles = Role::ALL.iter().map(|r| (r.as_str().to_owned(), role_label(lang, *r))).collect();
    let title = if current.is_some() { "user-edit-title" } else { "user-new-title" };
    FormPage { c: Chrome::new(lang, Some(s), "/users", title), form, roles, current }
}

fn draft(form: &Form) -> UserDraft {
    UserDraft {
        username: form.v("username").to_owned(),
        display_name: form.v("display_name").to_owned(),
        email: form.opt("email"),
        role: form.v("role").to_owned(),
        active: form.checked("active"),
    }
}

async fn new_form(State(state): State<AppState>, s: Session, lang: Lang) -> Result<Html<String>, PageError> {
    // Only those who may manage users get the form.
    s.permit::<kumppani_app::policy::cap::ManageUsers>(&state.db).await.or_page(lang)?;
    let form = Form::from_pairs(&[("active", Some("on".into())), ("role", Some("staff".into()))], 0);
    render(&form_page(&s, lang, form, None), lang)
}

async fn create(State(state): State<AppState>, s: Session, lang: Lang, form: Form) -> Result<Response, PageError> {
    let password = form.opt("password");
    let permit = s.permit(&state.db).await.or_page(lang)?;
    let result = users::create(&state.db, &permit, &draft(&form), password.as_deref()).await;
    submit(lang, form, result, |_| back(), async |form| Ok(form_page(&s, lang, form, None))).await
}

fn back() -> Response {
    Redirect::to("/users").into_response()
}

async fn edit_form(
    State(state): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Html<String>, PageError> {
    let u = users::get(&state.db, &s.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
    s.permit::<kumppani_app::policy::cap::ManageUsers>(&state.db).await.or_page(lang)?;
    let d = users::draft_of(&u);
    let form = Form::from_pairs(
        &[
            ("username", Some(d.username)),
            ("display_name", Some(d.display_name)),
            ("email", d.email),
            ("role", Some(d.role)),
            ("active", d.active.then(|| "on".to_owned())),
        ],
        u.version,
    );
    render(&form_page(&s, lang, form, Some(u)), lang)
}

async fn update(
    State(state): State<AppState>,
    s: Session,
    lang: Lang,
    Path(id): Path<i64>,
    form: Form,
) -> Result<Response, PageError> {
    let permit = s.permit(&state.db).await.or_page(lang)?;
    let result = users::update(&state.db, &permit, id, form.version, &draft(&form)).await;
    submit(
        lang,
        form,
        result,
        |_| back(),
        async |form| {
            let current = users::get(&state.db, &s.permit(&state.db).await.or_page(lang)?, id).await.or_page(lang)?;
            Ok(form_page(&s, lang, form, Some(current)))
        },
    )
    .await
}
