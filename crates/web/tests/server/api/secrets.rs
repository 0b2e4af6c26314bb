//! Secrets handed out once (API tokens, calendar feed URLs) and the headers
//! around them: tokens expire and end with a password change; answers that
//! show a secret are not cached; feed URLs use the configured public URL,
//! never the request's `Host`; HSTS goes with secure cookies.

use chrono::{DateTime, Duration, Utc};
use kumppani_app::demo::DEMO_PASSWORD;
use kumppani_web::WebConfig;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{Client, Configure, Resp, TestApp, send};
use kumppani_testkit::RawSql;

const PUBLIC: &str = "https://kumppani.example.fi";
const HOSTILE: &str = "evil.example";

fn public(c: WebConfig) -> WebConfig {
    WebConfig { public_url: Some(PUBLIC.into()), ..c }
}

fn no_public_url(c: WebConfig) -> WebConfig {
    WebConfig { public_url: None, ..c }
}

fn secure(c: WebConfig) -> WebConfig {
    WebConfig { secure_cookies: true, ..c }
}

on_both_backends! { TestApp;
    tokens_expire => sqlite_tokens_expire, postgres_tokens_expire;
    a_password_change_ends_tokens => sqlite_a_password_change_ends_tokens, postgres_a_password_change_ends_tokens;
    the_tokens_page_offers_lifetimes => sqlite_the_tokens_page_offers_lifetimes, postgres_the_tokens_page_offers_lifetimes;
    no_hsts_without_secure_cookies => sqlite_no_hsts_without_secure_cookies, postgres_no_hsts_without_secure_cookies;
}

on_both_backends! { TestApp, Configure(public);
    feed_urls_ignore_the_host_header => sqlite_feed_urls_ignore_the_host_header, postgres_feed_urls_ignore_the_host_header;
}

on_both_backends! { TestApp, Configure(no_public_url);
    feed_urls_are_paths_without_a_public_url => sqlite_feed_urls_are_paths_without_a_public_url, postgres_feed_urls_are_paths_without_a_public_url;
}

on_both_backends! { TestApp, Configure(secure);
    hsts_with_secure_cookies => sqlite_hsts_with_secure_cookies, postgres_hsts_with_secure_cookies;
}

fn assert_no_store(what: &str, r: &Resp) {
    assert_eq!(r.header("cache-control"), Some("no-store"), "{what}: {}", r.status);
}

async fn create_token(c: &Client, body: Value) -> (Value, String) {
    let r = c.json(Method::POST, "/api/v1/me/tokens", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_no_store("a new token", &r);
    let v = r.json();
    (v["token"].clone(), v["secret"].as_str().expect("a secret").to_owned())
}

async fn me_with(app: &TestApp, secret: &str) -> StatusCode {
    send(app.anonymous().request(Method::GET, "/api/v1/me").bearer_auth(secret)).await.status
}

fn expiry(token: &Value) -> DateTime<Utc> {
    token["expires_at"].as_str().expect("expires_at").parse().expect("a timestamp")
}

/// Tokens live 90 days unless their creator says (1 to 365), and stop
/// working when they expire.
async fn tokens_expire(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let (token, secret) = create_token(&c, json!({"name": "raportti"})).await;
    let off = (expiry(&token) - (Utc::now() + Duration::days(90))).num_seconds().abs();
    assert!(off < 120, "90 days by default: {}", token["expires_at"]);
    assert_eq!(me_with(app, &secret).await, StatusCode::OK);
    let (year, _) = create_token(&c, json!({"name": "vuosi", "expires_in_days": 365})).await;
    assert!((expiry(&year) - (Utc::now() + Duration::days(365))).num_seconds().abs() < 120);
    for days in [0, -1, 366, 10_000] {
        let r = c.json(Method::POST, "/api/v1/me/tokens", &json!({"name": "x", "expires_in_days": days})).await;
        assert_eq!(r.field_errors(), [("expires_in_days".to_owned(), "error-token-expiry".to_owned())], "{days}");
    }
    // Expired a second ago (aged in the database rather than waited for).
    let past = Utc::now() - Duration::seconds(1);
    let id = token["id"].as_i64().expect("id");
    app.db
        .execute("UPDATE api_tokens SET expires_at = $2 WHERE id = $1", &[id.into(), past.into()])
        .await
        .expect("age the token");
    assert_eq!(me_with(app, &secret).await, StatusCode::UNAUTHORIZED, "an expired token is refused");
    let page = c.get("/account/tokens").await;
    assert!(page.body.contains("Vanhentunut"), "the list says it expired: {}", page.body);
    assert!(page.body.contains(&expiry(&year).format("%Y-%m-%d").to_string()), "the expiry date is shown");
}

/// A password change revokes every token of the user, one audit row each;
/// other users' tokens live on.
async fn a_password_change_ends_tokens(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let (_, first) = create_token(&c, json!({"name": "yksi"})).await;
    let (_, second) = create_token(&c, json!({"name": "kaksi", "expires_in_days": 30})).await;
    let other = app.client_as("kp.korhonen").await;
    let (_, theirs) = create_token(&other, json!({"name": "muiden"})).await;
    let mark = app.audit_mark().await;
    let body = json!({"current_password": DEMO_PASSWORD, "new_password": "uusi salasana 2026"});
    let r = send(app.anonymous().request(Method::POST, "/api/v1/me/password").bearer_auth(&first).json(&body)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(me_with(app, &first).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me_with(app, &second).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me_with(app, &theirs).await, StatusCode::OK, "someone else's token lives on");
    let revoked: Vec<_> = app.audit_since(mark).await.into_iter().filter(|a| a.entity == "api_token").collect();
    assert_eq!(revoked.len(), 2, "one audit row per revoked token");
    assert!(
        revoked.iter().all(|a| a.action == "update"),
        "{:?}",
        revoked.iter().map(|a| &a.action).collect::<Vec<_>>()
    );
    let token = app.sign_in("kp.virtanen", "uusi salasana 2026").await;
    let again = Client::new(&app.base, &[("kumppani_session", &token)]);
    let list = again.get("/api/v1/me/tokens").await.json();
    assert!(list.as_array().expect("a list").iter().all(|t| !t["revoked_at"].is_null()), "{list}");
    // The forms say so.
    assert!(again.get("/account/password").await.body.contains("mitätöi API-avaimesi"));
    assert!(again.get("/account/tokens").await.body.contains("kun salasanasi vaihtuu"));
}

/// The page offers lifetimes (90 days chosen), shows a new token once
/// without letting caches keep it, and refuses a lifetime out of range.
async fn the_tokens_page_offers_lifetimes(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let page = c.get("/account/tokens").await;
    assert!(page.body.contains("<option value=\"90\" selected>"), "{}", page.body);
    let r = c.form("/account/tokens", &[("name", "sivulta"), ("expires_in_days", "30")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("kpt_"), "the secret is shown once");
    assert_no_store("the token page with a new secret", &r);
    let made = c.get("/api/v1/me/tokens").await.json()[0].clone();
    assert!((expiry(&made) - (Utc::now() + Duration::days(30))).num_seconds().abs() < 120, "{made}");
    let r = c.form("/account/tokens", &[("name", "liian pitkä"), ("expires_in_days", "999")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"f-expires_in_days-error\""), "{}", r.body);
    assert!(!r.body.contains("kpt_"), "nothing was created");
    assert_eq!(c.get("/api/v1/me/tokens").await.json().as_array().map(Vec::len), Some(1));
}

/// The `_csrf` value on a signed-in page.
fn csrf_of(page: &str) -> String {
    let at = page.find("name=\"_csrf\" value=\"").expect("a form with _csrf") + "name=\"_csrf\" value=\"".len();
    page[at..].split('"').next().expect("a value").to_owned()
}

/// Feed URLs (API and page) and the links inside a feed come from the
/// configured public URL, whatever `Host` the request names; the answers
/// that show a feed URL are not cached.
async fn feed_urls_ignore_the_host_header(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let body = json!({"scope": "centre", "lang": "en"});
    let r = send(c.request(Method::POST, "/api/v1/calendar-feeds").header("host", HOSTILE).json(&body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_no_store("a new feed", &r);
    let url = r.json()["url"].as_str().expect("url").to_owned();
    assert!(url.starts_with(&format!("{PUBLIC}/feeds/kcal_")) && url.ends_with(".ics"), "{url}");

    let csrf = csrf_of(&c.get("/calendars").await.body);
    let fields = [("scope", "centre"), ("lang", "fi"), ("_csrf", csrf.as_str())];
    let r = send(c.request(Method::POST, "/calendars").header("host", HOSTILE).form(&fields)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_no_store("the calendars page with a new feed", &r);
    assert!(r.body.contains(&format!("value=\"{PUBLIC}/feeds/kcal_")), "{}", r.body);
    assert!(!r.body.contains(HOSTILE));

    // The links in the feed itself too.
    let path = url.strip_prefix(PUBLIC).expect("a path");
    let ics = send(app.anonymous().request(Method::GET, path).header("host", HOSTILE)).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(ics.body.contains(&format!("{PUBLIC}/customers/")), "{}", ics.body);
    assert!(!ics.body.contains(HOSTILE));
}

/// Without a public URL a feed URL is a path, and the page says what to put
/// in front of it.
async fn feed_urls_are_paths_without_a_public_url(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let r = c.json(Method::POST, "/api/v1/calendar-feeds", &json!({"scope": "centre"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let url = r.json()["url"].as_str().expect("url").to_owned();
    assert!(url.starts_with("/feeds/kcal_"), "{url}");
    let r = c.form("/calendars", &[("scope", "centre"), ("lang", "fi")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("value=\"/feeds/kcal_"), "{}", r.body);
    assert!(r.body.contains("julkista osoitetta ei ole määritetty"), "{}", r.body);
    let ics = app.anonymous().get(&url).await;
    assert_eq!(ics.status, StatusCode::OK);
    assert!(!ics.body.contains("/customers/"), "no links without an address: {}", ics.body);
}

const HSTS: &str = "max-age=31536000; includeSubDomains";

async fn no_hsts_without_secure_cookies(app: &TestApp) {
    for path in ["/login", "/healthz", "/api/v1/me"] {
        assert_eq!(app.anonymous().get(path).await.header("strict-transport-security"), None, "{path}");
    }
}

async fn hsts_with_secure_cookies(app: &TestApp) {
    for path in ["/login", "/healthz", "/api/v1/me", "/no-such-page"] {
        assert_eq!(app.anonymous().get(path).await.header("strict-transport-security"), Some(HSTS), "{path}");
    }
}
