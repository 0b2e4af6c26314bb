//! The server-rendered pages, as a browser without JavaScript uses them.

use kumppani_app::demo::DEMO_PASSWORD;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{Client, Resp, TestApp, create_customer, enc, html, send, session_token};

on_both_backends! { TestApp;
    login_page_and_form_sign_in => sqlite_login_page_and_form_sign_in, postgres_login_page_and_form_sign_in;
    customer_list_page => sqlite_customer_list_page, postgres_customer_list_page;
    customer_page_shows_contacts_and_history => sqlite_customer_page_shows_contacts_and_history, postgres_customer_page_shows_contacts_and_history;
    stale_edit_keeps_what_was_typed => sqlite_stale_edit_keeps_what_was_typed, postgres_stale_edit_keeps_what_was_typed;
    invalid_form_shows_field_messages => sqlite_invalid_form_shows_field_messages, postgres_invalid_form_shows_field_messages;
    new_customer_form_creates_and_redirects => sqlite_new_customer_form_creates_and_redirects, postgres_new_customer_form_creates_and_redirects;
    forms_without_the_csrf_token_are_refused => sqlite_forms_without_the_csrf_token_are_refused, postgres_forms_without_the_csrf_token_are_refused;
    language_switch_returns_to_the_same_page => sqlite_language_switch_returns_to_the_same_page, postgres_language_switch_returns_to_the_same_page;
    login_form_is_throttled => sqlite_login_form_is_throttled, postgres_login_form_is_throttled;
    other_managers_customer_form_is_refused => sqlite_other_managers_customer_form_is_refused, postgres_other_managers_customer_form_is_refused;
}

fn assert_html(r: &Resp, status: StatusCode) {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(r.header("content-type").is_some_and(|t| t.starts_with("text/html")), "{:?}", r.header("content-type"));
}

/// How many customer rows a list page shows.
fn rows(body: &str) -> usize {
    body.matches("<td><a href=\"/customers/").count()
}

/// A page client for a demo user who signed in through the login form.
async fn browser(app: &TestApp, username: &str, extra: &[(&str, &str)]) -> Client {
    let form = [("username", username), ("password", DEMO_PASSWORD), ("next", "/customers")];
    let r = app.anonymous().form("/login", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let token = session_token(&r).expect("session cookie");
    let mut cookies = vec![("kumppani_session", token.as_str())];
    cookies.extend_from_slice(extra);
    Client::new(&app.base, &cookies)
}

async fn login_page_and_form_sign_in(app: &TestApp) {
    let anon = app.anonymous();
    let r = anon.get("/login?next=/customers/5").await;
    assert_html(&r, StatusCode::OK);
    assert!(r.body.contains("<form method=\"post\" action=\"/login\">"), "{}", r.body);
    assert!(r.body.contains("name=\"username\"") && r.body.contains("name=\"password\""));
    assert!(r.body.contains("name=\"next\" value=\"/customers/5\""));
    assert!(r.body.contains("<html lang=\"fi\">"), "Finnish by default");

    let form = [("username", "kp.virtanen"), ("password", DEMO_PASSWORD), ("next", "/customers?q=kunta")];
    let r = anon.form("/login", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), "/customers?q=kunta");
    let token = session_token(&r).expect("a session cookie");
    let c = Client::new(&app.base, &[("kumppani_session", &token)]);
    let list = c.get("/customers").await;
    assert_html(&list, StatusCode::OK);
    assert!(list.body.contains("Sanna Virtanen"), "the signed-in user is shown");

    // Only same-site paths are followed.
    for evil in ["//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "/\n/evil.example"]
    {
        let r = anon.form("/login", &[("username", "kp.virtanen"), ("password", DEMO_PASSWORD), ("next", evil)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(r.location(), "/customers", "next={evil}");
    }

    let r = anon.form("/login", &[("username", "kp.virtanen"), ("password", "väärä salasana")]).await;
    assert_html(&r, StatusCode::UNAUTHORIZED);
    assert!(session_token(&r).is_none());
    assert!(r.body.contains("Käyttäjätunnus tai salasana on väärin."), "{}", r.body);
    assert!(r.body.contains("value=\"kp.virtanen\""), "the username is kept");
    assert!(!r.body.contains("väärä salasana"), "the password is not echoed");
}

async fn customer_list_page(app: &TestApp) {
    let c = browser(app, "kp.virtanen", &[]).await;
    let r = c.get("/customers").await;
    assert_html(&r, StatusCode::OK);
    assert_eq!(rows(&r.body), 25);
    assert!(r.body.contains("60 asiakasta"), "the count is shown");
    assert!(r.body.contains("rel=\"next\"") && !r.body.contains("rel=\"prev\""));

    let api = app.client_as("kp.virtanen").await;
    let first = api.get("/api/v1/customers?limit=25").await.json();
    for cu in first["items"].as_array().expect("items") {
        assert!(r.body.contains(&format!(
            "<a href=\"/customers/{}\">{}</a>",
            cu["id"],
            html(cu["name"].as_str().expect("name"))
        )));
    }
    let next = format!("/customers?after={}", first["next_cursor"]);
    assert!(r.body.contains(&format!("href=\"{next}\"")), "the next link carries the cursor");
    let p2 = c.get(&next).await;
    assert_eq!(rows(&p2.body), 25);
    assert!(p2.body.contains("rel=\"prev\""));

    // Searching narrows the list to what the API finds for the same words.
    let name = first["items"][3]["name"].as_str().expect("name").to_owned();
    let word: String = name.split_whitespace().next().expect("a word").chars().take(5).collect();
    let found = api.get(&format!("/api/v1/customers?limit=100&q={}", enc(&word))).await.json();
    let total = found["total"].as_i64().expect("total");
    assert!((1..60).contains(&total), "{word}: {total}");
    let r = c.get(&format!("/customers?q={}", enc(&word))).await;
    assert_html(&r, StatusCode::OK);
    assert_eq!(rows(&r.body) as i64, total.min(25));
    let label = if total == 1 { "1 asiakas".to_owned() } else { format!("{total} asiakasta") };
    assert!(r.body.contains(&label), "{label}");
    assert!(r.body.contains(&format!("value=\"{}\"", html(&word))), "the search box keeps the words");
    let all = crate::harness::all_customers(&api, "").await;
    let missing = all.iter().find(|cu| !found["items"].as_array().expect("items").iter().any(|f| f["id"] == cu["id"]));
    let missing = missing.expect("a customer the search leaves out");
    assert!(!r.body.contains(&format!("href=\"/customers/{}\"", missing["id"])));

    let none = c.get("/customers?q=qxqxqx").await;
    assert_eq!(rows(&none.body), 0);
    assert!(none.body.contains("0 asiakasta"));
    let en = browser(app, "kp.virtanen", &[("lang", "en")]).await;
    let r = en.get("/customers").await;
    assert!(r.body.contains("60 customers") && r.body.contains("<html lang=\"en\">"));
}

async fn customer_page_shows_contacts_and_history(app: &TestApp) {
    let api = app.client_as("kp.virtanen").await;
    let (id, _) = create_customer(app, &api, "Näytettävä Oy", None).await;
    let r = api
        .json(
            Method::POST,
            &format!("/api/v1/customers/{id}/contacts"),
            &json!({"name": "Outi Ojala", "email": "outi.ojala@example.fi"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let mut body = api.get(&format!("/api/v1/customers/{id}")).await.json();
    body["notes"] = json!("Tärkeä asiakas");
    assert_eq!(api.json_if(Method::PUT, &format!("/api/v1/customers/{id}"), 1, &body).await.status, StatusCode::OK);

    let c = browser(app, "marko.ahonen", &[]).await;
    let r = c.get(&format!("/customers/{id}")).await;
    assert_html(&r, StatusCode::OK);
    for want in ["<h1>Näytettävä Oy</h1>", "Outi Ojala", "outi.ojala@example.fi", "Sanna Virtanen", "Tärkeä asiakas"]
    {
        assert!(r.body.contains(want), "{want}");
    }
    for want in [
        "loi asiakkaan",
        "lisäsi yhteyshenkilön",
        "muutti asiakkaan tietoja",
        "<del>Testiasiakas</del>",
        "<ins>Tärkeä asiakas</ins>",
    ] {
        assert!(r.body.contains(want), "history: {want}");
    }
    assert!(
        !r.body.contains("/customers/{id}/edit".replace("{id}", &id.to_string()).as_str()),
        "staff get no edit link"
    );
    let editor = browser(app, "kp.virtanen", &[]).await;
    let r = editor.get(&format!("/customers/{id}")).await;
    assert!(r.body.contains(&format!("href=\"/customers/{id}/edit\"")));

    // A missing record and a malformed id get the same not-found page.
    for path in ["/customers/999999", "/customers/abc", "/customers/1.5/edit", "/contacts/x/edit", "/segments/x"] {
        let r = c.get(path).await;
        assert_html(&r, StatusCode::NOT_FOUND);
        assert!(r.body.contains("Hakemaasi kohdetta ei löydy."), "{path}: {}", r.body);
    }
}

/// The edit form's fields for a customer read over the API, with changes.
fn edit_fields(cu: &serde_json::Value, version: i64, name: &str, notes: &str) -> Vec<(String, String)> {
    let s = |v: &serde_json::Value| {
        v.as_i64().map(|n| n.to_string()).or_else(|| v.as_str().map(str::to_owned)).unwrap_or_default()
    };
    vec![
        ("version".into(), version.to_string()),
        ("name".into(), name.into()),
        ("business_id".into(), s(&cu["business_id"])),
        ("org_type".into(), s(&cu["org_type"])),
        ("segment_id".into(), s(&cu["segment_id"])),
        ("manager_id".into(), s(&cu["manager_id"])),
        ("deputy_id".into(), s(&cu["deputy_id"])),
        ("notes".into(), notes.into()),
    ]
}

async fn post_fields(c: &Client, path: &str, fields: &[(String, String)]) -> Resp {
    c.form_fields(path, fields).await
}

async fn stale_edit_keeps_what_was_typed(app: &TestApp) {
    let api = app.client_as("kp.virtanen").await;
    let (id, _) = create_customer(app, &api, "Kiistelty Oy", None).await;
    let path = format!("/customers/{id}");
    let cu = api.get(&format!("/api/v1{path}")).await.json();
    let edit = browser(app, "kp.virtanen", &[]).await;
    let form = edit.get(&format!("{path}/edit")).await;
    assert_html(&form, StatusCode::OK);
    assert!(form.body.contains("name=\"version\" value=\"1\""));
    assert!(form.body.contains("value=\"Kiistelty Oy\""));

    // Someone else (the unit head, who may edit every customer) saves first.
    let other = app.client_as("esimies").await;
    let mut theirs = cu.clone();
    theirs["name"] = json!("Toisen tallentama Oy");
    assert_eq!(other.json_if(Method::PUT, &format!("/api/v1{path}"), 1, &theirs).await.status, StatusCode::OK);

    let en = browser(app, "kp.virtanen", &[("lang", "en")]).await;
    let before = app.audit_rows().await;
    let mine = edit_fields(&cu, 1, "Minun nimeni Oy", "Kirjoittamani muistiinpano");
    let r = post_fields(&edit, &path, &mine).await;
    assert_html(&r, StatusCode::CONFLICT);
    assert!(r.body.contains("value=\"Minun nimeni Oy\""), "the typed name is kept");
    assert!(r.body.contains(">Kirjoittamani muistiinpano</textarea>"), "the typed notes are kept");
    assert!(r.body.contains("Joku muu muutti näitä tietoja"), "Finnish conflict message");
    assert!(r.body.contains("<dd>Toisen tallentama Oy</dd>"), "the current saved values are shown");
    assert!(r.body.contains("name=\"version\" value=\"2\""), "saving again means saving over version 2");

    let r = post_fields(&en, &path, &mine).await;
    assert_html(&r, StatusCode::CONFLICT);
    assert!(r.body.contains("Someone else changed these details"), "English conflict message");
    assert!(r.body.contains("value=\"Minun nimeni Oy\""));
    assert_eq!(app.audit_rows().await, before, "conflicts write nothing");
    assert_eq!(api.get(&format!("/api/v1{path}")).await.json()["name"], "Toisen tallentama Oy");

    // Saving again over the version now shown wins.
    let r = post_fields(&edit, &path, &edit_fields(&cu, 2, "Minun nimeni Oy", "Kirjoittamani muistiinpano")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{path}?notice=saved"));
    assert_eq!(app.audit_rows().await, before + 1);
    let shown = edit.get(r.location()).await;
    assert!(shown.body.contains("Muutokset tallennettiin."), "{}", shown.body);
    assert!(shown.body.contains("<h1>Minun nimeni Oy</h1>"));
}

async fn invalid_form_shows_field_messages(app: &TestApp) {
    let api = app.client_as("kp.virtanen").await;
    let (id, _) = create_customer(app, &api, "Virheellinen Oy", None).await;
    let path = format!("/customers/{id}");
    let cu = api.get(&format!("/api/v1{path}")).await.json();
    let c = browser(app, "kp.virtanen", &[]).await;
    let en = browser(app, "kp.virtanen", &[("lang", "en")]).await;
    let before = app.audit_rows().await;

    let mut fields = edit_fields(&cu, 1, "Korjattava Oy", "");
    fields[2].1 = "1234567-2".into();
    let r = post_fields(&c, &path, &fields).await;
    assert_html(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Y-tunnuksen tarkistusmerkki ei täsmää."), "{}", r.body);
    assert!(r.body.contains("aria-invalid=\"true\" aria-describedby=\"f-business_id-error\""));
    assert!(r.body.contains("value=\"1234567-2\"") && r.body.contains("value=\"Korjattava Oy\""));

    let r = post_fields(&en, &path, &fields).await;
    assert_html(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("The check digit of the business ID does not match."), "{}", r.body);

    let mut blank = edit_fields(&cu, 1, "  ", "");
    blank[4].1 = String::new();
    let r = post_fields(&c, "/customers", &blank).await;
    assert_html(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("f-name-error") && r.body.contains("f-segment_id-error"));
    assert!(r.body.contains("Tieto on pakollinen."));
    assert_eq!(app.audit_rows().await, before, "invalid forms write nothing");
    assert_eq!(api.get(&format!("/api/v1{path}")).await.json()["version"], 1);
}

async fn new_customer_form_creates_and_redirects(app: &TestApp) {
    let c = browser(app, "kp.virtanen", &[]).await;
    let form = c.get("/customers/new").await;
    assert_html(&form, StatusCode::OK);
    assert!(form.body.contains("action=\"/customers\""));
    let api = app.client_as("kp.virtanen").await;
    let segment = crate::harness::a_segment(&api).await;
    let manager = app.user_id("kp.virtanen").await;
    let before = app.audit_rows().await;
    let fields = [
        ("name", "Lomakkeella luotu Oy"),
        ("business_id", crate::harness::FREE_BUSINESS_IDS[3]),
        ("org_type", "limited_company"),
        ("segment_id", &segment.to_string()),
        ("manager_id", &manager.to_string()),
        ("deputy_id", ""),
        ("notes", "Luotu lomakkeella"),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    let r = post_fields(&c, "/customers", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.location().to_owned();
    let id: i64 =
        location.strip_prefix("/customers/").and_then(|s| s.parse().ok()).expect("redirect to the new customer");
    assert_eq!(app.audit_rows().await, before + 1);
    let created = api.get(&format!("/api/v1/customers/{id}")).await.json();
    assert_eq!(created["name"], "Lomakkeella luotu Oy");
    assert_eq!(created["business_id"], crate::harness::FREE_BUSINESS_IDS[3]);
    assert!(created["deputy_id"].is_null());
    let page = c.get(&location).await;
    assert_html(&page, StatusCode::OK);
    assert!(page.body.contains("<h1>Lomakkeella luotu Oy</h1>"));
}

/// A signed-in form post must carry the session's `_csrf`; a forged one
/// (missing or another session's) changes nothing.
async fn forms_without_the_csrf_token_are_refused(app: &TestApp) {
    let api = app.client_as("kp.virtanen").await;
    let (id, _) = create_customer(app, &api, "Lomakeväärennös Oy", None).await;
    let c = browser(app, "kp.virtanen", &[]).await;
    let other = browser(app, "esimies", &[]).await;
    let other_token = other.get("/account/password").await.body;
    let other_token =
        other_token.split("name=\"_csrf\" value=\"").nth(1).and_then(|v| v.split('"').next()).expect("token");
    let rows = app.audit_rows().await;
    let fields = |token: Option<&str>| {
        let mut f = vec![("name", "Muutettu"), ("org_type", "limited_company"), ("version", "1")];
        if let Some(t) = token {
            f.push(("_csrf", t));
        }
        f.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect::<Vec<_>>()
    };
    for forged in [None, Some(other_token), Some("0000")] {
        let r = send_raw(&c, &format!("/customers/{id}"), &fields(forged)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{forged:?}: {}", r.body);
    }
    assert_eq!(app.audit_rows().await, rows, "a refused form wrote nothing");
    // The same post with the page's own token goes through to the handler.
    let r = c.form_fields(&format!("/customers/{id}"), &fields(None)).await;
    assert_ne!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
}

/// A form post exactly as given, without the helper adding the token.
async fn send_raw(c: &Client, path: &str, fields: &[(String, String)]) -> Resp {
    crate::harness::send(c.request(Method::POST, path).form(fields)).await
}

/// After five wrong passwords the form refuses even the right one, with a
/// message, alike for existing and unknown usernames.
async fn login_form_is_throttled(app: &TestApp) {
    const THROTTLED: &str = "Liian monta epäonnistunutta kirjautumista.";
    const FAILED: &str = "Käyttäjätunnus tai salasana on väärin.";
    let mut answers: Vec<Vec<(StatusCode, String)>> = Vec::new();
    for username in ["kp.virtanen", "nobody.here"] {
        let anon = app.anonymous();
        let mut seen = Vec::new();
        for _ in 0..5 {
            let r = anon.form("/login", &[("username", username), ("password", "väärä salasana")]).await;
            assert_html(&r, StatusCode::UNAUTHORIZED);
            assert!(r.body.contains(FAILED), "{}", r.body);
            seen.push((r.status, r.body.replace(username, "USER")));
        }
        let r =
            anon.form("/login", &[("username", username), ("password", DEMO_PASSWORD), ("next", "/customers")]).await;
        assert_html(&r, StatusCode::TOO_MANY_REQUESTS);
        assert!(session_token(&r).is_none(), "{username}: no session when throttled");
        assert!(r.body.contains(THROTTLED), "{username}: {}", r.body);
        assert!(!r.body.contains(FAILED), "{username}: the message says why: {}", r.body);
        assert!(r.body.contains(&format!("value=\"{username}\"")), "the username is kept");
        assert!(!r.body.contains(DEMO_PASSWORD), "the password is not echoed");
        seen.push((r.status, r.body.replace(username, "USER")));
        answers.push(seen);
    }
    assert_eq!(answers[0], answers[1], "an unknown user and a real one get the same pages");
    // In the caller's language, and the API shares the count.
    let en = Client::new(&app.base, &[("lang", "en")]);
    let r = en.form("/login", &[("username", "kp.virtanen"), ("password", DEMO_PASSWORD)]).await;
    assert_html(&r, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Too many failed sign-ins."), "{}", r.body);
    let api = app
        .anonymous()
        .json(Method::POST, "/api/v1/session", &json!({"username": "kp.virtanen", "password": DEMO_PASSWORD}))
        .await;
    api.problem(429);
    // Someone else signs in as usual.
    let r = app.anonymous().form("/login", &[("username", "esimies"), ("password", DEMO_PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// The edit form of another manager's customer: the post is refused and
/// audited once; the customer stays as it was.
async fn other_managers_customer_form_is_refused(app: &TestApp) {
    let api = app.client_as("kp.virtanen").await;
    let (id, _) = create_customer(app, &api, "Virtasen lomakeasiakas Oy", None).await;
    let path = format!("/customers/{id}");
    let cu = api.get(&format!("/api/v1{path}")).await.json();
    let other = browser(app, "kp.korhonen", &[]).await;
    let mark = app.audit_mark().await;
    let r = post_fields(&other, &path, &edit_fields(&cu, 1, "Korhosen nimeämä Oy", "Korhonen kävi")).await;
    assert_html(&r, StatusCode::FORBIDDEN);
    let row = app.one_denial_since(mark, "Juha Korhonen", "form post on another manager's customer").await;
    assert_eq!((row.entity.as_str(), row.entity_id), ("customer", Some(id)));
    assert_eq!(api.get(&format!("/api/v1{path}")).await.json(), cu, "nothing changed");
    // Its own manager saves the same form.
    let own = browser(app, "kp.virtanen", &[]).await;
    let r = post_fields(&own, &path, &edit_fields(&cu, 1, "Virtasen nimeämä Oy", "")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

/// The language links return to the page they were clicked on (by its
/// same-site Referer), never to another site.
async fn language_switch_returns_to_the_same_page(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let r =
        send(c.request(Method::GET, "/lang/sv").header("referer", format!("http://{host}/customers/3?notice=saved")))
            .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), "/customers/3?notice=saved");
    assert!(r.header("set-cookie").is_some_and(|v| v.starts_with("lang=sv")));
    let elsewhere = send(c.request(Method::GET, "/lang/en").header("referer", "http://evil.example/phish")).await;
    assert_eq!(elsewhere.location(), "/customers");
    assert_eq!(c.get("/lang/fi").await.location(), "/customers");
    // Browsers drop tabs and newlines from a Location, which would make
    // these leave the site; a newline must not break the answer either.
    for evil in ["/%09/evil.example", "/%0A/evil.example", "/%5C/evil.example", "/%0D%0ASet-Cookie:%20x=y"] {
        let r = c.get(&format!("/lang/en?next={evil}")).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "next={evil}");
        assert_eq!(r.location(), "/customers", "next={evil}");
    }
    let r = c.get("/lang/en?next=/customers%3Fq%3DJyv%C3%A4skyl%C3%A4").await;
    assert_eq!(r.location(), "/customers?q=Jyv%C3%A4skyl%C3%A4", "non-ASCII is kept, encoded");
}
