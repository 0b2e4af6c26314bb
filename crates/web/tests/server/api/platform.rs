//! What every response shares: security headers and the cross-site check;
//! the session cookie's flags; the OpenAPI document; translations; health.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{Resp, TestApp, a_segment, customer_body, send, session_token};

on_both_backends! { TestApp;
    every_response_has_security_headers => sqlite_every_response_has_security_headers, postgres_every_response_has_security_headers;
    cross_site_writes_are_refused => sqlite_cross_site_writes_are_refused, postgres_cross_site_writes_are_refused;
    session_cookie_is_http_only_and_lax => sqlite_session_cookie_is_http_only_and_lax, postgres_session_cookie_is_http_only_and_lax;
    openapi_lists_every_route => sqlite_openapi_lists_every_route, postgres_openapi_lists_every_route;
    health_and_readiness => sqlite_health_and_readiness, postgres_health_and_readiness;
    unknown_addresses_answer_404_in_kind => sqlite_unknown_addresses_answer_404_in_kind, postgres_unknown_addresses_answer_404_in_kind;
}

fn assert_security_headers(what: &str, r: &Resp) {
    let csp = r.header("content-security-policy").unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"));
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{what}");
    assert_eq!(r.header("x-frame-options"), Some("DENY"), "{what}");
    assert!(r.header("referrer-policy").is_some_and(|v| !v.is_empty()), "{what}: no Referrer-Policy");
}

async fn every_response_has_security_headers(app: &TestApp) {
    let anon = app.anonymous();
    let c = app.client_as("kp.virtanen").await;
    let checks = [
        ("login page", anon.get("/login").await),
        ("redirect to sign-in", anon.get("/customers").await),
        ("page", c.get("/customers").await),
        ("stylesheet", c.get("/assets/style.css").await),
        ("API", c.get("/api/v1/me").await),
        ("API 401", anon.get("/api/v1/me").await),
        ("API 404", c.get("/api/v1/customers/999999").await),
        ("page 404", c.get("/no/such/page").await),
        ("OpenAPI", anon.get("/api/openapi.json").await),
        ("health", anon.get("/healthz").await),
        (
            "API 422",
            c.json(Method::POST, "/api/v1/customers", &json!({"name": "", "org_type": "", "segment_id": null})).await,
        ),
    ];
    for (what, r) in &checks {
        assert_security_headers(what, r);
    }
    assert_eq!(checks[7].1.status, StatusCode::NOT_FOUND);
    assert_eq!(checks[10].1.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn cross_site_writes_are_refused(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let segment = a_segment(&c).await;
    // A partnership manager's own customer: the write itself is allowed.
    let me = Some(app.user_id("kp.virtanen").await);
    let body = customer_body("Toiselta sivustolta Oy", None, segment, me);
    let audit = app.audit_rows().await;
    let customers = app.count("customers").await;

    let cross = |rb: reqwest::RequestBuilder| rb.header("sec-fetch-site", "cross-site");
    let r = send(cross(c.request(Method::POST, "/api/v1/customers").json(&body))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert_security_headers("refused write", &r);
    let r = send(cross(c.request(Method::POST, "/customers").form(&[("name", "Toiselta sivustolta Oy")]))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r =
        send(c.request(Method::POST, "/customers").header("sec-fetch-site", "same-site").form(&[("name", "X")])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a sibling subdomain is another site too");
    // Without Sec-Fetch-Site, a foreign Origin is refused the same way.
    let r =
        send(c.request(Method::POST, "/api/v1/customers").header("origin", "https://evil.example").json(&body)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Signing out or in from another site is refused too.
    let r = send(cross(c.request(Method::DELETE, "/api/v1/session"))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get("/api/v1/me").await.status, StatusCode::OK, "the session lives on");
    let form = [("username", "kp.virtanen"), ("password", kumppani_app::demo::DEMO_PASSWORD)];
    let r = send(cross(app.anonymous().request(Method::POST, "/login").form(&form))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(session_token(&r).is_none());

    assert_eq!(app.audit_rows().await, audit, "nothing was written");
    assert_eq!(app.count("customers").await, customers);

    // Reads from anywhere are fine, and so are same-origin writes.
    let r = send(cross(c.request(Method::GET, "/api/v1/customers"))).await;
    assert_eq!(r.status, StatusCode::OK);
    let r =
        send(c.request(Method::POST, "/api/v1/customers").header("sec-fetch-site", "same-origin").json(&body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let origin = app.base.clone();
    let r = send(c.request(Method::POST, "/api/v1/customers").header("origin", origin).json(&customer_body(
        "Samalta Oy",
        None,
        segment,
        me,
    )))
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
}

fn assert_session_cookie(what: &str, r: &Resp) {
    let cookie = r
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kumppani_session="))
        .unwrap_or_else(|| panic!("{what}: no session cookie"));
    let attrs: Vec<String> = cookie.split(';').skip(1).map(|a| a.trim().to_ascii_lowercase()).collect();
    assert!(attrs.contains(&"httponly".to_owned()), "{what}: {cookie}");
    assert!(attrs.contains(&"samesite=lax".to_owned()), "{what}: {cookie}");
    assert!(attrs.contains(&"path=/".to_owned()), "{what}: {cookie}");
    let token = session_token(r).unwrap_or_default();
    assert!(token.len() >= 32, "{what}: a long random token, got {token:?}");
}

async fn session_cookie_is_http_only_and_lax(app: &TestApp) {
    let password = kumppani_app::demo::DEMO_PASSWORD;
    let api = app
        .anonymous()
        .json(Method::POST, "/api/v1/session", &json!({"username": "esimies", "password": password}))
        .await;
    assert_eq!(api.status, StatusCode::OK);
    assert_session_cookie("API sign-in", &api);
    let page = app.anonymous().form("/login", &[("username", "esimies"), ("password", password)]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_session_cookie("form sign-in", &page);
    assert_ne!(session_token(&api), session_token(&page), "every sign-in gets its own session");
    // The token is not the user's id or name, and not shown in the body.
    assert!(!api.body.contains(&session_token(&api).unwrap_or_default()));
}

/// Every route under /api/v1 the router serves, with its methods.
const API_ROUTES: &[(&str, &[&str])] = &[
    ("/api/v1/customers", &["get", "post"]),
    ("/api/v1/requests", &["get", "post"]),
    ("/api/v1/requests/{id}", &["get"]),
    ("/api/v1/requests/dashboard", &["get"]),
    ("/api/v1/requests/mail", &["post"]),
    ("/api/v1/requests/{id}/timeline", &["get"]),
    ("/api/v1/requests/{id}/deliveries", &["get"]),
    ("/api/v1/requests/{id}/channel", &["put"]),
    ("/api/v1/requests/{id}/status", &["put"]),
    ("/api/v1/requests/{id}/notes", &["put"]),
    ("/api/v1/routing-rules", &["get", "post"]),
    ("/api/v1/routing-rules/{id}", &["get", "put"]),
    ("/api/v1/processes", &["get"]),
    ("/api/v1/processes/{id}", &["get"]),
    ("/api/v1/process-steps/{id}", &["put"]),
    ("/api/v1/requests/{id}/process", &["get", "put"]),
    ("/api/v1/requests/{id}/process/step", &["put"]),
    ("/api/v1/customers/{id}", &["get", "put"]),
    ("/api/v1/customers/{id}/history", &["get"]),
    ("/api/v1/customers/{id}/contacts", &["get", "post"]),
    ("/api/v1/customers/{id}/services", &["get", "post"]),
    ("/api/v1/contacts/{id}", &["get", "put", "delete"]),
    ("/api/v1/subscriptions/{id}", &["get", "put", "delete"]),
    ("/api/v1/segments", &["get", "post"]),
    ("/api/v1/segments/{id}", &["get", "put"]),
    ("/api/v1/services", &["get", "post"]),
    ("/api/v1/services/{id}", &["get", "put"]),
    ("/api/v1/session", &["post", "delete"]),
    ("/api/v1/me", &["get"]),
    ("/api/v1/me/password", &["post"]),
    ("/api/v1/me/tokens", &["get", "post"]),
    ("/api/v1/me/tokens/{id}", &["delete"]),
    ("/api/v1/balance/coverage", &["get"]),
    ("/api/v1/balance/proposal", &["post"]),
    ("/api/v1/balance/apply", &["post"]),
    ("/api/v1/users", &["get", "post"]),
    ("/api/v1/users/{id}", &["get", "put"]),
    ("/api/v1/users/{id}/absences", &["get", "post"]),
    ("/api/v1/absences/{id}", &["delete"]),
    ("/api/v1/projects", &["get", "post"]),
    ("/api/v1/projects/{id}", &["get", "put"]),
    ("/api/v1/projects/{id}/status", &["get", "post"]),
    ("/api/v1/projects/{id}/board", &["get", "put"]),
    ("/api/v1/projects/{id}/board/guidance", &["put"]),
    ("/api/v1/projects/{id}/meetings", &["get", "post"]),
    ("/api/v1/projects/{id}/decisions", &["get", "post"]),
    ("/api/v1/projects/{id}/summary", &["get"]),
    ("/api/v1/me/projects", &["get"]),
    ("/api/v1/customers/{id}/plan", &["get"]),
    ("/api/v1/customers/{id}/plan/notes", &["put"]),
    ("/api/v1/customers/{id}/plan/review", &["put"]),
    ("/api/v1/customers/{id}/plan/history", &["get"]),
    ("/api/v1/customers/{id}/plan/changes", &["get"]),
    ("/api/v1/customers/{id}/events", &["get", "post"]),
    ("/api/v1/events/{id}", &["get", "put"]),
    ("/api/v1/plans", &["get"]),
    ("/api/v1/plan-template", &["get", "put"]),
    ("/api/v1/projects/import", &["post"]),
    ("/api/v1/imports", &["post"]),
    ("/api/v1/customers/{id}/activities", &["get"]),
    ("/api/v1/projects/{id}/stakeholders", &["get", "post"]),
    ("/api/v1/stakeholders/{id}", &["get", "put", "delete"]),
    ("/api/v1/projects/{id}/communications", &["get", "post"]),
    ("/api/v1/communications/{id}", &["get", "put", "delete"]),
    ("/api/v1/projects/{id}/lessons", &["get", "post"]),
    ("/api/v1/lessons", &["get"]),
    ("/api/v1/lessons/{id}", &["get", "put"]),
    ("/api/v1/projects/{id}/similar-lessons", &["get"]),
    ("/api/v1/glossary", &["get", "post"]),
    ("/api/v1/glossary/{id}", &["get", "put"]),
    ("/api/v1/calendar-feeds", &["get", "post"]),
    ("/api/v1/calendar-feeds/{id}", &["delete"]),
];

async fn openapi_lists_every_route(app: &TestApp) {
    let r = app.anonymous().get("/api/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").is_some_and(|t| t.starts_with("application/json")));
    let doc = r.json();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{}", doc["openapi"]);
    assert!(doc["info"]["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(doc, serde_json::to_value(kumppani_web::openapi()).expect("document as JSON"));

    let documented: BTreeMap<String, BTreeSet<String>> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .map(|(path, item)| {
            let methods = item.as_object().expect("path item").keys().filter(|k| is_method(k)).cloned().collect();
            (path.clone(), methods)
        })
        .collect();
    let served: BTreeMap<String, BTreeSet<String>> =
        API_ROUTES.iter().map(|(p, ms)| ((*p).to_owned(), ms.iter().map(|m| (*m).to_owned()).collect())).collect();
    assert_eq!(documented, served, "the document lists exactly the routes served");

    // And the router does serve each of them: no 404 or 405 from routing.
    let anon = app.anonymous();
    for (path, methods) in API_ROUTES {
        let url = path.replace("{id}", "1");
        for m in *methods {
            let method = Method::from_bytes(m.to_uppercase().as_bytes()).expect("method");
            let r = send(anon.request(method, &url).header("content-type", "application/json").body("{}")).await;
            assert!(
                r.status != StatusCode::NOT_FOUND && r.status != StatusCode::METHOD_NOT_ALLOWED,
                "{m} {url} answered {}",
                r.status
            );
            assert_eq!(r.header("content-type"), Some("application/problem+json"), "{m} {url}: {}", r.body);
        }
    }
    // Each operation says what it answers.
    for (path, methods) in API_ROUTES {
        for m in *methods {
            let op = &doc["paths"][*path][*m];
            assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{m} {path}");
        }
    }
}

fn is_method(k: &str) -> bool {
    matches!(k, "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace")
}

async fn health_and_readiness(app: &TestApp) {
    let anon = app.anonymous();
    let h = anon.get("/healthz").await;
    assert_eq!((h.status, h.body.as_str()), (StatusCode::OK, "ok"));
    assert_eq!(anon.get("/readyz").await.status, StatusCode::OK);
    // Once the database is gone, the service is not ready.
    app.db.close().await;
    assert_eq!(anon.get("/readyz").await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(anon.get("/healthz").await.status, StatusCode::OK, "alive, though not ready");
}

#[test]
fn every_language_has_every_message() {
    let missing = kumppani_web::missing_keys();
    assert!(missing.is_empty(), "missing translations: {missing:?}");
}

async fn unknown_addresses_answer_404_in_kind(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let api = c.get("/api/v1/no-such-thing").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.header("content-type"), Some("application/problem+json"));
    assert_eq!(api.json()["status"], 404);
    let page = c.get("/no-such-page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.header("content-type").is_some_and(|t| t.starts_with("text/html")));
}
