//! Calendar feeds (issue 4) over real HTTP: a feed per customer, manager
//! and centre; the ICS parses and follows its sources; secrets are
//! unguessable, revocable and die with their owner's rights; the page.
//! Every check runs on SQLite and, with `KUMPPANI_TEST_POSTGRES_URL`, on
//! PostgreSQL.

use kumppani_testkit::RawSql;

use crate::harness::{Client, Resp, TestApp};
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime, Event, EventLike};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends! { TestApp;
    feeds_follow_their_sources => follow_sqlite, follow_postgres;
    feeds_are_revocable_and_die_with_rights => revoke_sqlite, revoke_postgres;
    feed_requests_are_validated_and_guarded => validation_sqlite, validation_postgres;
    calendars_page_creates_and_revokes => page_sqlite, page_postgres;
}

const PARTNER: &str = "kp.virtanen";

fn etag(r: &Resp) -> i64 {
    r.header("etag").expect("ETag").trim_matches('"').parse().expect("numeric ETag")
}

/// The first customer of `manager` that buys a critical service, and that service.
async fn customer_of(app: &TestApp, manager: &str) -> (i64, String, i64) {
    let m = app.user_id(manager).await;
    let row = app
        .db
        .fetch_one(
            "SELECT c.id, c.name, MIN(cs.service_id) AS service FROM customers c
             JOIN customer_services cs ON cs.customer_id = c.id AND cs.critical = TRUE
             WHERE c.manager_id = $1 GROUP BY c.id, c.name ORDER BY c.id LIMIT 1",
            &[m.into()],
        )
        .await
        .expect("a customer with a critical service");
    (row.get("id").unwrap(), row.get("name").unwrap(), row.get("service").unwrap())
}

async fn create(c: &Client, body: Value) -> (Value, String) {
    let r = c.json(Method::POST, "/api/v1/calendar-feeds", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(etag(&r), 1);
    let v = r.json();
    let url = v["url"].as_str().expect("a feed URL").to_owned();
    (v["feed"].clone(), url)
}

/// Fetches a feed URL as a calendar program does: no cookie, no session.
async fn fetch(url: &str) -> (StatusCode, Option<String>, String) {
    let r = reqwest::get(url).await.expect("feed request");
    let kind = r.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
    (r.status(), kind, r.text().await.expect("feed body"))
}

async fn events_of(url: &str) -> Vec<Event> {
    let (status, kind, body) = fetch(url).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(kind.as_deref(), Some("text/calendar; charset=utf-8"));
    let calendar: Calendar = body.parse().unwrap_or_else(|e| panic!("ICS parses ({e}):\n{body}"));
    calendar
        .components
        .into_iter()
        .filter_map(|c| if let CalendarComponent::Event(e) = c { Some(e) } else { None })
        .collect()
}

fn by_uid<'a>(events: &'a [Event], uid: &str) -> Option<&'a Event> {
    events.iter().find(|e| e.get_uid() == Some(uid))
}

fn event_body(title: &str, on: &str, service: i64) -> Value {
    json!({"kind": "critical_update", "title": title, "on_date": on, "service_id": service,
           "owner_id": null, "status": "planned", "notes": ""})
}

async fn feeds_follow_their_sources(app: &TestApp) {
    let pm = app.client_as(PARTNER).await;
    let (customer, name, service) = customer_of(app, PARTNER).await;
    let mark = app.audit_mark().await;
    let (feed, url) = create(&pm, json!({"scope": "customer", "customer_id": customer, "lang": "fi"})).await;
    assert!(url.starts_with(&app.base) && url.contains("/feeds/kcal_") && url.ends_with(".ics"), "{url}");
    // 256 bits of secret, hex-encoded.
    let secret = url.rsplit('/').next().unwrap().trim_start_matches("kcal_").trim_end_matches(".ics");
    assert_eq!(secret.len(), 64);
    assert!(!feed.to_string().contains(secret), "the secret is not part of the stored record");
    let audit = app.audit_since(mark).await;
    assert_eq!(
        (audit.len(), audit[0].action.as_str(), audit[0].entity.as_str()),
        (1, "create", "calendar_feed"),
        "{audit:?}"
    );
    let stored: i64 = app
        .db
        .fetch_one("SELECT COUNT(*) AS n FROM calendar_feeds WHERE token_hash LIKE $1", &[format!("%{secret}%").into()])
        .await
        .unwrap()
        .get("n")
        .unwrap();
    assert_eq!(stored, 0, "only a hash of the secret is stored");

    // A new critical update appears, titled with the customer and linked to its source.
    let r = pm
        .json(
            Method::POST,
            &format!("/api/v1/customers/{customer}/events"),
            &event_body("Versiopäivitys 5.2", "2099-03-14", service),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let event = r.json()["id"].as_i64().unwrap();
    let uid = format!("event-{event}@kumppani");
    let events = events_of(&url).await;
    let e = by_uid(&events, &uid).expect("the new update is in the feed");
    assert_eq!(e.get_summary(), Some(format!("{name}: Versiopäivitys 5.2").as_str()));
    assert_eq!(e.get_start(), Some(DatePerhapsTime::Date(chrono::NaiveDate::from_ymd_opt(2099, 3, 14).unwrap())));
    assert_eq!(e.get_categories(), Some(vec!["Kriittisen palvelun päivitys".to_owned()]));
    assert_eq!(e.get_url(), Some(format!("{}/events/{event}/edit", app.base).as_str()));
    // The plan review that falls due is there too, once per customer.
    assert!(by_uid(&events, &format!("review-{customer}@kumppani")).is_some(), "review due");
    // Only this customer's things.
    assert!(events.iter().all(|e| e.get_summary().is_some_and(|s| s.starts_with(&format!("{name}: ")))));

    // A changed source changes the entry, under the same UID; a cancelled one leaves.
    let path = format!("/api/v1/events/{event}");
    let moved = event_body("Versiopäivitys 5.3", "2099-04-02", service);
    assert_eq!(pm.json_if(Method::PUT, &path, 1, &moved).await.status, StatusCode::OK);
    let events = events_of(&url).await;
    let e = by_uid(&events, &uid).expect("still there");
    assert_eq!(e.get_summary(), Some(format!("{name}: Versiopäivitys 5.3").as_str()));
    let mut cancelled = moved.clone();
    cancelled["status"] = json!("cancelled");
    assert_eq!(pm.json_if(Method::PUT, &path, 2, &cancelled).await.status, StatusCode::OK);
    assert!(by_uid(&events_of(&url).await, &uid).is_none(), "a cancelled update leaves the calendar");

    // A manager's feed covers their customers only; the centre's covers all.
    let other = customer_of(app, "kp.korhonen").await;
    let r = pm
        .json(
            Method::POST,
            &format!("/api/v1/customers/{}/events", other.0),
            &event_body("Korhosen päivitys", "2099-05-05", other.2),
        )
        .await;
    let head = app.client_as("esimies").await;
    let r = if r.status == StatusCode::CREATED {
        r
    } else {
        head.json(
            Method::POST,
            &format!("/api/v1/customers/{}/events", other.0),
            &event_body("Korhosen päivitys", "2099-05-05", other.2),
        )
        .await
    };
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let other_uid = format!("event-{}@kumppani", r.json()["id"].as_i64().unwrap());
    let me = app.user_id(PARTNER).await;
    let (_, mine) = create(&pm, json!({"scope": "manager", "manager_id": me, "lang": "sv"})).await;
    let (_, centre) = create(&pm, json!({"scope": "centre"})).await;
    let mine = events_of(&mine).await;
    assert!(by_uid(&mine, &format!("review-{customer}@kumppani")).is_some());
    assert!(by_uid(&mine, &other_uid).is_none(), "another manager's customer is not in my portfolio");
    let review = by_uid(&mine, &format!("review-{customer}@kumppani")).unwrap();
    assert_eq!(review.get_categories(), Some(vec!["Granskning av planen".to_owned()]), "a Swedish feed");
    let centre = events_of(&centre).await;
    assert!(by_uid(&centre, &other_uid).is_some() && by_uid(&centre, &format!("review-{customer}@kumppani")).is_some());
    let listed = pm.get("/api/v1/calendar-feeds").await.json();
    assert_eq!(listed.as_array().unwrap().len(), 3);
    assert!(listed.as_array().unwrap().iter().any(|f| f["scope"] == "centre" && f["last_used_at"].is_string()));
}

async fn feeds_are_revocable_and_die_with_rights(app: &TestApp) {
    let pm = app.client_as(PARTNER).await;
    let (customer, _, _) = customer_of(app, PARTNER).await;
    let (feed, url) = create(&pm, json!({"scope": "customer", "customer_id": customer})).await;
    let id = feed["id"].as_i64().unwrap();
    assert_eq!(fetch(&url).await.0, StatusCode::OK);
    // The secret with or without `.ics`; anything else is 404 alike.
    assert_eq!(fetch(url.trim_end_matches(".ics")).await.0, StatusCode::OK);
    let forged = format!("{}/feeds/kcal_{}.ics", app.base, "0".repeat(64));
    assert_eq!(fetch(&forged).await.0, StatusCode::NOT_FOUND);
    assert_eq!(fetch(&format!("{}/feeds/anything", app.base)).await.0, StatusCode::NOT_FOUND);

    // Someone else cannot revoke it, and learns nothing.
    let head = app.client_as("esimies").await;
    head.json_if(Method::DELETE, &format!("/api/v1/calendar-feeds/{id}"), 1, &json!({})).await.problem(404);
    // Revoking needs the version; then the URL is dead at once.
    let path = format!("/api/v1/calendar-feeds/{id}");
    pm.json(Method::DELETE, &path, &json!({})).await.problem(428);
    let mark = app.audit_mark().await;
    assert_eq!(pm.json_if(Method::DELETE, &path, 1, &json!({})).await.status, StatusCode::NO_CONTENT);
    let audit = app.audit_since(mark).await;
    assert_eq!(
        (audit.len(), audit[0].action.as_str(), audit[0].entity.as_str()),
        (1, "update", "calendar_feed"),
        "{audit:?}"
    );
    assert_eq!(fetch(&url).await.0, StatusCode::NOT_FOUND);
    pm.json_if(Method::DELETE, &path, 1, &json!({})).await.problem(412);

    // A feed reads with its owner's rights as they stand: disabling the
    // owner, or a role that may not read plans, ends it.
    let (_, second) = create(&pm, json!({"scope": "centre"})).await;
    assert_eq!(fetch(&second).await.0, StatusCode::OK);
    let owner = app.user_id(PARTNER).await;
    app.db.execute("UPDATE users SET role = 'staff' WHERE id = $1", &[owner.into()]).await.unwrap();
    let mark = app.audit_mark().await;
    assert_eq!(fetch(&second).await.0, StatusCode::NOT_FOUND, "staff may not read plans");
    assert!(app.audit_since(mark).await.is_empty(), "a dead feed's polls do not fill the audit trail");
    app.db
        .execute("UPDATE users SET role = 'partnership_manager', active = FALSE WHERE id = $1", &[owner.into()])
        .await
        .unwrap();
    assert_eq!(fetch(&second).await.0, StatusCode::NOT_FOUND, "a disabled owner's feeds are dead");
    app.db.execute("UPDATE users SET active = TRUE WHERE id = $1", &[owner.into()]).await.unwrap();
    assert_eq!(fetch(&second).await.0, StatusCode::OK);
}

async fn feed_requests_are_validated_and_guarded(app: &TestApp) {
    let pm = app.client_as(PARTNER).await;
    let post = |body: Value| {
        let pm = &pm;
        async move { pm.json(Method::POST, "/api/v1/calendar-feeds", &body).await }
    };
    let p = post(json!({"scope": "customer"})).await.problem(422);
    assert_eq!(p["errors"][0]["field"], "customer_id", "{p}");
    let p = post(json!({"scope": "manager"})).await.problem(422);
    assert_eq!(p["errors"][0]["field"], "manager_id", "{p}");
    assert_eq!(post(json!({"scope": "planet"})).await.problem(422)["errors"][0]["field"], "scope");
    assert_eq!(post(json!({"scope": "centre", "lang": "de"})).await.problem(422)["errors"][0]["field"], "lang");
    let p = post(json!({"scope": "customer", "customer_id": 999_999_999})).await.problem(422);
    assert_eq!(p["errors"][0]["field"], "customer_id");
    let staff = app.user_id("marko.ahonen").await;
    let p = post(json!({"scope": "manager", "manager_id": staff})).await.problem(422);
    assert_eq!(p["errors"][0]["field"], "manager_id", "staff hold no portfolio: {p}");
    let r = pm.json(Method::POST, "/api/v1/calendar-feeds", &json!({"scope": 5})).await;
    assert!(r.status.is_client_error() && r.header("content-type") == Some("application/problem+json"), "{}", r.body);

    // Plans are internal: who may not read them may not subscribe to them.
    for user in ["marko.ahonen", "pp.jokinen", "ulkoinen"] {
        let c = app.client_as(user).await;
        c.json(Method::POST, "/api/v1/calendar-feeds", &json!({"scope": "centre"})).await.problem(404);
        c.get("/api/v1/calendar-feeds").await.problem(404);
        assert_eq!(c.get("/calendars").await.status, StatusCode::NOT_FOUND, "{user}");
    }
    let count: i64 = app.db.fetch_one("SELECT COUNT(*) AS n FROM calendar_feeds", &[]).await.unwrap().get("n").unwrap();
    assert_eq!(count, 0, "nothing was created by refused or invalid requests");
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

async fn calendars_page_creates_and_revokes(app: &TestApp) {
    let pm = app.client_as(PARTNER).await;
    let (customer, name, _) = customer_of(app, PARTNER).await;
    let plan = pm.get(&format!("/customers/{customer}/plan")).await;
    assert!(plan.body.contains(&format!("/calendars?customer_id={customer}")), "the plan page links to it");
    let page = pm.get(&format!("/calendars?customer_id={customer}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&crate::harness::html(&format!("Asiakas: {name}"))), "the customer is offered");

    // A missing choice is shown on the form, nothing is created.
    let r = pm.form_fields("/calendars", &fields(&[("scope", "manager"), ("manager_id", ""), ("lang", "fi")])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("aria-invalid=\"true\""), "{}", r.body);

    // A customer that does not exist is a field error, not a missing page.
    let r = pm
        .form_fields("/calendars", &fields(&[("scope", "customer"), ("customer_id", "999999999"), ("lang", "fi")]))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("f-customer_id"), "{}", r.body);

    let id = customer.to_string();
    let r = pm.form_fields("/calendars", &fields(&[("scope", "customer"), ("customer_id", &id), ("lang", "en")])).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let at = r.body.find("/feeds/kcal_").expect("the new URL is shown once");
    let url_end = r.body[at..].find('"').unwrap();
    let url = format!("{}{}", app.base, &r.body[at..at + url_end]);
    let events = events_of(&url).await;
    let review = by_uid(&events, &format!("review-{customer}@kumppani")).expect("review due");
    assert_eq!(review.get_categories(), Some(vec!["Plan review".to_owned()]), "an English feed");
    let listed = pm.get("/calendars").await;
    assert!(!listed.body.contains("/feeds/kcal_"), "the URL is not shown again");
    assert!(listed.body.contains(&crate::harness::html(&format!("Asiakas: {name}"))));

    let feed = pm.get("/api/v1/calendar-feeds").await.json()[0]["id"].as_i64().unwrap();
    let r = pm.form_fields(&format!("/calendars/{feed}/revoke"), &fields(&[("version", "1")])).await;
    assert!(r.status.is_redirection(), "{}", r.status);
    assert_eq!(fetch(&url).await.0, StatusCode::NOT_FOUND);
    assert!(pm.get("/calendars").await.body.contains("Mitätöity"));
}
