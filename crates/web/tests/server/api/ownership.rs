//! Record-level rules: a partnership manager changes only their own
//! customers (and those of an absent colleague they deputise for), creates
//! only their own, and does not hand customers over; the unit head and
//! administrators edit everything and assign. Every refusal by the rules is
//! audited as one `denied` row and changes nothing.

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{Client, Resp, TestApp, a_segment, create_customer_for, customer_body};

on_both_backends! { TestApp;
    partnership_manager_edits_only_own_customers => sqlite_partnership_manager_edits_only_own_customers, postgres_partnership_manager_edits_only_own_customers;
    deputy_edits_only_while_the_manager_is_away => sqlite_deputy_edits_only_while_the_manager_is_away, postgres_deputy_edits_only_while_the_manager_is_away;
    partnership_manager_creates_only_own_customers => sqlite_partnership_manager_creates_only_own_customers, postgres_partnership_manager_creates_only_own_customers;
    partnership_manager_may_not_reassign => sqlite_partnership_manager_may_not_reassign, postgres_partnership_manager_may_not_reassign;
    unit_head_and_admin_reassign_customers => sqlite_unit_head_and_admin_reassign_customers, postgres_unit_head_and_admin_reassign_customers;
    deputy_sees_absent_managers_customers => sqlite_deputy_sees_absent_managers_customers, postgres_deputy_sees_absent_managers_customers;
}

const FORBIDDEN: &str = "https://kumppani.fi/problems/forbidden";

/// Everything the API shows about a customer: itself, its contacts, its
/// services and its history.
async fn snapshot(c: &Client, customer: i64) -> Vec<Value> {
    let base = format!("/api/v1/customers/{customer}");
    let mut out = Vec::new();
    for path in [base.clone(), format!("{base}/contacts"), format!("{base}/services"), format!("{base}/history")] {
        let r = c.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.body);
        out.push(r.json());
    }
    out
}

/// Asserts that `r` is a 403 which wrote exactly one audit row: `actor`'s
/// refused attempt on `customer`. Returns the new audit mark.
async fn refused(app: &TestApp, r: Resp, mark: i64, actor: &str, customer: i64, what: &str) -> i64 {
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{what}: {}", r.body);
    assert_eq!(r.problem(403)["type"], FORBIDDEN, "{what}");
    let row = app.one_denial_since(mark, actor, what).await;
    assert_eq!((row.entity.as_str(), row.entity_id), ("customer", Some(customer)), "{what}: {row:?}");
    row.id
}

/// A customer's body for a PUT, from the customer as read.
fn draft_of(cu: &Value) -> Value {
    json!({
        "name": cu["name"], "business_id": cu["business_id"], "org_type": cu["org_type"],
        "segment_id": cu["segment_id"], "manager_id": cu["manager_id"], "deputy_id": cu["deputy_id"],
        "notes": cu["notes"],
    })
}

fn codes(r: &Resp) -> Vec<(String, String)> {
    r.field_errors()
}

fn code(field: &str, code: &str) -> Vec<(String, String)> {
    vec![(field.to_owned(), code.to_owned())]
}

/// Records directly that `username` is away from `from` to `to` days from
/// today (inclusive).
async fn absent(app: &TestApp, username: &str, from: i64, to: i64) {
    // The same calendar day the app judges absences on.
    let today = kumppani_app::centre_time::today();
    let user = app.user_id(username).await;
    app.add_absence(user, today + Duration::days(from), today + Duration::days(to), "loma").await;
}

async fn partnership_manager_edits_only_own_customers(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let (own, _) = create_customer_for(app, &head, "Virtasen oma Oy", "kp.virtanen", Some("kp.makinen")).await;
    let (theirs, _) = create_customer_for(app, &head, "Korhosen asiakas Oy", "kp.korhonen", Some("kp.makinen")).await;
    let services = head.get("/api/v1/services").await.json();
    let (s1, s2) = (services[0]["id"].as_i64().expect("service"), services[1]["id"].as_i64().expect("service"));
    let r =
        head.json(Method::POST, &format!("/api/v1/customers/{theirs}/contacts"), &json!({"name": "Kaisa Korpi"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let contact = format!("/api/v1/contacts/{}", r.json()["id"]);
    let r = head.json(Method::POST, &format!("/api/v1/customers/{theirs}/services"), &json!({"service_id": s1})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let subscription = format!("/api/v1/subscriptions/{}", r.json()["id"]);

    // Their own customer, and its contacts and services: allowed.
    let kp = app.client_as("kp.virtanen").await;
    let path = format!("/api/v1/customers/{own}");
    let mut body = draft_of(&kp.get(&path).await.json());
    body["notes"] = json!("Oma muistiinpano");
    let r = kp.json_if(Method::PUT, &path, 1, &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!((r.json()["notes"].clone(), r.etag()), (json!("Oma muistiinpano"), Some("\"2\"")));
    let r = kp.json(Method::POST, &format!("{path}/contacts"), &json!({"name": "Oona Oma"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let r = kp.json(Method::POST, &format!("{path}/services"), &json!({"service_id": s2})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Another manager's customer: refused, audited once, nothing changed;
    // the refusal comes before any look at the body or the version.
    let before = snapshot(&head, theirs).await;
    let path = format!("/api/v1/customers/{theirs}");
    let cu = before[0].clone();
    let mut changed = draft_of(&cu);
    changed["notes"] = json!("Virtanen muutti");
    let mut invalid = changed.clone();
    invalid["name"] = json!("");
    invalid["business_id"] = json!("1234567-2");
    let mut taken = changed.clone();
    taken["manager_id"] = json!(app.user_id("kp.virtanen").await);
    let list = format!("{path}/contacts");
    let subs = format!("{path}/services");
    let actor = "Sanna Virtanen";
    let mark = app.audit_mark().await;
    let r = kp.json_if(Method::PUT, &path, 1, &changed).await;
    let mark = refused(app, r, mark, actor, theirs, "PUT customer").await;
    let r = kp.json_if(Method::PUT, &path, 1, &invalid).await;
    let mark = refused(app, r, mark, actor, theirs, "PUT customer, invalid body").await;
    let r = kp.json_if(Method::PUT, &path, 7, &changed).await;
    let mark = refused(app, r, mark, actor, theirs, "PUT customer, stale version").await;
    let r = kp.json_if(Method::PUT, &path, 1, &taken).await;
    let mark = refused(app, r, mark, actor, theirs, "PUT customer, taking it over").await;
    let r = kp.json(Method::POST, &list, &json!({"name": "Vieras Virtanen"})).await;
    let mark = refused(app, r, mark, actor, theirs, "POST contact").await;
    let r = kp.json(Method::POST, &list, &json!({"name": "", "email": "x"})).await;
    let mark = refused(app, r, mark, actor, theirs, "POST contact, invalid body").await;
    let r = kp.json_if(Method::PUT, &contact, 1, &json!({"name": "Kaisa Virtanen"})).await;
    let mark = refused(app, r, mark, actor, theirs, "PUT contact").await;
    let r = kp.json_if(Method::PUT, &contact, 9, &json!({"name": "Kaisa V"})).await;
    let mark = refused(app, r, mark, actor, theirs, "PUT contact, stale version").await;
    let r = kp.delete_if(&contact, 1).await;
    let mark = refused(app, r, mark, actor, theirs, "DELETE contact").await;
    let r = kp.json(Method::POST, &subs, &json!({"service_id": s2})).await;
    let mark = refused(app, r, mark, actor, theirs, "POST subscription").await;
    let r = kp.json(Method::POST, &subs, &json!({"service_id": s1})).await;
    let mark = refused(app, r, mark, actor, theirs, "POST subscription, already subscribed").await;
    let r = kp.json_if(Method::PUT, &subscription, 1, &json!({"critical": true})).await;
    let mark = refused(app, r, mark, actor, theirs, "PUT subscription").await;
    let r = kp.json_if(Method::PUT, &subscription, 5, &json!({"critical": true})).await;
    let mark = refused(app, r, mark, actor, theirs, "PUT subscription, stale version").await;
    let r = kp.delete_if(&subscription, 1).await;
    refused(app, r, mark, actor, theirs, "DELETE subscription").await;
    assert_eq!(snapshot(&head, theirs).await, before, "the refused requests changed nothing");
    assert_eq!(head.get(&contact).await.json()["name"], "Kaisa Korpi");
    assert_eq!(head.get(&subscription).await.json()["critical"], false);

    // The same change by the customer's own manager goes through.
    let korhonen = app.client_as("kp.korhonen").await;
    let r = korhonen.json_if(Method::PUT, &path, 1, &changed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["notes"], "Virtanen muutti");
}

async fn deputy_edits_only_while_the_manager_is_away(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let (id, _) = create_customer_for(app, &head, "Sijaistettava Oy", "kp.korhonen", Some("kp.virtanen")).await;
    let path = format!("/api/v1/customers/{id}");
    let deputy = app.client_as("kp.virtanen").await;
    let outsider = app.client_as("kp.makinen").await;
    let try_edit = |c: Client, notes: &'static str| {
        let path = path.clone();
        async move {
            let cu = c.get(&path).await.json();
            let mut body = draft_of(&cu);
            body["notes"] = json!(notes);
            c.json_if(Method::PUT, &path, cu["version"].as_i64().expect("version"), &body).await
        }
    };

    // The manager is at work: the deputy has no say.
    let before = snapshot(&head, id).await;
    let mark = app.audit_mark().await;
    let r = try_edit(deputy.clone(), "Sijaisen muistiinpano").await;
    let mark = refused(app, r, mark, "Sanna Virtanen", id, "deputy, manager present").await;
    let r = deputy.json(Method::POST, &format!("{path}/contacts"), &json!({"name": "Sijaisen lisäämä"})).await;
    let mark = refused(app, r, mark, "Sanna Virtanen", id, "deputy adds a contact, manager present").await;
    // Absences that do not cover today change nothing, nor does someone
    // else's absence.
    absent(app, "kp.korhonen", -10, -1).await;
    absent(app, "kp.korhonen", 2, 9).await;
    absent(app, "kp.makinen", -1, 1).await;
    let r = try_edit(deputy.clone(), "Sijaisen muistiinpano").await;
    let mark = refused(app, r, mark, "Sanna Virtanen", id, "deputy, manager away on other days").await;
    assert_eq!(snapshot(&head, id).await, before, "the refusals changed nothing");

    // The manager is away today: the deputy stands in.
    absent(app, "kp.korhonen", -1, 1).await;
    let r = try_edit(deputy.clone(), "Sijaisen muistiinpano").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["notes"], "Sijaisen muistiinpano");
    let r = deputy.json(Method::POST, &format!("{path}/contacts"), &json!({"name": "Sijaisen lisäämä"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rows = app.audit_since(mark).await;
    let actions: Vec<(&str, &str, &str)> =
        rows.iter().map(|r| (r.action.as_str(), r.entity.as_str(), r.actor_name.as_str())).collect();
    assert_eq!(actions, [("update", "customer", "Sanna Virtanen"), ("create", "contact", "Sanna Virtanen")]);
    // Standing in is not taking over: no reassigning.
    let cu = deputy.get(&path).await.json();
    let mut body = draft_of(&cu);
    body["manager_id"] = json!(app.user_id("kp.virtanen").await);
    body["deputy_id"] = json!(app.user_id("kp.korhonen").await);
    let r = deputy.json_if(Method::PUT, &path, cu["version"].as_i64().expect("version"), &body).await;
    assert_eq!(codes(&r), code("manager_id", "error-assign-forbidden"));
    assert_eq!(deputy.get(&path).await.json(), cu, "the refused reassignment changed nothing");
    // Someone who is not the deputy gets nothing from the absence.
    let mark = app.audit_mark().await;
    let r = try_edit(outsider, "Ulkopuolisen muistiinpano").await;
    refused(app, r, mark, "Minna Mäkinen", id, "another manager, manager away").await;
    // The absent manager keeps their own rights.
    let r = try_edit(app.client_as("kp.korhonen").await, "Palasin lomalta").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn partnership_manager_creates_only_own_customers(app: &TestApp) {
    let kp = app.client_as("kp.virtanen").await;
    let segment = a_segment(&kp).await;
    let me = app.user_id("kp.virtanen").await;
    let other = app.user_id("kp.korhonen").await;
    let before = app.audit_rows().await;
    let count = app.count("customers").await;

    for manager in [Some(other), None] {
        let body = customer_body("Jonkun muun asiakas Oy", None, segment, manager);
        let r = kp.json(Method::POST, "/api/v1/customers", &body).await;
        assert_eq!(codes(&r), code("manager_id", "error-own-customers-only"), "manager {manager:?}");
    }
    let mut theirs_with_me_as_deputy = customer_body("Jonkun muun asiakas Oy", None, segment, Some(other));
    theirs_with_me_as_deputy["deputy_id"] = json!(me);
    let r = kp.json(Method::POST, "/api/v1/customers", &theirs_with_me_as_deputy).await;
    assert_eq!(codes(&r), code("manager_id", "error-own-customers-only"));
    assert_eq!(app.count("customers").await, count, "nothing was created");
    assert_eq!(app.audit_rows().await, before, "an invalid request writes no audit row");

    // Their own, but naming a deputy: deputies are the unit head's to assign.
    let mut own = customer_body("Oma uusi asiakas Oy", None, segment, Some(me));
    own["deputy_id"] = json!(other);
    let r = kp.json(Method::POST, "/api/v1/customers", &own).await;
    assert_eq!(codes(&r), code("deputy_id", "error-assign-forbidden"));
    assert_eq!(app.count("customers").await, count, "nothing was created");
    // Their own, without a deputy: fine.
    own["deputy_id"] = Value::Null;
    let r = kp.json(Method::POST, "/api/v1/customers", &own).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!((r.json()["manager_id"].clone(), r.json()["deputy_id"].clone()), (json!(me), Value::Null));
    assert_eq!(app.audit_rows().await, before + 1);
    // The unit head creates customers for anyone.
    let head = app.client_as("esimies").await;
    let r = head
        .json(Method::POST, "/api/v1/customers", &customer_body("Korhosen uusi Oy", None, segment, Some(other)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["manager_id"], other);
}

async fn partnership_manager_may_not_reassign(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let (id, _) = create_customer_for(app, &head, "Pysyvästi Virtasen Oy", "kp.virtanen", Some("kp.korhonen")).await;
    let path = format!("/api/v1/customers/{id}");
    let kp = app.client_as("kp.virtanen").await;
    let cu = kp.get(&path).await.json();
    let before = app.audit_rows().await;
    let (korhonen, makinen) = (app.user_id("kp.korhonen").await, app.user_id("kp.makinen").await);

    let changes: [(&str, &str, Value); 4] = [
        ("deputy", "deputy_id", json!(makinen)),
        ("no deputy", "deputy_id", Value::Null),
        ("manager", "manager_id", json!(makinen)),
        ("no manager", "manager_id", Value::Null),
    ];
    for (what, field, value) in changes {
        let mut body = draft_of(&cu);
        body[field] = value;
        body["notes"] = json!("Samalla muuta");
        let r = kp.json_if(Method::PUT, &path, 1, &body).await;
        assert_eq!(codes(&r), code("manager_id", "error-assign-forbidden"), "{what}");
    }
    assert_eq!(kp.get(&path).await.json(), cu, "the refused changes changed nothing");
    assert_eq!(app.audit_rows().await, before, "an invalid request writes no audit row");

    // Keeping the people as they are, the rest may change.
    let mut body = draft_of(&cu);
    body["notes"] = json!("Samalla muuta");
    let r = kp.json_if(Method::PUT, &path, 1, &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.json()["manager_id"].clone(), r.json()["deputy_id"].clone()),
        (cu["manager_id"].clone(), json!(korhonen))
    );
}

async fn unit_head_and_admin_reassign_customers(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let (id, _) = create_customer_for(app, &head, "Siirrettävä Oy", "kp.virtanen", Some("kp.korhonen")).await;
    let path = format!("/api/v1/customers/{id}");
    let (virtanen, korhonen, makinen) =
        (app.user_id("kp.virtanen").await, app.user_id("kp.korhonen").await, app.user_id("kp.makinen").await);

    let mut body = draft_of(&head.get(&path).await.json());
    body["manager_id"] = json!(korhonen);
    body["deputy_id"] = json!(makinen);
    let r = head.json_if(Method::PUT, &path, 1, &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let moved = r.json();
    assert_eq!(
        (moved["manager_name"].clone(), moved["deputy_name"].clone()),
        (json!("Juha Korhonen"), json!("Minna Mäkinen"))
    );

    // The customer went with the assignment.
    let kp = app.client_as("kp.virtanen").await;
    let mut mine = draft_of(&moved);
    mine["notes"] = json!("Vielä minun?");
    let mark = app.audit_mark().await;
    let r = kp.json_if(Method::PUT, &path, 2, &mine).await;
    refused(app, r, mark, "Sanna Virtanen", id, "the former manager").await;
    let r = app.client_as("kp.korhonen").await.json_if(Method::PUT, &path, 2, &mine).await;
    assert_eq!(r.status, StatusCode::OK, "the new manager: {}", r.body);

    // An administrator may hand it back, and leave it without a deputy.
    let admin = app.client_as("admin").await;
    let mut back = draft_of(&r.json());
    back["manager_id"] = json!(virtanen);
    back["deputy_id"] = Value::Null;
    let r = admin.json_if(Method::PUT, &path, 3, &back).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!((r.json()["manager_id"].clone(), r.json()["deputy_id"].clone()), (json!(virtanen), Value::Null));

    let h = head.get(&format!("{path}/history")).await.json();
    let changes = |i: usize, field: &str| {
        h[i]["changes"].as_array().and_then(|cs| cs.iter().find(|c| c["field"] == field)).cloned()
    };
    assert_eq!(h[0]["actor_name"], "Aki Salonen");
    assert_eq!(
        changes(0, "manager"),
        Some(json!({"field": "manager", "old": "Juha Korhonen", "new": "Sanna Virtanen"}))
    );
    assert_eq!(changes(0, "deputy"), Some(json!({"field": "deputy", "old": "Minna Mäkinen", "new": null})));
    assert_eq!(h[2]["actor_name"], "Riitta Lehtonen");
    assert_eq!(
        changes(2, "manager"),
        Some(json!({"field": "manager", "old": "Sanna Virtanen", "new": "Juha Korhonen"}))
    );
    assert_eq!(changes(2, "deputy"), Some(json!({"field": "deputy", "old": "Juha Korhonen", "new": "Minna Mäkinen"})));
}

/// While the manager is away, the deputy's customer list leads with the
/// customers routed to them; before and after, it does not.
async fn deputy_sees_absent_managers_customers(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let (id, _) = create_customer_for(app, &head, "Sijaistettava Oy", "kp.virtanen", Some("kp.korhonen")).await;
    let deputy = app.client_as("kp.korhonen").await;
    let link = format!("<a href=\"/customers/{id}\">Sijaistettava Oy</a>");
    let before = deputy.get("/customers?q=zzzz").await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(!before.body.contains(&link), "not routed while the manager is in");
    absent(app, "kp.virtanen", 1, 3).await;
    assert!(!deputy.get("/customers?q=zzzz").await.body.contains(&link), "not before the absence starts");
    absent(app, "kp.virtanen", 0, 0).await;
    let during = deputy.get("/customers?q=zzzz").await;
    assert!(during.body.contains(&link), "routed to the deputy during the absence");
    // Only to the deputy.
    assert!(!app.client_as("kp.laine").await.get("/customers?q=zzzz").await.body.contains(&link));
}
