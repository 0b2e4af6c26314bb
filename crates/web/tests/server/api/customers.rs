//! Customers over the API: create, read, update with ETags, validation in
//! the caller's language, the audit trail and the history.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{FREE_BUSINESS_IDS, TestApp, a_segment, create_customer, customer_body, send};

on_both_backends! { TestApp;
    customer_crud_with_etags => sqlite_customer_crud_with_etags, postgres_customer_crud_with_etags;
    missing_and_malformed_requests => sqlite_missing_and_malformed_requests, postgres_missing_and_malformed_requests;
    invalid_customer_is_422_in_callers_language => sqlite_invalid_customer_is_422_in_callers_language, postgres_invalid_customer_is_422_in_callers_language;
    business_id_must_be_free => sqlite_business_id_must_be_free, postgres_business_id_must_be_free;
    one_audit_row_per_customer_change => sqlite_one_audit_row_per_customer_change, postgres_one_audit_row_per_customer_change;
    history_shows_old_and_new_values => sqlite_history_shows_old_and_new_values, postgres_history_shows_old_and_new_values;
}

async fn customer_crud_with_etags(app: &TestApp) {
    // The unit head: only they name a deputy when creating a customer.
    let c = app.client_as("esimies").await;
    let segment = a_segment(&c).await;
    let manager = app.user_id("kp.virtanen").await;
    let deputy = app.user_id("kp.korhonen").await;
    let mut body = customer_body("Testilän  kunta", Some(FREE_BUSINESS_IDS[0]), segment, Some(manager));
    body["deputy_id"] = json!(deputy);

    let r = c.json(Method::POST, "/api/v1/customers", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.etag(), Some("\"1\""));
    let created = r.json();
    let id = created["id"].as_i64().expect("id");
    assert_eq!(created["name"], "Testilän kunta", "names are single-spaced");
    assert_eq!(created["business_id"], FREE_BUSINESS_IDS[0]);
    assert_eq!(created["org_type"], "municipality");
    assert_eq!(created["segment_id"], segment);
    assert_eq!(created["manager_id"], manager);
    assert_eq!(created["manager_name"], "Sanna Virtanen");
    assert_eq!(created["deputy_name"], "Juha Korhonen");
    assert_eq!(created["notes"], "Testiasiakas");
    assert_eq!(created["version"], 1);

    let r = c.get(&format!("/api/v1/customers/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.etag(), Some("\"1\""));
    assert_eq!(r.json(), created);

    body["name"] = json!("Testilän kaupunki");
    body["org_type"] = json!("joint_authority");
    let r = c.json_if(Method::PUT, &format!("/api/v1/customers/{id}"), 1, &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.etag(), Some("\"2\""));
    assert_eq!(r.json()["name"], "Testilän kaupunki");
    assert_eq!(r.json()["org_type"], "joint_authority");
    assert_eq!(r.json()["version"], 2);

    // A weak ETag (as some proxies rewrite them) names the same version.
    body["notes"] = json!("Heikko ETag");
    let weak = c.request(Method::PUT, &format!("/api/v1/customers/{id}")).header("if-match", "W/\"2\"").json(&body);
    let r = send(weak).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.etag(), Some("\"3\""));

    // Based on an old version: refused, and told the current one.
    body["name"] = json!("Myöhästynyt muutos");
    let stale = c.json_if(Method::PUT, &format!("/api/v1/customers/{id}"), 2, &body).await;
    let p = stale.problem(412);
    assert_eq!(p["current_version"], 3);
    // Without If-Match at all.
    let r = c.json(Method::PUT, &format!("/api/v1/customers/{id}"), &body).await;
    let p = r.problem(428);
    assert!(p.get("current_version").is_none(), "{p}");
    let now = c.get(&format!("/api/v1/customers/{id}")).await;
    assert_eq!(now.json()["name"], "Testilän kaupunki");
    assert_eq!(now.etag(), Some("\"3\""));
}

async fn missing_and_malformed_requests(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let segment = a_segment(&c).await;
    let body = customer_body("Kuka tahansa", None, segment, None);
    c.get("/api/v1/customers/999999").await.problem(404);
    c.json_if(Method::PUT, "/api/v1/customers/999999", 1, &body).await.problem(404);
    c.get("/api/v1/customers/999999/history").await.problem(404);
    for bad in ["abc", "1.5", "-", "9999999999999999999999"] {
        c.get(&format!("/api/v1/customers/{bad}")).await.problem(404);
    }
    c.json_if(Method::PUT, "/api/v1/customers/abc", 1, &body).await.problem(404);

    let before = app.audit_rows().await;
    let as_text =
        c.request(Method::POST, "/api/v1/customers").header("content-type", "text/plain").body(body.to_string());
    send(as_text).await.problem(415);
    let as_form = c.request(Method::POST, "/api/v1/customers").form(&[("name", "Lomake")]);
    send(as_form).await.problem(415);
    let broken =
        c.request(Method::POST, "/api/v1/customers").header("content-type", "application/json").body("{\"name\": ");
    let p = send(broken).await.problem(422);
    assert!(p["type"].as_str().is_some_and(|t| t.ends_with("malformed-body")), "{p}");
    let r = c.get("/api/v1/customers?limit=many").await;
    r.problem(400);
    assert_eq!(app.audit_rows().await, before, "refused requests write nothing");
}

fn codes(errors: &[(String, String)]) -> Vec<(&str, &str)> {
    errors.iter().map(|(f, c)| (f.as_str(), c.as_str())).collect()
}

async fn invalid_customer_is_422_in_callers_language(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let segment = a_segment(&c).await;
    let manager = app.user_id("kp.virtanen").await;
    let before = app.audit_rows().await;
    let total = c.get("/api/v1/customers").await.json()["total"].as_i64();

    let bad_id = customer_body("Tarkistusmerkki Oy", Some("1234567-2"), segment, None);
    let r = c.json(Method::POST, "/api/v1/customers", &bad_id).await;
    assert_eq!(codes(&r.field_errors()), [("business_id", "error-business-id-checksum")]);
    let no_name = customer_body("   ", None, segment, None);
    let r = c.json(Method::POST, "/api/v1/customers", &no_name).await;
    assert_eq!(codes(&r.field_errors()), [("name", "error-required")]);
    let mut same = customer_body("Sijainen Oy", None, segment, Some(manager));
    same["deputy_id"] = json!(manager);
    let r = c.json(Method::POST, "/api/v1/customers", &same).await;
    assert_eq!(codes(&r.field_errors()), [("deputy_id", "error-deputy-is-manager")]);
    let mut unknown_segment = customer_body("Segmentitön Oy", None, 999_999, None);
    unknown_segment["org_type"] = json!("kingdom");
    let r = c.json(Method::POST, "/api/v1/customers", &unknown_segment).await;
    assert_eq!(codes(&r.field_errors()), [("org_type", "error-choice")]);

    // The same mistakes, explained in Finnish and in English.
    let ask = |lang: &'static str| {
        let c = c.clone();
        let bad_id = bad_id.clone();
        async move {
            let rb = c.request(Method::POST, "/api/v1/customers").header("accept-language", lang).json(&bad_id);
            send(rb).await.problem(422)
        }
    };
    let (fi, en, sv) = (ask("fi").await, ask("en-GB,en;q=0.9").await, ask("sv-FI").await);
    let detail = |p: &Value| p["detail"].as_str().unwrap_or("").to_owned();
    let field_detail = |p: &Value| p["errors"][0]["detail"].as_str().unwrap_or("").to_owned();
    assert_ne!(detail(&fi), detail(&en));
    assert_ne!(field_detail(&fi), field_detail(&en));
    assert_ne!(field_detail(&fi), field_detail(&sv));
    assert_eq!(fi["errors"][0]["code"], en["errors"][0]["code"], "codes are the same in every language");
    assert!(field_detail(&fi).contains("Y-tunnu"), "{fi}");
    assert!(field_detail(&en).contains("check digit"), "{en}");
    assert!(!field_detail(&en).starts_with("error-"), "a message id is not a message: {en}");

    // An update with invalid data leaves the customer as it was.
    let (id, version) = create_customer(app, &c, "Ennallaan Oy", None).await;
    let after_create = app.audit_rows().await;
    let r = c.json_if(Method::PUT, &format!("/api/v1/customers/{id}"), version, &bad_id).await;
    assert_eq!(codes(&r.field_errors()), [("business_id", "error-business-id-checksum")]);
    let now = c.get(&format!("/api/v1/customers/{id}")).await;
    assert_eq!(now.etag(), Some("\"1\""));
    assert_eq!(now.json()["name"], "Ennallaan Oy");
    assert_eq!(app.audit_rows().await, after_create, "a refused update writes no audit row");
    assert_eq!(after_create, before + 1, "refused creates wrote no audit rows");
    let total_now = c.get("/api/v1/customers").await.json()["total"].as_i64();
    assert_eq!(total_now, total.map(|t| t + 1));
}

async fn business_id_must_be_free(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let segment = a_segment(&c).await;
    // A partnership manager's customers are their own.
    let me = Some(app.user_id("kp.virtanen").await);
    let (first, _) = create_customer(app, &c, "Ensimmäinen Oy", Some(FREE_BUSINESS_IDS[1])).await;
    let before = app.audit_rows().await;
    let dup = customer_body("Toinen Oy", Some(FREE_BUSINESS_IDS[1]), segment, me);
    let r = c.json(Method::POST, "/api/v1/customers", &dup).await;
    assert_eq!(codes(&r.field_errors()), [("business_id", "error-business-id-taken")]);
    // The old six-digit form names the same ID.
    let short = customer_body("Kolmas Oy", Some(&FREE_BUSINESS_IDS[0][1..]), segment, me);
    let r = c.json(Method::POST, "/api/v1/customers", &short).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["business_id"], FREE_BUSINESS_IDS[0]);
    let third = r.json()["id"].as_i64().expect("id");
    let r = c
        .json(Method::POST, "/api/v1/customers", &customer_body("Neljäs Oy", Some(FREE_BUSINESS_IDS[0]), segment, me))
        .await;
    assert_eq!(codes(&r.field_errors()), [("business_id", "error-business-id-taken")]);
    // Nor may another customer take it by an update.
    let mut onto = customer_body("Kolmas Oy", Some(FREE_BUSINESS_IDS[1]), segment, me);
    let r = c.json_if(Method::PUT, &format!("/api/v1/customers/{third}"), 1, &onto).await;
    assert_eq!(codes(&r.field_errors()), [("business_id", "error-business-id-taken")]);
    // A customer keeps its own ID when saved again.
    onto["business_id"] = json!(FREE_BUSINESS_IDS[1]);
    onto["name"] = json!("Ensimmäinen Oy Ab");
    let r = c.json_if(Method::PUT, &format!("/api/v1/customers/{first}"), 1, &onto).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.audit_rows().await, before + 2, "one row for the create, one for the update");
}

async fn one_audit_row_per_customer_change(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let segment = a_segment(&c).await;
    let manager = app.user_id("kp.virtanen").await;
    let start = app.audit_rows().await;

    let body = customer_body("Auditoitava Oy", Some(FREE_BUSINESS_IDS[2]), segment, Some(manager));
    let r = c.json(Method::POST, "/api/v1/customers", &body).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let id = r.json()["id"].as_i64().expect("id");
    assert_eq!(app.audit_rows().await, start + 1, "create");

    let path = format!("/api/v1/customers/{id}");
    let mut changed = body.clone();
    changed["notes"] = json!("Uusi muistiinpano");
    let r = c.json_if(Method::PUT, &path, 1, &changed).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(app.audit_rows().await, start + 2, "update");

    // Saving the same values again changes nothing and records nothing.
    let v = r.json()["version"].as_i64().expect("version");
    let r = c.json_if(Method::PUT, &path, v, &changed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["notes"], "Uusi muistiinpano");
    assert_eq!(app.audit_rows().await, start + 2, "no-op update");
    // Whitespace that validation removes is no change either.
    let mut spaced = changed.clone();
    spaced["name"] = json!("  Auditoitava   Oy ");
    let v = r.json()["version"].as_i64().expect("version");
    let r = c.json_if(Method::PUT, &path, v, &spaced).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.audit_rows().await, start + 2, "no-op update after trimming");

    let v = r.json()["version"].as_i64().expect("version");
    c.json_if(Method::PUT, &path, v - 1, &body).await.problem(412);
    let mut invalid = body.clone();
    invalid["name"] = json!("");
    c.json_if(Method::PUT, &path, v, &invalid).await.problem(422);
    c.json(Method::PUT, &path, &body).await.problem(428);
    assert_eq!(app.audit_rows().await, start + 2, "failed changes");
    let entries = app.audit_of("customer", id).await;
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "update"]);
    assert!(entries.iter().all(|e| e.actor_name == "Sanna Virtanen"), "the signed-in user is the actor");
}

async fn history_shows_old_and_new_values(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let (id, _) = create_customer(app, &c, "Historiallinen Oy", None).await;
    let path = format!("/api/v1/customers/{id}");
    let mut body = c.get(&path).await.json();
    body["name"] = json!("Historiallinen Oyj");
    body["manager_id"] = json!(app.user_id("kp.korhonen").await);
    body["notes"] = Value::Null;
    // Handing the customer over is the unit head's to do, not the manager's;
    // the refusal leaves no trace in the history.
    let r = c.json_if(Method::PUT, &path, 1, &body).await;
    assert_eq!(codes(&r.field_errors()), [("manager_id", "error-assign-forbidden")]);
    let head = app.client_as("esimies").await;
    let r = head.json_if(Method::PUT, &path, 1, &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let r = c.get(&format!("{path}/history")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let h = r.json();
    let h = h.as_array().expect("history list");
    assert_eq!(h.len(), 2, "{h:?}");
    assert_eq!(h[0]["action"], "update", "newest first");
    assert_eq!(h[1]["action"], "create");
    assert_eq!(h[0]["entity"], "customer");
    assert_eq!(h[0]["actor_name"], "Riitta Lehtonen", "the unit head made the change");
    assert_eq!(h[1]["actor_name"], "Sanna Virtanen");
    let change =
        |field: &str| h[0]["changes"].as_array().and_then(|cs| cs.iter().find(|c| c["field"] == field)).cloned();
    assert_eq!(change("name"), Some(json!({"field": "name", "old": "Historiallinen Oy", "new": "Historiallinen Oyj"})));
    assert_eq!(change("manager"), Some(json!({"field": "manager", "old": "Sanna Virtanen", "new": "Juha Korhonen"})));
    assert_eq!(change("notes"), Some(json!({"field": "notes", "old": "Testiasiakas", "new": null})));
    assert_eq!(change("segment"), None, "unchanged fields are not listed");
    assert_eq!(h[0]["changes"].as_array().map(Vec::len), Some(3));
    let created = h[1]["changes"].as_array().expect("changes");
    assert!(created.iter().any(|c| c["field"] == "name" && c["old"].is_null() && c["new"] == "Historiallinen Oy"));
}
