//! Dates beyond the product's years over real HTTP: `+12345-01-01` and
//! `10000-01-01` are refused with a field error wherever a date is typed
//! (plan events, absences, projects, board meetings; API and pages), and a
//! date already stored out of range does not break the plans workbook.
//! Every check runs on SQLite and, with `KUMPPANI_TEST_POSTGRES_URL`, on
//! PostgreSQL.

use kumppani_testkit::RawSql;

use crate::harness::{Resp, TestApp};
use chrono::NaiveDate;
use kumppani_domain::plan::{EventKind, EventStatus};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends! { TestApp;
    far_years_are_field_errors_on_the_api => api_sqlite, api_postgres;
    far_years_are_field_errors_on_the_pages => pages_sqlite, pages_postgres;
    a_stored_far_date_does_not_break_the_workbook => workbook_sqlite, workbook_postgres;
}

const PARTNER: &str = "kp.virtanen";
const FAR: [&str; 2] = ["+12345-01-01", "10000-01-01"];

/// The (field, code) pairs of a 422 problem.
fn field_errors(r: &Resp) -> Vec<(String, String)> {
    let p = r.problem(422);
    p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect()
}

fn range_error(field: &str) -> Vec<(String, String)> {
    vec![(field.to_owned(), "error-date-range".to_owned())]
}

async fn own_customer(app: &TestApp) -> i64 {
    let m = app.user_id(PARTNER).await;
    let row = app
        .db
        .fetch_one("SELECT id FROM customers WHERE manager_id = $1 ORDER BY id LIMIT 1", &[m.into()])
        .await
        .unwrap();
    row.get("id").unwrap()
}

fn event(on_date: &str) -> Value {
    json!({"kind": "marketing_action", "title": "Asiakasilta", "on_date": on_date, "service_id": null,
        "owner_id": null, "status": "planned", "notes": ""})
}

async fn far_years_are_field_errors_on_the_api(app: &TestApp) {
    let partner = app.client_as(PARTNER).await;
    let head = app.client_as("esimies").await;
    let customer = own_customer(app).await;
    let me = app.user_id(PARTNER).await;
    for far in FAR {
        let r = partner.json(Method::POST, &format!("/api/v1/customers/{customer}/events"), &event(far)).await;
        assert_eq!(field_errors(&r), range_error("on_date"), "{far}");

        let absence = json!({"starts_on": "2026-06-01", "ends_on": far, "note": ""});
        let r = partner.json(Method::POST, &format!("/api/v1/users/{me}/absences"), &absence).await;
        assert_eq!(field_errors(&r), range_error("ends_on"), "{far}");

        let project = json!({"name": "Kaukainen", "customer_id": null,
            "executive_id": app.user_id("esimies").await, "project_manager_id": app.user_id("pp.jokinen").await,
            "stage": "initiating", "starts_on": "2026-02-01", "ends_on": far});
        let r = head.json(Method::POST, "/api/v1/projects", &project).await;
        assert_eq!(field_errors(&r), range_error("ends_on"), "{far}");
    }
    // The years the product takes, and the Finnish form where it was taken.
    let r = partner.json(Method::POST, &format!("/api/v1/customers/{customer}/events"), &event("2999-12-31")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let absence = json!({"starts_on": "1.6.2026", "ends_on": "2026-06-02", "note": ""});
    let r = partner.json(Method::POST, &format!("/api/v1/users/{me}/absences"), &absence).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Nothing out of range reached the database.
    let far: i64 = app
        .db
        .fetch_one(
            "SELECT COUNT(*) AS n FROM customer_events WHERE on_date > '2999-12-31' OR on_date < '1900-01-01'",
            &[],
        )
        .await
        .unwrap()
        .get("n")
        .unwrap();
    assert_eq!(far, 0);
}

async fn far_years_are_field_errors_on_the_pages(app: &TestApp) {
    let partner = app.client_as(PARTNER).await;
    let me = app.user_id(PARTNER).await;
    let fields = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    };
    for far in FAR {
        let r = partner
            .form_fields(&format!("/users/{me}/absences"), &fields(&[("starts_on", "2026-06-01"), ("ends_on", far)]))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{far}: {}", r.body);
        assert!(r.body.contains("Vuoden on oltava väliltä 1900–2999."), "{far}: {}", r.body);
    }
}

async fn a_stored_far_date_does_not_break_the_workbook(app: &TestApp) {
    // Stored before the product refused such years (or by a restore):
    // written straight into the table, past the validation.
    let customer = own_customer(app).await;
    let far = NaiveDate::from_ymd_opt(12345, 1, 1).unwrap();
    app.db
        .execute(
            "INSERT INTO customer_events (customer_id, kind, title, on_date, status, notes, created_at, updated_at)
             VALUES ($1, $2, 'Kaukainen tapahtuma', $3, $4, '', $5, $5)",
            &[
                customer.into(),
                EventKind::MarketingAction.as_str().into(),
                far.into(),
                EventStatus::Planned.as_str().into(),
                chrono::Utc::now().into(),
            ],
        )
        .await
        .unwrap();

    for who in ["esimies", PARTNER] {
        let (status, kind, bytes) = app.client_as(who).await.download("/plans/export.xlsx", "fi").await;
        assert_eq!(status, StatusCode::OK, "{who}: {}", String::from_utf8_lossy(&bytes));
        assert!(kind.unwrap().contains("spreadsheetml"));
        let sheets = kumppani_docs::extract::xlsx_rows(&bytes).unwrap();
        let line = sheets[1].1.iter().find(|r| r[3] == "Kaukainen tapahtuma").expect("the far event's line");
        assert!(line[4].contains("12345-01-01"), "written as text: {line:?}");
    }
}
