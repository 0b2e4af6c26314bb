//! Signing in and out, and what ends a session.

use kumppani_app::demo::DEMO_PASSWORD;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{Client, TestApp, send, session_token};
use kumppani_testkit::RawSql;

on_both_backends! { TestApp;
    bad_credentials_look_the_same => sqlite_bad_credentials_look_the_same, postgres_bad_credentials_look_the_same;
    api_without_session_is_401 => sqlite_api_without_session_is_401, postgres_api_without_session_is_401;
    pages_without_session_redirect => sqlite_pages_without_session_redirect, postgres_pages_without_session_redirect;
    sign_in_and_out => sqlite_sign_in_and_out, postgres_sign_in_and_out;
    password_change_ends_sessions => sqlite_password_change_ends_sessions, postgres_password_change_ends_sessions;
    disabling_a_user_ends_sessions => sqlite_disabling_a_user_ends_sessions, postgres_disabling_a_user_ends_sessions;
    sign_in_rotates_the_session => sqlite_sign_in_rotates_the_session, postgres_sign_in_rotates_the_session;
    sessions_expire_when_idle_or_old => sqlite_sessions_expire_when_idle_or_old, postgres_sessions_expire_when_idle_or_old;
}

async fn bad_credentials_look_the_same(app: &TestApp) {
    let anon = app.anonymous();
    let unknown =
        anon.json(Method::POST, "/api/v1/session", &json!({"username": "ei.ole", "password": DEMO_PASSWORD})).await;
    let wrong = anon
        .json(Method::POST, "/api/v1/session", &json!({"username": "kp.virtanen", "password": "wrong password"}))
        .await;
    let p = unknown.problem(401);
    wrong.problem(401);
    assert_eq!(unknown.body, wrong.body, "an unknown user and a wrong password must not be told apart");
    assert!(p["detail"].as_str().is_some_and(|d| !d.is_empty()), "{p}");
    assert!(session_token(&unknown).is_none() && session_token(&wrong).is_none(), "no session on failure");
    // Usernames are not case-sensitive; the right password works.
    let ok = anon
        .json(Method::POST, "/api/v1/session", &json!({"username": "KP.Virtanen", "password": DEMO_PASSWORD}))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.json()["username"], "kp.virtanen");
}

async fn api_without_session_is_401(app: &TestApp) {
    let anon = app.anonymous();
    for path in ["/api/v1/customers", "/api/v1/me", "/api/v1/segments", "/api/v1/users", "/api/v1/customers/1"] {
        anon.get(path).await.problem(401);
    }
    let w = anon.json(Method::POST, "/api/v1/customers", &json!({"name": "X"})).await;
    w.problem(401);
    // A made-up token is no better than none.
    let forged = Client::new(&app.base, &[("kumppani_session", "00ff00ff")]);
    forged.get("/api/v1/me").await.problem(401);
}

async fn pages_without_session_redirect(app: &TestApp) {
    let anon = app.anonymous();
    let r = anon.get("/customers?q=tamp").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/login?next=/customers%3Fq%3Dtamp");
    let r = anon.get("/customers/1").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login?next=/customers/1");
    // A form post without a session does not reach the use case either.
    let before = app.audit_rows().await;
    let r = anon.form("/customers", &[("name", "Ei istuntoa"), ("org_type", "municipality")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().starts_with("/login?next="), "{}", r.location());
    assert_eq!(app.audit_rows().await, before);
}

async fn sign_in_and_out(app: &TestApp) {
    let token = app.sign_in("kp.virtanen", DEMO_PASSWORD).await;
    let c = Client::new(&app.base, &[("kumppani_session", &token)]);
    let me = c.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.json()["username"], "kp.virtanen");
    assert_eq!(me.json()["role"], "partnership_manager");

    // Another session of the same user lives on after this one ends.
    let other = app.client_as("kp.virtanen").await;
    let out = c.request(Method::DELETE, "/api/v1/session").send().await.expect("sign out");
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let cleared = out.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(cleared.starts_with("kumppani_session=;") && cleared.contains("Max-Age=0"), "{cleared}");
    c.get("/api/v1/me").await.problem(401);
    c.get("/api/v1/customers").await.problem(401);
    // Signing out twice is not possible.
    let again = c.request(Method::DELETE, "/api/v1/session").send().await.expect("sign out again");
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(other.get("/api/v1/me").await.status, StatusCode::OK);

    // Pages: signing out by the form ends the session too.
    let page_user = app.client_as("esimies").await;
    let r = page_user.form("/logout", &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/login");
    let r = page_user.get("/customers").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

async fn password_change_ends_sessions(app: &TestApp) {
    let first = app.client_as("kp.virtanen").await;
    let second = app.client_as("kp.virtanen").await;
    let path = "/api/v1/me/password";

    let wrong = first
        .json(Method::POST, path, &json!({"current_password": "not it at all", "new_password": "uusi salasana 2026"}))
        .await;
    assert_eq!(wrong.field_errors(), [("current_password".to_owned(), "error-password-wrong".to_owned())]);
    let short =
        first.json(Method::POST, path, &json!({"current_password": DEMO_PASSWORD, "new_password": "lyhyt"})).await;
    assert_eq!(short.field_errors(), [("new_password".to_owned(), "error-password-short".to_owned())]);
    // Failed attempts end nothing.
    assert_eq!(second.get("/api/v1/me").await.status, StatusCode::OK);

    let ok = first
        .json(Method::POST, path, &json!({"current_password": DEMO_PASSWORD, "new_password": "uusi salasana 2026"}))
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.body);
    first.get("/api/v1/me").await.problem(401);
    second.get("/api/v1/me").await.problem(401);

    let old = app
        .anonymous()
        .json(Method::POST, "/api/v1/session", &json!({"username": "kp.virtanen", "password": DEMO_PASSWORD}))
        .await;
    old.problem(401);
    let token = app.sign_in("kp.virtanen", "uusi salasana 2026").await;
    let c = Client::new(&app.base, &[("kumppani_session", &token)]);
    assert_eq!(c.get("/api/v1/me").await.status, StatusCode::OK);
    // Someone else's sessions are untouched by it.
    let other = app.client_as("kp.korhonen").await;
    assert_eq!(other.get("/api/v1/me").await.status, StatusCode::OK);
}

async fn disabling_a_user_ends_sessions(app: &TestApp) {
    let staff = app.client_as("marko.ahonen").await;
    assert_eq!(staff.get("/api/v1/me").await.status, StatusCode::OK);
    let id = app.user_id("marko.ahonen").await;
    let admin = app.client_as("admin").await;
    let r = admin.get(&format!("/api/v1/users/{id}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let version = r.json()["version"].as_i64().expect("version");
    assert_eq!(r.etag(), Some(format!("\"{version}\"").as_str()));
    let mut draft = r.json();
    draft["active"] = json!(false);

    // A partnership manager may not do it.
    let kp = app.client_as("kp.virtanen").await;
    kp.json_if(Method::PUT, &format!("/api/v1/users/{id}"), version, &draft).await.problem(403);
    assert_eq!(staff.get("/api/v1/me").await.status, StatusCode::OK);

    let r = admin.json_if(Method::PUT, &format!("/api/v1/users/{id}"), version, &draft).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["active"], false);
    staff.get("/api/v1/me").await.problem(401);
    staff.get("/api/v1/customers").await.problem(401);
    let again = app
        .anonymous()
        .json(Method::POST, "/api/v1/session", &json!({"username": "marko.ahonen", "password": DEMO_PASSWORD}))
        .await;
    again.problem(401);
    // The admin's own session is untouched.
    assert_eq!(admin.get("/api/v1/me").await.status, StatusCode::OK);
}

/// Signing in again replaces the session the browser had: the old token
/// stops working (no session fixation), in the API and through the form.
async fn sign_in_rotates_the_session(app: &TestApp) {
    let first = app.sign_in("kp.virtanen", DEMO_PASSWORD).await;
    let old = Client::new(&app.base, &[("kumppani_session", first.as_str())]);
    assert_eq!(old.get("/api/v1/me").await.status, StatusCode::OK);
    let again = send(
        old.request(Method::POST, "/api/v1/session")
            .json(&json!({"username": "kp.virtanen", "password": DEMO_PASSWORD})),
    )
    .await;
    let second = session_token(&again).expect("a new session");
    assert_ne!(first, second);
    assert_eq!(old.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED, "the old session ended");
    let current = Client::new(&app.base, &[("kumppani_session", second.as_str())]);
    let form = [("username", "kp.virtanen"), ("password", DEMO_PASSWORD), ("next", "/customers")];
    let r = current.form("/login", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_ne!(session_token(&r).as_deref(), Some(second.as_str()));
    assert_eq!(current.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

/// Sessions end after the idle timeout (60 min by default) and after the
/// absolute timeout (12 h), however busy. The session rows are aged in the
/// database rather than by waiting.
async fn sessions_expire_when_idle_or_old(app: &TestApp) {
    use chrono::{Duration, Utc};
    let age = |created_hours: i64, seen_minutes: i64| {
        (Utc::now() - Duration::hours(created_hours), Utc::now() - Duration::minutes(seen_minutes))
    };
    for ((created, seen), alive) in [(age(1, 59), true), (age(2, 61), false), (age(13, 0), false)] {
        let token = app.sign_in("kp.virtanen", DEMO_PASSWORD).await;
        let hash = kumppani_app::auth::token_hash(&token);
        app.db
            .execute(
                "UPDATE sessions SET created_at = $2, last_seen = $3 WHERE token_hash = $1",
                &[hash.into(), created.into(), seen.into()],
            )
            .await
            .expect("age the session");
        let c = Client::new(&app.base, &[("kumppani_session", token.as_str())]);
        let status = c.get("/api/v1/me").await.status;
        assert_eq!(status == StatusCode::OK, alive, "created {created}, last seen {seen}: {status}");
    }
}
