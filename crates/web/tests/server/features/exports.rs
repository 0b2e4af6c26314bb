//! Account plans as documents over real HTTP: the PDF and DOCX of one plan
//! and the XLSX of all plans, read back as text in each language; what
//! changes in the data changes the document; plans stay internal. Both
//! databases.

use kumppani_testkit::RawSql;

use crate::harness::TestApp;
use kumppani_docs::extract::{docx_text, pdf_text, xlsx_rows};
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both_backends! { TestApp;
    one_plan_as_pdf_and_docx => documents_sqlite, documents_postgres;
    all_plans_as_a_workbook => workbook_sqlite, workbook_postgres;
}

const PARTNER: &str = "kp.virtanen";

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn own_customer(app: &TestApp) -> (i64, String) {
    let m = app.user_id(PARTNER).await;
    let row = app
        .db
        .fetch_one("SELECT id, name FROM customers WHERE manager_id = $1 ORDER BY id LIMIT 1", &[m.into()])
        .await
        .unwrap();
    (row.get("id").unwrap(), row.get("name").unwrap())
}

async fn one_plan_as_pdf_and_docx(app: &TestApp) {
    let pm = app.client_as(PARTNER).await;
    let (customer, name) = own_customer(app).await;
    let event = json!({"kind": "budget_meeting", "title": "Talousarvioneuvottelu 2027", "on_date": "2099-02-01",
        "service_id": null, "owner_id": null, "status": "planned", "notes": ""});
    let r = pm.json(Method::POST, &format!("/api/v1/customers/{customer}/events"), &event).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    let (status, kind, bytes) = pm.download(&format!("/customers/{customer}/plan.pdf"), "fi").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind.as_deref(), Some("application/pdf"));
    let text = flat(&pdf_text(&bytes).unwrap());
    let title = format!("Hoitosuunnitelma: {name}");
    for expected in [title.as_str(), "Talousarvioneuvottelu 2027", "1.2.2099", "Sanna Virtanen"] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    // Section titles come from the template, in the reader's language.
    assert!(text.contains("Asiakkaan perustiedot"), "{text}");
    let (_, _, sv) = pm.download(&format!("/customers/{customer}/plan.pdf"), "sv").await;
    let sv = flat(&pdf_text(&sv).unwrap());
    assert!(sv.contains("Sammanställd ur Kumppanis uppgifter"), "{sv}");

    let (status, kind, bytes) = pm.download(&format!("/customers/{customer}/plan.docx"), "en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.unwrap().contains("wordprocessingml"));
    let text = docx_text(&bytes).unwrap();
    assert!(text.contains(&name) && text.contains("Talousarvioneuvottelu 2027"), "{text}");
    assert!(text.contains("Assembled from Kumppani's data on"), "{text}");

    // Internal: staff and project managers cannot tell the plan exists.
    for who in ["pp.jokinen", "marko.ahonen", "ulkoinen"] {
        let other = app.client_as(who).await;
        let (status, _, _) = other.download(&format!("/customers/{customer}/plan.pdf"), "fi").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{who}");
    }
    let (status, _, _) = pm.download("/customers/999999/plan.docx", "fi").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn all_plans_as_a_workbook(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let (customer, name) = own_customer(app).await;
    let (status, kind, bytes) = head.download("/plans/export.xlsx", "fi").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.unwrap().contains("spreadsheetml"));
    let sheets = xlsx_rows(&bytes).unwrap();
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Hoitosuunnitelmat", "Suunnitelmien rivit"]);
    let customers: i64 = app.db.fetch_one("SELECT COUNT(*) AS n FROM customers", &[]).await.unwrap().get("n").unwrap();
    let plans = &sheets[0].1;
    assert_eq!(plans.len() as i64, customers + 1, "a header and one row per customer");
    assert!(plans.iter().any(|r| r[0] == name));
    let lines = &sheets[1].1;
    let mine: Vec<&Vec<String>> = lines.iter().filter(|r| r[0] == name).collect();
    assert!(mine.iter().any(|r| r[2] == "Kumppanuuspäällikkö" && r[3] == "Sanna Virtanen"), "{mine:?}");
    // The derived share in the workbook is the dashboard's.
    let derived = lines.iter().filter(|r| r[8] == "kyllä").count();
    let dashboard = head.get("/api/v1/plans").await.json();
    assert_eq!(derived as i64, dashboard["automation"]["derived"].as_i64().unwrap(), "{dashboard}");

    // A manager's filter narrows it; a new event shows up as a line.
    let m = app.user_id(PARTNER).await;
    let event = json!({"kind": "marketing_action", "title": "Asiakasilta keväällä", "on_date": "2099-04-01",
        "service_id": null, "owner_id": null, "status": "planned", "notes": ""});
    let r = head.json(Method::POST, &format!("/api/v1/customers/{customer}/events"), &event).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (_, _, bytes) = head.download(&format!("/plans/export.xlsx?manager_id={m}"), "en").await;
    let sheets = xlsx_rows(&bytes).unwrap();
    assert!(sheets[0].1.iter().skip(1).all(|r| r[2] == "Sanna Virtanen"), "{:?}", sheets[0].1);
    assert!(sheets[1].1.iter().any(|r| r[3] == "Asiakasilta keväällä" && r[4] == "2099-04-01"));

    let staff = app.client_as("marko.ahonen").await;
    assert_eq!(staff.download("/plans/export.xlsx", "fi").await.0, StatusCode::NOT_FOUND);
}
