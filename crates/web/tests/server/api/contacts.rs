//! A customer's contacts and the services it buys: If-Match rules,
//! validation, and one audit row per change.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::{TestApp, create_customer};

on_both_backends! { TestApp;
    contacts_follow_if_match_rules => sqlite_contacts_follow_if_match_rules, postgres_contacts_follow_if_match_rules;
    contact_validation => sqlite_contact_validation, postgres_contact_validation;
    subscriptions_follow_if_match_rules => sqlite_subscriptions_follow_if_match_rules, postgres_subscriptions_follow_if_match_rules;
}

fn contact(name: &str, email: Option<&str>, phone: Option<&str>) -> Value {
    json!({"name": name, "title": "Talousjohtaja", "email": email, "phone": phone})
}

fn version(r: &crate::harness::Resp) -> i64 {
    r.json()["version"].as_i64().unwrap_or_else(|| panic!("no version in {}", r.body))
}

async fn contacts_follow_if_match_rules(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let (customer, _) = create_customer(app, &c, "Yhteyshenkilöllinen Oy", None).await;
    let list = format!("/api/v1/customers/{customer}/contacts");
    let start = app.audit_rows().await;

    let r = c
        .json(Method::POST, &list, &contact("Liisa Laine", Some("liisa.laine@example.fi"), Some("+358 40 123 4567")))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.etag(), Some("\"1\""));
    let created = r.json();
    assert_eq!(created["customer_id"], customer);
    assert_eq!(created["email"], "liisa.laine@example.fi");
    assert_eq!(app.audit_rows().await, start + 1, "contact create");
    let id = created["id"].as_i64().expect("id");
    let path = format!("/api/v1/contacts/{id}");

    let r = c.get(&path).await;
    assert_eq!((r.status, r.etag()), (StatusCode::OK, Some("\"1\"")));
    let listed = c.get(&list).await.json();
    assert_eq!(listed.as_array().map(|l| l.iter().filter(|x| x["id"] == id).count()), Some(1));

    let changed = contact("Liisa Laine-Virta", Some("liisa.virta@example.fi"), None);
    c.json(Method::PUT, &path, &changed).await.problem(428);
    let p = c.json_if(Method::PUT, &path, 7, &changed).await.problem(412);
    assert_eq!(p["current_version"], 1);
    assert_eq!(app.audit_rows().await, start + 1, "refused updates");

    let r = c.json_if(Method::PUT, &path, 1, &changed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.etag(), Some("\"2\""));
    assert_eq!(r.json()["name"], "Liisa Laine-Virta");
    assert!(r.json()["phone"].is_null());
    assert_eq!(app.audit_rows().await, start + 2, "contact update");
    let r = c.json_if(Method::PUT, &path, version(&r), &changed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.audit_rows().await, start + 2, "a no-op contact update records nothing");

    let v = version(&r);
    c.request(Method::DELETE, &path)
        .send()
        .await
        .map(|r| assert_eq!(r.status(), StatusCode::PRECONDITION_REQUIRED))
        .expect("delete");
    c.delete_if(&path, v - 1).await.problem(412);
    assert_eq!(c.get(&path).await.status, StatusCode::OK, "a refused delete leaves the contact");
    assert_eq!(app.audit_rows().await, start + 2);
    let r = c.delete_if(&path, v).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(app.audit_rows().await, start + 3, "contact delete");
    c.get(&path).await.problem(404);
    c.delete_if(&path, v).await.problem(404);
    c.json_if(Method::PUT, &path, v, &changed).await.problem(404);
    assert_eq!(c.get(&list).await.json().as_array().map(Vec::len), Some(0));

    // The customer's history tells the contact's story.
    let h = c.get(&format!("/api/v1/customers/{customer}/history")).await.json();
    let contact_actions: Vec<&str> = h
        .as_array()
        .expect("history")
        .iter()
        .filter(|e| e["entity"] == "contact")
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(contact_actions, ["delete", "update", "create"]);
    let update = h
        .as_array()
        .and_then(|h| h.iter().find(|e| e["entity"] == "contact" && e["action"] == "update"))
        .expect("update");
    assert!(update["changes"].as_array().expect("changes").iter().any(|ch| ch["field"] == "email"
        && ch["old"] == "liisa.laine@example.fi"
        && ch["new"] == "liisa.virta@example.fi"));
}

async fn contact_validation(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let (customer, _) = create_customer(app, &c, "Validoitava Oy", None).await;
    let list = format!("/api/v1/customers/{customer}/contacts");
    let start = app.audit_rows().await;

    let fields =
        |r: &crate::harness::Resp| r.field_errors().into_iter().map(|(f, c)| format!("{f}:{c}")).collect::<Vec<_>>();
    let r = c.json(Method::POST, &list, &contact("Matti", Some("ei-osoite"), None)).await;
    assert_eq!(fields(&r), ["email:error-email"]);
    let r = c.json(Method::POST, &list, &contact("Matti", None, Some("12"))).await;
    assert_eq!(fields(&r), ["phone:error-phone"]);
    let r = c.json(Method::POST, &list, &contact("", Some("a@b"), Some("puhelin"))).await;
    assert_eq!(fields(&r), ["name:error-required", "email:error-email", "phone:error-phone"]);
    c.json(Method::POST, "/api/v1/customers/999999/contacts", &contact("Matti", None, None)).await.problem(404);
    c.get("/api/v1/customers/999999/contacts").await.problem(404);
    assert_eq!(app.audit_rows().await, start, "refused contacts write nothing");

    let r = c.json(Method::POST, &list, &contact("Matti Meikäläinen", Some(""), Some("(09) 310 1691"))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.json()["email"].is_null(), "a blank e-mail is no e-mail");
    let path = format!("/api/v1/contacts/{}", r.json()["id"]);
    let r = c.json_if(Method::PUT, &path, 1, &contact("Matti Meikäläinen", Some("matti@"), None)).await;
    assert_eq!(fields(&r), ["email:error-email"]);
    let r = c.json_if(Method::PUT, &path, 1, &contact("Matti Meikäläinen", None, Some("+358 40 abc"))).await;
    assert_eq!(fields(&r), ["phone:error-phone"]);
    let now = c.get(&path).await;
    assert_eq!(now.etag(), Some("\"1\""), "refused updates leave the version");
    assert_eq!(now.json()["phone"], "(09) 310 1691");
    assert_eq!(app.audit_rows().await, start + 1);
}

async fn subscriptions_follow_if_match_rules(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let (customer, _) = create_customer(app, &c, "Palveluita ostava Oy", None).await;
    let services = c.get("/api/v1/services").await.json();
    let service = services[0].clone();
    let sid = service["id"].as_i64().expect("service id");
    let list = format!("/api/v1/customers/{customer}/services");
    let start = app.audit_rows().await;

    let r = c.json(Method::POST, &list, &json!({"service_id": sid})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.etag(), Some("\"1\""));
    assert_eq!(r.json()["critical"], false);
    assert_eq!(r.json()["service_name"], service["name"]);
    assert_eq!(app.audit_rows().await, start + 1, "subscribe");
    let sub = r.json()["id"].as_i64().expect("subscription id");
    let path = format!("/api/v1/subscriptions/{sub}");

    let twice = c.json(Method::POST, &list, &json!({"service_id": sid, "critical": true})).await;
    assert_eq!(twice.field_errors(), [("service_id".to_owned(), "error-already-subscribed".to_owned())]);
    let none = c.json(Method::POST, &list, &json!({"critical": true})).await;
    assert_eq!(none.field_errors(), [("service_id".to_owned(), "error-required".to_owned())]);
    let unknown = c.json(Method::POST, &list, &json!({"service_id": 999_999})).await;
    assert_eq!(unknown.field_errors(), [("service_id".to_owned(), "error-not-found".to_owned())]);
    c.json(Method::POST, "/api/v1/customers/999999/services", &json!({"service_id": sid})).await.problem(404);
    assert_eq!(app.audit_rows().await, start + 1, "refused subscriptions");
    let listed = c.get(&list).await.json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "still one subscription: {listed}");

    c.json(Method::PUT, &path, &json!({"critical": true})).await.problem(428);
    let p = c.json_if(Method::PUT, &path, 2, &json!({"critical": true})).await.problem(412);
    assert_eq!(p["current_version"], 1);
    let r = c.json_if(Method::PUT, &path, 1, &json!({"critical": true})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!((r.etag(), &r.json()["critical"]), (Some("\"2\""), &json!(true)));
    assert_eq!(app.audit_rows().await, start + 2, "set critical");
    let r = c.json_if(Method::PUT, &path, 2, &json!({"critical": true})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.audit_rows().await, start + 2, "no-op set critical");
    let got = c.get(&path).await;
    assert_eq!(got.json()["critical"], true);

    let v = version(&got);
    c.delete_if(&path, v + 1).await.problem(412);
    assert_eq!(app.audit_rows().await, start + 2);
    let r = c.delete_if(&path, v).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(app.audit_rows().await, start + 3, "unsubscribe");
    c.get(&path).await.problem(404);
    assert_eq!(c.get(&list).await.json().as_array().map(Vec::len), Some(0));

    // Having stopped, the customer may buy the service again.
    let again = c.json(Method::POST, &list, &json!({"service_id": sid, "critical": true})).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(app.audit_rows().await, start + 4);

    let h = c.get(&format!("/api/v1/customers/{customer}/history")).await.json();
    let actions: Vec<&str> = h
        .as_array()
        .expect("history")
        .iter()
        .filter(|e| e["entity"] == "customer_service")
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, ["create", "delete", "update", "create"]);
    let update = &h.as_array().expect("history").iter().find(|e| e["action"] == "update").expect("update").clone();
    assert_eq!(update["changes"], json!([{"field": "critical", "old": "false", "new": "true"}]));
}
