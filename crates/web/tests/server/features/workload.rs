//! Workload weights (issue 6) over real HTTP: editing them on the customer
//! API and form (validated, version-guarded, audited), the coverage
//! matrix's workload, and rebalancing by weight. Every check runs on SQLite
//! and, with `KUMPPANI_TEST_POSTGRES_URL`, on PostgreSQL.

use kumppani_testkit::RawSql;

use crate::harness::{Client, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeMap;

on_both_backends! { TestApp;
    weights_round_trip_and_are_audited => weights_round_trip_sqlite, weights_round_trip_postgres;
    the_form_edits_weights => the_form_edits_weights_sqlite, the_form_edits_weights_postgres;
    coverage_shows_workload => coverage_shows_workload_sqlite, coverage_shows_workload_postgres;
    rebalance_by_weight => rebalance_by_weight_sqlite, rebalance_by_weight_postgres;
}

/// Customer id → (manager, workload weight, organisation type), from the database.
async fn weights(app: &TestApp) -> BTreeMap<i64, (Option<i64>, i64, String)> {
    let rows = app.db.fetch_all("SELECT id, manager_id, workload_weight, org_type FROM customers", &[]).await.unwrap();
    rows.iter()
        .map(|r| {
            let id: i64 = r.get("id").unwrap();
            (id, (r.get("manager_id").unwrap(), r.get("workload_weight").unwrap(), r.get("org_type").unwrap()))
        })
        .collect()
}

/// The customer as a PUT body, with `weight` (None leaves the field out).
fn body(c: &Value, weight: Option<Value>) -> Value {
    let mut b = json!({ "name": c["name"], "business_id": c["business_id"], "org_type": c["org_type"],
        "segment_id": c["segment_id"], "manager_id": c["manager_id"], "deputy_id": c["deputy_id"], "notes": c["notes"] });
    if let Some(w) = weight {
        b["workload_weight"] = w;
    }
    b
}

async fn put(c: &Client, id: i64, version: i64, body: &Value) -> crate::harness::Resp {
    c.json_if(Method::PUT, &format!("/api/v1/customers/{id}"), version, body).await
}

async fn weights_round_trip_and_are_audited(app: &TestApp) {
    // The demo spreads weights 1–5, and municipalities weigh more than companies.
    let all = weights(app).await;
    let distinct: std::collections::BTreeSet<i64> = all.values().map(|w| w.1).collect();
    assert!(distinct.len() >= 3 && distinct.iter().all(|w| (1..=5).contains(w)), "{distinct:?}");
    let mean = |t: &str| {
        let of: Vec<i64> = all.values().filter(|w| w.2 == t).map(|w| w.1).collect();
        of.iter().sum::<i64>() as f64 / of.len().max(1) as f64
    };
    assert!(
        mean("municipality") > mean("limited_company") + 1.0,
        "{} {}",
        mean("municipality"),
        mean("limited_company")
    );

    let head = app.client_as("esimies").await;
    let id = *all.keys().next().unwrap();
    let c = head.get(&format!("/api/v1/customers/{id}")).await.json();
    assert_eq!(c["workload_weight"], all[&id].1);
    let version = c["version"].as_i64().unwrap();

    let mark = app.audit_mark().await;
    let r = put(&head, id, version, &body(&c, Some(json!(7)))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["workload_weight"], 7);
    assert_eq!(r.header("etag"), Some(format!("\"{}\"", version + 1).as_str()));
    let rows = app.audit_since(mark).await;
    assert_eq!(rows.len(), 1, "one audit row: {rows:?}");
    let changes = rows[0].changes.as_array().unwrap();
    assert_eq!(changes.len(), 1, "only the weight changed: {changes:?}");
    assert_eq!(
        (&changes[0]["field"], &changes[0]["old"], &changes[0]["new"]),
        (&json!("workload_weight"), &json!(all[&id].1.to_string()), &json!("7"))
    );
    let history = head.get(&format!("/api/v1/customers/{id}/history")).await.json();
    assert!(history[0]["changes"].as_array().unwrap().iter().any(|ch| ch["field"] == "workload_weight"));

    // A client that leaves the weight out keeps it.
    let r = put(&head, id, version + 1, &body(&c, None)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["workload_weight"], 7);
    assert_eq!(app.audit_since(mark).await.len(), 1, "no change, no audit row");

    // Stale and missing versions, bad values: nothing changes.
    let mark = app.audit_mark().await;
    put(&head, id, version, &body(&c, Some(json!(3)))).await.problem(412);
    let missing = head.json(Method::PUT, &format!("/api/v1/customers/{id}"), &body(&c, Some(json!(3)))).await;
    missing.problem(428);
    for bad in [json!(0), json!(-2), json!(101)] {
        let p = put(&head, id, version + 1, &body(&c, Some(bad.clone()))).await.problem(422);
        assert_eq!(p["errors"][0]["field"], "workload_weight", "{bad}: {p}");
    }
    put(&head, id, version + 1, &body(&c, Some(json!("heavy")))).await.problem(422);
    assert!(app.audit_since(mark).await.is_empty());
    assert_eq!(weights(app).await[&id].1, 7);

    // Created with a weight, or without one (1).
    let mut created = body(&c, Some(json!(4)));
    created["name"] = json!("Painava Oy");
    created["business_id"] = Value::Null;
    let r = head.json(Method::POST, "/api/v1/customers", &created).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["workload_weight"], 4);
    created.as_object_mut().unwrap().remove("workload_weight");
    created["name"] = json!("Kevyt Oy");
    let r = head.json(Method::POST, "/api/v1/customers", &created).await;
    assert_eq!(r.json()["workload_weight"], 1);
}

async fn the_form_edits_weights(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let id = *weights(app).await.keys().nth(1).unwrap();
    let c = head.get(&format!("/api/v1/customers/{id}")).await.json();
    let form = head.get(&format!("/customers/{id}/edit")).await;
    assert!(form.body.contains(&format!(
        "name=\"workload_weight\" type=\"number\" min=\"1\" max=\"100\" step=\"1\" inputmode=\"numeric\" value=\"{}\"",
        c["workload_weight"]
    )));
    let fields = |weight: &str, version: i64| -> Vec<(String, String)> {
        let s = |v: &Value| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string().replace("null", ""));
        vec![
            ("name".into(), s(&c["name"])),
            ("business_id".into(), s(&c["business_id"])),
            ("org_type".into(), s(&c["org_type"])),
            ("segment_id".into(), s(&c["segment_id"])),
            ("manager_id".into(), s(&c["manager_id"])),
            ("deputy_id".into(), s(&c["deputy_id"])),
            ("notes".into(), s(&c["notes"])),
            ("workload_weight".into(), weight.into()),
            ("version".into(), version.to_string()),
        ]
    };
    let version = c["version"].as_i64().unwrap();
    // Not a number: the form comes back with what was typed and the error.
    let r = head.form_fields(&format!("/customers/{id}"), &fields("paljon", version)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("value=\"paljon\""));
    assert!(r.body.contains("id=\"f-workload_weight-error\""));
    assert!(r.body.contains("Anna työmäärän paino kokonaislukuna väliltä 1–100."));
    // Saved: shown on the customer page.
    let r = head.form_fields(&format!("/customers/{id}"), &fields("5", version)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = head.get(&format!("/customers/{id}")).await;
    assert!(page.body.contains("<dt>Työmäärän paino</dt><dd>5</dd>"), "{}", page.body);
    // A stale form re-renders the typed value beside the saved one.
    let r = head.form_fields(&format!("/customers/{id}"), &fields("9", version)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("value=\"9\"") && r.body.contains("<dt>Työmäärän paino</dt><dd>5</dd>"));
    assert_eq!(weights(app).await[&id].1, 5);
}

async fn coverage_shows_workload(app: &TestApp) {
    let all = weights(app).await;
    let pm = app.client_as("kp.virtanen").await;
    let cov = pm.get("/api/v1/balance/coverage").await.json()["coverage"].clone();
    assert_eq!(cov["workload"].as_i64(), Some(all.values().map(|w| w.1).sum()));
    for m in cov["managers"].as_array().unwrap() {
        let id = m["manager_id"].as_i64().unwrap();
        let held: i64 = all.values().filter(|w| w.0 == Some(id)).map(|w| w.1).sum();
        assert_eq!(m["workload"].as_i64(), Some(held), "{}", m["name"]);
        let per_segment: i64 = m["workloads"].as_array().unwrap().iter().map(|w| w.as_i64().unwrap()).sum();
        assert_eq!(per_segment, held);
    }
    let segments: i64 = cov["segments"].as_array().unwrap().iter().map(|s| s["workload"].as_i64().unwrap()).sum();
    assert_eq!(segments, cov["workload"].as_i64().unwrap());
    let page = pm.get("/balance").await;
    assert!(page.body.contains("<th scope=\"col\">Työmäärä</th>"));
    assert!(page.body.contains(&format!("<td class=\"num\">{}</td>", cov["workload"])));
}

async fn rebalance_by_weight(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let laine = app.user_id("kp.laine").await;
    let all = weights(app).await;
    let goals = json!({ "by_weight": true, "tolerance_percent": 20, "leaving": [laine] });
    let r = head.json(Method::POST, "/api/v1/balance/proposal", &goals).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let p = r.json();
    assert_eq!(p["request"]["by_weight"], true);
    assert!(["min_cost_flow", "min_cost_flow_weight_classes"].contains(&p["method"].as_str().unwrap()));
    let (objective, bound) = (p["objective"].as_u64().unwrap(), p["lower_bound"].as_u64().unwrap());
    assert!(bound <= objective && (p["proven_optimal"] == true) == (bound == objective), "{p}");
    // The objective is the weight moved; every staying manager's weight is within the band.
    let mut manager: BTreeMap<i64, Option<i64>> = all.iter().map(|(id, w)| (*id, w.0)).collect();
    let mut moved = 0;
    for m in p["moves"].as_array().unwrap() {
        let id = m["customer_id"].as_i64().unwrap();
        moved += all[&id].1 as u64;
        manager.insert(id, m["to"].as_i64());
    }
    assert_eq!(moved, objective);
    let (lo, hi) = (p["load_min"].as_i64().unwrap(), p["load_max"].as_i64().unwrap());
    let total: i64 = all.values().map(|w| w.1).sum();
    assert!(lo <= total / 7 && total / 7 <= hi, "the band is around the fair share of weight: {lo}..={hi}");
    for l in p["loads"].as_array().unwrap() {
        let id = l["manager_id"].as_i64().unwrap();
        let weight: i64 = manager.iter().filter(|(_, m)| **m == Some(id)).map(|(c, _)| all[c].1).sum();
        assert_eq!(l["weight_after"].as_i64(), Some(weight));
        if l["stays"] == true {
            assert!((lo..=hi).contains(&weight), "{}: {weight} outside {lo}..={hi}", l["name"]);
        } else {
            assert_eq!(weight, 0);
        }
    }

    // The form offers both measures; the page says which one and how it was found.
    let form = head.get("/balance/rebalance?goals=1&by=weight&tolerance_percent=20").await;
    assert!(form.body.contains("value=\"weight\" checked"), "{}", form.body);
    let page = head
        .get(&format!("/balance/proposal?goals=1&every_segment=on&by=weight&tolerance_percent=20&leaving={laine}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<dd>Tasataan työmäärän painojen summa</dd>"));
    assert!(page.body.contains("Siirtyvä työmäärä"));
    let method = ["Pienimmän kustannuksen virtaus (tarkka)", "painoluokittain, haarautumis- ja rajoitusmenetelmä"];
    assert!(method.iter().any(|m| page.body.contains(m)), "the page names the method");
    let proven =
        page.body.contains("Todistetusti optimaalinen: mikään tavoitteet täyttävä jako ei siirrä vähempää työmäärää.")
            || page.body.contains("Ei todistetusti optimaalinen");
    assert!(proven, "the page says whether the proposal is proven optimal");
    assert!(page.body.contains("name=\"by\" value=\"weight\""), "recalculating keeps the measure");
    // Counting, the same request is by customers.
    let page = head.get(&format!("/balance/proposal?goals=1&by=count&tolerance_percent=20&leaving={laine}")).await;
    assert!(page.body.contains("<dd>Tasataan asiakkaiden lukumäärä</dd>"));
}
