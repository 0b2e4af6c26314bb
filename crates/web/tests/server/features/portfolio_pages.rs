//! Portfolio-wide pages stay bounded as the register grows: with 3,000
//! more customers (imported, so without deputies or reviews) the plan
//! dashboard, its API, the annual clock and the balance page answer with
//! one page, not with every customer, while paging still reaches the last
//! customer; the workbook export still has every plan. Every check runs on
//! SQLite and, with `KUMPPANI_TEST_POSTGRES_URL`, on PostgreSQL.

use kumppani_testkit::RawSql;

use crate::harness::{Client, TestApp};
use kumppani_docs::extract::xlsx_rows;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

on_both_backends! { TestApp;
    large_portfolio_pages_stay_small => large_sqlite, large_postgres;
}

const IMPORTED: usize = 3_000;
const PARTNER: &str = "kp.virtanen";

/// Imports `IMPORTED` customers, two thirds of them the partner's.
async fn grow(head: &Client) {
    let mut csv = String::from("external_id,name,segment,manager\n");
    for i in 0..IMPORTED {
        let manager = if i % 3 == 0 { "" } else { PARTNER };
        csv.push_str(&format!("big-{i},Massakunta {i:05},Massasegmentti,{manager}\n"));
    }
    let body = json!({"kind": "customers", "file_name": "big.csv", "csv": csv});
    let r = head.json(Method::POST, "/api/v1/imports", &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["created"].as_u64(), Some(IMPORTED as u64), "{}", r.body);
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    app.db.fetch_one(sql, &[]).await.unwrap().get("n").unwrap()
}

fn rank(row: &Value) -> (u8, i64) {
    match row["staleness"].as_str().unwrap() {
        "never" => (0, 0),
        "overdue" => (1, -row["overdue_days"].as_i64().unwrap()),
        "due_soon" => (2, 0),
        _ => (3, 0),
    }
}

async fn large_portfolio_pages_stay_small(app: &TestApp) {
    let head = app.client_as("esimies").await;
    grow(&head).await;
    let customers = count(app, "SELECT COUNT(*) AS n FROM customers").await;
    assert_eq!(customers, (crate::harness::CUSTOMERS + IMPORTED) as i64);

    // The API: a page of 50 by default, figures over all; every customer
    // once, stalest first, through the cursors.
    let r = head.get("/api/v1/plans").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.len() < 64 * 1024, "first page is {} bytes", r.body.len());
    let first = r.json();
    assert_eq!(first["rows"].as_array().unwrap().len(), 50);
    assert_eq!(first["total"].as_i64(), Some(customers));
    let states = &first["states"];
    let by_state: i64 = ["never", "overdue", "due_soon", "current"].iter().map(|s| states[s].as_i64().unwrap()).sum();
    assert_eq!(by_state, customers);
    assert!(states["never"].as_i64().unwrap() >= IMPORTED as i64, "{states}");
    assert!(first["prev_cursor"].is_null());
    let derived = first["automation"]["derived"].as_i64().unwrap();
    assert!(derived > 2 * customers, "every plan's lines count: {}", first["automation"]);

    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    let mut ranks = Vec::new();
    let mut path = "/api/v1/plans?limit=100".to_owned();
    let mut pages = Vec::new();
    loop {
        let page = head.get(&path).await.json();
        let rows = page["rows"].as_array().unwrap();
        for row in rows {
            assert!(seen.insert(row["customer_id"].as_i64().unwrap()), "{row} twice");
            order.push(row["customer_id"].as_i64().unwrap());
            ranks.push(rank(row));
        }
        pages.push(page.clone());
        match page["next_cursor"].as_i64() {
            Some(c) => path = format!("/api/v1/plans?limit=100&after={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, customers, "paging reaches every customer");
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "stalest first across pages");
    // Back from the last page gives the page before it.
    let last = pages.last().unwrap();
    let before = last["prev_cursor"].as_i64().unwrap();
    let back = head.get(&format!("/api/v1/plans?limit=100&before={before}")).await.json();
    let ids = |p: &Value| p["rows"].as_array().unwrap().iter().map(|r| r["customer_id"].as_i64()).collect::<Vec<_>>();
    assert_eq!(ids(&back), ids(&pages[pages.len() - 2]));
    let last_id = *order.last().unwrap();

    // The page: 50 rows and links to the next page, also at the end of the list.
    let r = head.get_lang("/plans?manager_id=", "en").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.len() < 128 * 1024, "/plans is {} bytes", r.body.len());
    assert_eq!(r.body.matches("/plan\">").count(), 50, "one link per plan on the page");
    assert!(r.body.contains("rel=\"next\"") && r.body.contains("Pages of account plans"));
    // The page after the 51st plan from the end is the last one.
    let cursor = order[order.len() - 51];
    let r = head.get_lang(&format!("/plans?manager_id=&after={cursor}"), "en").await;
    assert!(r.body.contains(&format!("/customers/{last_id}/plan\"")), "the last page shows the last plan");
    assert!(!r.body.contains("rel=\"next\"") && r.body.contains("rel=\"prev\""));
    // A partnership manager's own list keeps its filter from page to page.
    let pm = app.client_as(PARTNER).await;
    let r = pm.get("/plans").await;
    let mine = count(
        app,
        "SELECT COUNT(*) AS n FROM customers c JOIN users u ON u.id = c.manager_id WHERE u.username = 'kp.virtanen'",
    )
    .await;
    assert!(mine > IMPORTED as i64 / 2);
    assert!(r.body.contains(&format!("{mine} hoitosuunnitelmaa")), "the count covers all pages");
    let me = app.user_id(PARTNER).await;
    let pager = &r.body[r.body.find("class=\"pager\"").unwrap()..];
    assert!(pager.contains(&format!("/plans?manager_id={me}&#38;after=")), "next page keeps the manager: {pager}");

    // The clock: a year of thousands of reviews is one dot per week and kind.
    let r = head.get_lang("/plans/clock", "en").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.len() < 64 * 1024, "clock is {} bytes", r.body.len());
    assert!(r.body.matches("<circle").count() <= 1 + 5 * 53);
    assert!(r.body.contains("one dot per week and kind") && r.body.contains("Choose a partnership manager"));
    // A small portfolio still gets a dot and a link per event.
    let small = count(
        app,
        "SELECT manager_id AS n FROM customers WHERE manager_id IS NOT NULL GROUP BY manager_id
         ORDER BY COUNT(*), manager_id LIMIT 1",
    )
    .await;
    let r = head.get_lang(&format!("/plans/clock?manager_id={small}"), "en").await;
    assert!(r.body.contains("<a href=") && !r.body.contains("one dot per week"), "{}", r.body);

    // Balance: the lists of customers come a page at a time.
    let without = count(app, "SELECT COUNT(*) AS n FROM customers WHERE deputy_id IS NULL").await;
    assert!(without >= IMPORTED as i64);
    let r = head.get_lang("/balance", "en").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.len() < 128 * 1024, "/balance is {} bytes", r.body.len());
    assert!(r.body.contains(&format!("50 of {without} shown")), "the page says how many there are");
    assert!(r.body.contains("without_deputy_after=") && r.body.contains("Next page of this list"));
    let mut listed = BTreeSet::new();
    let mut path = "/api/v1/balance/coverage?limit=500".to_owned();
    loop {
        let r = head.get(&path).await;
        assert!(r.body.len() < 256 * 1024, "coverage is {} bytes", r.body.len());
        let cov = r.json()["coverage"].clone();
        assert_eq!(cov["without_deputy_total"].as_i64(), Some(without));
        listed.extend(cov["without_deputy"].as_array().unwrap().iter().map(|f| f["customer_id"].as_i64().unwrap()));
        match cov["without_deputy_next_cursor"].as_i64() {
            Some(c) => path = format!("/api/v1/balance/coverage?limit=500&without_deputy_after={c}"),
            None => break,
        }
    }
    assert_eq!(listed.len() as i64, without, "paging reaches every customer without a deputy");

    // The workbook is streamed, and still has every plan.
    let (status, _, bytes) = head.download("/plans/export.xlsx", "fi").await;
    assert_eq!(status, StatusCode::OK);
    let sheets = xlsx_rows(&bytes).unwrap();
    assert_eq!(sheets[0].1.len() as i64, customers + 1, "a header and a row per plan");
    assert!(sheets[0].1.iter().any(|r| r[0] == format!("Massakunta {:05}", IMPORTED - 1)));
    let lines: usize = sheets[1].1.len() - 1;
    assert!(lines as i64 >= derived, "every line of every plan: {lines}");
}
