//! Customers made over the API, for the suites that need records of their own.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Client, TestApp};

/// Valid business IDs outside the ranges the demo data draws from.
pub const FREE_BUSINESS_IDS: [&str; 4] = ["0012345-7", "7654321-2", "8765432-1", "9876543-0"];

/// A valid customer body for the API.
pub fn customer_body(name: &str, business_id: Option<&str>, segment_id: i64, manager_id: Option<i64>) -> Value {
    json!({
        "name": name,
        "business_id": business_id,
        "org_type": "municipality",
        "segment_id": segment_id,
        "manager_id": manager_id,
        "deputy_id": null,
        "notes": "Testiasiakas",
    })
}

/// The id of the first segment.
pub async fn a_segment(c: &Client) -> i64 {
    let r = c.get("/api/v1/segments").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()[0]["id"].as_i64().expect("a segment")
}

/// Creates a customer managed by `kp.virtanen` as `c` and returns (id, version).
pub async fn create_customer(app: &TestApp, c: &Client, name: &str, business_id: Option<&str>) -> (i64, i64) {
    create_with(app, c, name, business_id, "kp.virtanen", None).await
}

/// Creates a customer as `c` with the demo users `manager` and `deputy`
/// (usernames) and returns (id, version). A partnership manager can create
/// only their own; the unit head and administrators any.
pub async fn create_customer_for(
    app: &TestApp,
    c: &Client,
    name: &str,
    manager: &str,
    deputy: Option<&str>,
) -> (i64, i64) {
    create_with(app, c, name, None, manager, deputy).await
}

async fn create_with(
    app: &TestApp,
    c: &Client,
    name: &str,
    business_id: Option<&str>,
    manager: &str,
    deputy: Option<&str>,
) -> (i64, i64) {
    let segment = a_segment(c).await;
    let mut body = customer_body(name, business_id, segment, Some(app.user_id(manager).await));
    if let Some(deputy) = deputy {
        body["deputy_id"] = json!(app.user_id(deputy).await);
    }
    let r = c.json(Method::POST, "/api/v1/customers", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    (v["id"].as_i64().expect("id"), v["version"].as_i64().expect("version"))
}

/// Every customer over the API, walking the pages.
pub async fn all_customers(c: &Client, filter: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut after: Option<i64> = None;
    for _ in 0..1000 {
        let cursor = after.map(|a| format!("&after={a}")).unwrap_or_default();
        let r = c.get(&format!("/api/v1/customers?limit=100{filter}{cursor}")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let page = r.json();
        out.extend(page["items"].as_array().expect("items").iter().cloned());
        match page["next_cursor"].as_i64() {
            Some(next) => after = Some(next),
            None => return out,
        }
    }
    panic!("pagination did not end");
}
