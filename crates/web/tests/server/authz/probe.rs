//! One request per (route, actor, id) that cannot change data: reads as
//! they are; writes with a body every use case refuses (blank names, ids
//! that name nothing) and a stale version (`If-Match: "999"`, form field
//! `version=999`); sign-in with a wrong password; password change with a
//! wrong current password. Requests that end a session get a session of
//! their own, signed in for just that request.

use kumppani_app::demo::DEMO_PASSWORD;
use reqwest::Method;
use serde_json::{Value, json};

use super::routes::{MISSING, Route, blank, fill};
use super::world::{Actor, csrf_of};
use crate::harness::{Client, Resp, TestApp, send};

pub const STALE_VERSION: &str = "999";
const WRONG_PASSWORD: &str = "authz-wrong-password";
const NEW_PASSWORD: &str = "authz-Never-Saved-2026";

/// Routes whose success ends the caller's session.
fn ends_session(route: &Route) -> bool {
    matches!((route.method, route.path.as_str()), ("DELETE", "/api/v1/session") | ("POST", "/logout"))
}

/// Who signs in: the actor's own username, or one nobody has.
fn sign_in_name(actor: &Actor) -> &str {
    actor.username.unwrap_or("authz-nobody")
}

/// The JSON body of an API write.
fn json_body(route: &Route, actor: &Actor) -> Option<Value> {
    match route.path.as_str() {
        "/api/v1/session" if route.method == "POST" => {
            Some(json!({"username": sign_in_name(actor), "password": WRONG_PASSWORD}))
        }
        "/api/v1/me/password" => Some(json!({"current_password": WRONG_PASSWORD, "new_password": NEW_PASSWORD})),
        _ => route.body.as_ref().map(blank),
    }
}

/// The fields of a page form: the anti-forgery token, a stale version, and
/// what a route needs to reach its checks.
fn form_fields(route: &Route, actor: &Actor, csrf: Option<&str>) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![("version".into(), STALE_VERSION.into())];
    if let Some(t) = csrf {
        f.push(("_csrf".into(), t.to_owned()));
    }
    let extra: Vec<(&str, String)> = match route.path.as_str() {
        "/login" => vec![("username", sign_in_name(actor).into()), ("password", WRONG_PASSWORD.into())],
        "/account/password" => vec![("current_password", WRONG_PASSWORD.into()), ("new_password", NEW_PASSWORD.into())],
        // A blank service is refused before the customer is looked at; a
        // service that does not exist only after.
        "/customers/{id}/services" => vec![("service_id", MISSING.to_string())],
        _ => vec![],
    };
    f.extend(extra.into_iter().map(|(k, v)| (k.to_owned(), v)));
    f
}

/// Sends the probe of `route` for `actor` with `id` in the path.
pub async fn probe(app: &TestApp, route: &Route, actor: &Actor, id: Option<i64>) -> Resp {
    let path = fill(&route.path, id);
    let fresh;
    let (client, csrf): (&Client, Option<String>) = match actor.username {
        Some(u) if ends_session(route) => {
            let token = app.sign_in(u, DEMO_PASSWORD).await;
            fresh = Client::new(&app.base, &[("kumppani_session", &token)]);
            let csrf = if route.is_api() { None } else { csrf_of(&fresh).await };
            (&fresh, csrf)
        }
        _ => (&actor.client, actor.csrf.clone()),
    };
    let method = Method::from_bytes(route.method.as_bytes()).expect("HTTP method");
    let mut rb = client.request(method, &path);
    if route.method == "GET" {
        return send(rb).await;
    }
    if route.is_api() {
        if matches!(route.method, "PUT" | "PATCH" | "DELETE") {
            rb = rb.header("if-match", format!("\"{STALE_VERSION}\""));
        }
        if let Some(body) = json_body(route, actor) {
            rb = rb.json(&body);
        }
    } else {
        rb = rb.form(&form_fields(route, actor, csrf.as_deref()));
    }
    send(rb).await
}

/// A response as one matrix cell: the status, and for a redirect where to.
pub fn cell(r: &Resp) -> String {
    let status = r.status.as_u16();
    if !r.status.is_redirection() {
        return status.to_string();
    }
    let to = r.header("location").unwrap_or("");
    if to.starts_with("/login?next=") {
        format!("{status}:signin")
    } else if to.contains("notice=conflict") {
        format!("{status}:stale")
    } else {
        status.to_string()
    }
}
