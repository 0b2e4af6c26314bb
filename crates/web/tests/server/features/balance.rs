//! Portfolio balance (issue 6) over real HTTP: the coverage matrix, the
//! absence warnings, proposals, applying them in one audited transaction,
//! the pages and the deputy brief. Every check runs on SQLite and, with
//! `KUMPPANI_TEST_POSTGRES_URL`, on PostgreSQL.

use kumppani_testkit::RawSql;

use crate::harness::{CUSTOMERS, Client, TestApp, html};
use chrono::{Days, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

on_both_backends! { TestApp;
    coverage_counts_the_data => coverage_counts_the_data_sqlite, coverage_counts_the_data_postgres;
    absences_warn_and_show_in_the_brief => absences_warn_sqlite, absences_warn_postgres;
    leaving_moves_only_what_it_must => leaving_moves_only_what_it_must_sqlite, leaving_moves_only_what_it_must_postgres;
    apply_audits_each_customer_once => apply_audits_each_customer_once_sqlite, apply_audits_each_customer_once_postgres;
    stale_apply_changes_nothing => stale_apply_changes_nothing_sqlite, stale_apply_changes_nothing_postgres;
    only_the_unit_head_applies => only_the_unit_head_applies_sqlite, only_the_unit_head_applies_postgres;
    infeasible_goals_name_the_nearest => infeasible_goals_sqlite, infeasible_goals_postgres;
    pages_propose_and_apply => pages_propose_and_apply_sqlite, pages_propose_and_apply_postgres;
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array().expect("array").iter().map(|x| x.as_i64().expect("id")).collect()
}

async fn count(app: &TestApp, sql: &str, params: &[kumppani_testkit::Value]) -> i64 {
    app.db.fetch_one(sql, params).await.expect("count").get("n").expect("n")
}

/// Customer id → segment id.
async fn segments_of(app: &TestApp) -> BTreeMap<i64, i64> {
    let rows = app.db.fetch_all("SELECT id, segment_id FROM customers", &[]).await.expect("customers");
    rows.iter().map(|r| (r.get("id").expect("id"), r.get("segment_id").expect("segment"))).collect()
}

async fn propose(c: &Client, body: Value) -> crate::harness::Resp {
    c.json(Method::POST, "/api/v1/balance/proposal", &body).await
}

async fn apply(c: &Client, plan: &Value) -> crate::harness::Resp {
    let body = json!({ "moves": plan["moves"], "deputy_changes": plan["deputy_changes"] });
    c.json(Method::POST, "/api/v1/balance/apply", &body).await
}

async fn coverage_counts_the_data(app: &TestApp) {
    let pm = app.client_as("kp.virtanen").await;
    let r = pm.get("/api/v1/balance/coverage").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cov = r.json()["coverage"].clone();
    assert_eq!(cov["customers"], CUSTOMERS as i64);
    let segments = cov["segments"].as_array().expect("segments").clone();
    assert_eq!(segments.len(), 6);
    assert_eq!(segments.iter().map(|s| s["customers"].as_i64().unwrap()).sum::<i64>(), CUSTOMERS as i64);
    let managers = cov["managers"].as_array().expect("managers").clone();
    assert_eq!(managers.len(), 8, "the eight demo partnership managers");
    for m in &managers {
        let id = m["manager_id"].as_i64().unwrap();
        let counts = ids(&m["counts"]);
        assert_eq!(counts.iter().sum::<i64>(), m["total"].as_i64().unwrap());
        let mut lacking = Vec::new();
        for (s, &n) in segments.iter().zip(&counts) {
            let sid = s["segment_id"].as_i64().unwrap();
            let sql = "SELECT COUNT(*) AS n FROM customers WHERE manager_id = $1 AND segment_id = $2";
            assert_eq!(count(app, sql, &[id.into(), sid.into()]).await, n, "{} × {}", m["name"], s["name"]);
            if n == 0 && s["customers"].as_i64().unwrap() > 0 {
                lacking.push(sid);
            }
        }
        assert_eq!(ids(&m["lacking"]), lacking);
        let deputising = count(app, "SELECT COUNT(*) AS n FROM customers WHERE deputy_id = $1", &[id.into()]).await;
        assert_eq!(m["deputy_for"], deputising);
    }
    let single: Vec<i64> = segments
        .iter()
        .enumerate()
        .filter(|(i, _)| managers.iter().filter(|m| m["counts"][*i].as_i64().unwrap() > 0).count() == 1)
        .map(|(_, s)| s["segment_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids(&cov["single_holder_segments"]), single);

    // Unfamiliar deputies, recomputed from the rows.
    let rows = app.db.fetch_all("SELECT id, segment_id, manager_id, deputy_id FROM customers", &[]).await.unwrap();
    let all: Vec<(i64, i64, Option<i64>, Option<i64>)> = rows
        .iter()
        .map(|r| {
            (
                r.get("id").unwrap(),
                r.get("segment_id").unwrap(),
                r.get("manager_id").unwrap(),
                r.get("deputy_id").unwrap(),
            )
        })
        .collect();
    let held: BTreeSet<(i64, i64)> = all.iter().filter_map(|c| c.2.map(|m| (m, c.1))).collect();
    let unfamiliar: BTreeSet<i64> =
        all.iter().filter(|c| c.3.is_some_and(|d| !held.contains(&(d, c.1)))).map(|c| c.0).collect();
    let reported: BTreeSet<i64> =
        cov["unfamiliar_deputies"].as_array().unwrap().iter().map(|f| f["customer_id"].as_i64().unwrap()).collect();
    assert_eq!(reported, unfamiliar);
    assert_eq!(cov["without_deputy"].as_array().unwrap().len(), 0, "demo customers all have deputies");

    // A customer without a deputy shows up.
    let head = app.client_as("esimies").await;
    let segment = segments[0]["segment_id"].as_i64().unwrap();
    let body = json!({ "name": "Sijaiseton Oy", "business_id": null, "org_type": "limited_company",
        "segment_id": segment, "manager_id": app.user_id("kp.virtanen").await, "deputy_id": null, "notes": null });
    let r = head.json(Method::POST, "/api/v1/customers", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    let cov = pm.get("/api/v1/balance/coverage").await.json()["coverage"].clone();
    let without: Vec<i64> =
        cov["without_deputy"].as_array().unwrap().iter().map(|f| f["customer_id"].as_i64().unwrap()).collect();
    assert_eq!(without, vec![id]);

    // The page: an accessible table with the counts, for a partnership manager too.
    let page = pm.get("/balance").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<th scope=\"row\">Sanna Virtanen"), "{}", page.body);
    assert!(page.body.contains("href=\"/balance\" aria-current=\"page\""), "nav link");
    assert!(page.body.contains(&html("Sijaiseton Oy")));
    let external = app.client_as("ulkoinen").await;
    assert_eq!(external.get("/api/v1/balance/coverage").await.status, StatusCode::NOT_FOUND);
}

async fn absences_warn_and_show_in_the_brief(app: &TestApp) {
    let (customer, manager, deputy): (i64, i64, i64) = {
        let row =
            app.db.fetch_one("SELECT id, manager_id, deputy_id FROM customers ORDER BY id LIMIT 1", &[]).await.unwrap();
        (row.get("id").unwrap(), row.get("manager_id").unwrap(), row.get("deputy_id").unwrap())
    };
    let today = Utc::now().date_naive();
    let day = |n: u64| today.checked_add_days(Days::new(n)).unwrap();
    app.add_absence(manager, day(0), day(10), "loma").await;
    app.add_absence(deputy, day(5), day(20), "koulutus").await;
    // The deputy's absence long past does not warn.
    app.add_absence(deputy, day(0) - Days::new(40), day(0) - Days::new(30), "").await;

    let staff = app.client_as("marko.ahonen").await;
    let report = staff.get("/api/v1/balance/coverage").await.json();
    let warnings = report["absence_warnings"].as_array().unwrap();
    let expected = count(
        app,
        "SELECT COUNT(*) AS n FROM customers
         WHERE (manager_id = $1 AND deputy_id = $2) OR (manager_id = $2 AND deputy_id = $1)",
        &[manager.into(), deputy.into()],
    )
    .await;
    assert_eq!(warnings.len() as i64, expected, "{warnings:?}");
    let w = warnings.iter().find(|w| w["customer_id"] == customer).expect("the customer is warned about");
    assert_eq!(w["from"], day(5).to_string());
    assert_eq!(w["until"], day(10).to_string());

    let page = staff.get("/balance").await;
    assert!(page.body.contains(&format!("href=\"/customers/{customer}\"")));
    assert!(page.body.contains(&day(5).format("%d.%m.%Y").to_string()));

    // The brief: operating model, people with absences, services, contacts.
    let c = staff.get(&format!("/api/v1/customers/{customer}")).await.json();
    let page = staff.get(&format!("/customers/{customer}")).await;
    assert!(page.body.contains(&format!("href=\"/customers/{customer}/brief\"")), "link from the customer page");
    let brief = staff.get(&format!("/customers/{customer}/brief")).await;
    assert_eq!(brief.status, StatusCode::OK, "{}", brief.body);
    let segment = staff.get(&format!("/api/v1/segments/{}", c["segment_id"])).await.json();
    for text in [
        c["name"].as_str().unwrap(),
        segment["name"].as_str().unwrap(),
        segment["description"].as_str().unwrap(),
        c["manager_name"].as_str().unwrap(),
        c["deputy_name"].as_str().unwrap(),
        "Päällikkö ja sijainen poissa yhtä aikaa",
        "Ei avoimia kehittämishankkeita.",
        // Plan items are for those who look after customers, not staff.
        "Tarpeet ja toimenpiteet näkyvät kumppanuuspäälliköille.",
    ] {
        assert!(brief.body.contains(&html(text)), "brief lacks {text:?}");
    }
    // A partnership manager's brief lists the customer's open projects and
    // upcoming plan items, and the PDF carries the same content.
    let head = app.client_as("esimies").await;
    let project = json!({"name": "Sähköisen asioinnin uudistus", "customer_id": customer,
        "executive_id": app.user_id("esimies").await, "project_manager_id": app.user_id("pp.jokinen").await,
        "stage": "initiating", "starts_on": "2026-01-12"});
    let r = head.json(Method::POST, "/api/v1/projects", &project).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let event = json!({"kind": "budget_meeting", "title": "Talousarvioneuvottelu", "on_date": "2099-02-01",
        "service_id": null, "owner_id": null, "status": "planned", "notes": ""});
    let r = head.json(Method::POST, &format!("/api/v1/customers/{customer}/events"), &event).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let brief = head.get(&format!("/customers/{customer}/brief")).await;
    assert!(brief.body.contains("Sähköisen asioinnin uudistus") && brief.body.contains("Talousarvioneuvottelu"));
    let (status, kind, bytes) = head.download(&format!("/customers/{customer}/brief.pdf"), "fi").await;
    assert_eq!((status, kind.as_deref()), (StatusCode::OK, Some("application/pdf")));
    let text = kumppani_docs::extract::pdf_text(&bytes).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        c["name"].as_str().unwrap(),
        segment["name"].as_str().unwrap(),
        c["deputy_name"].as_str().unwrap(),
        "Sähköisen asioinnin uudistus",
        "Talousarvioneuvottelu",
        "Avoimet kehittämishankkeet",
    ] {
        assert!(text.contains(expected), "the PDF lacks {expected:?}: {text}");
    }
    let (_, _, sv) = head.download(&format!("/customers/{customer}/brief.pdf"), "sv").await;
    let sv = kumppani_docs::extract::pdf_text(&sv).unwrap();
    assert!(sv.contains("Sammanfattning för ersättaren") && sv.contains("Viktigaste kontaktpersoner"), "{sv}");
    assert_eq!(staff.download("/customers/999999/brief.pdf", "fi").await.0, StatusCode::NOT_FOUND);
    let services = staff.get(&format!("/api/v1/customers/{customer}/services")).await.json();
    for s in services.as_array().unwrap() {
        let name = html(s["service_name"].as_str().unwrap());
        assert_eq!(brief.body.contains(&format!("<li>{name}</li>")), s["critical"] == true, "{name}");
    }
    let contacts = staff.get(&format!("/api/v1/customers/{customer}/contacts")).await.json();
    for ct in contacts.as_array().unwrap() {
        assert!(brief.body.contains(&html(ct["name"].as_str().unwrap())));
    }
    assert_eq!(staff.get("/customers/999999/brief").await.status, StatusCode::NOT_FOUND);
}

async fn leaving_moves_only_what_it_must(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let laine = app.user_id("kp.laine").await;
    let before = app.assignments().await;
    let held: BTreeSet<i64> = before.iter().filter(|c| c.1 == Some(laine)).map(|c| c.0).collect();
    assert!(!held.is_empty());

    // Loose goals: exactly Laine's customers move, and no others.
    let r = propose(&head, json!({ "every_segment": false, "tolerance_percent": 1000, "leaving": [laine] })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let p = r.json();
    let moved: BTreeSet<i64> =
        p["moves"].as_array().unwrap().iter().map(|m| m["customer_id"].as_i64().unwrap()).collect();
    assert_eq!(moved, held);
    assert!(p["moves"].as_array().unwrap().iter().all(|m| m["from"] == laine && m["reason"] == "manager_leaving"));
    assert_eq!(
        (p["objective"].as_u64(), p["unavoidable"].as_u64()),
        (Some(held.len() as u64), Some(held.len() as u64))
    );
    assert_eq!((p["method"].as_str(), p["proven_optimal"].as_bool()), (Some("min_cost_flow"), Some(true)));

    // The default goals: within the band, every segment covered, proven optimal.
    let r = propose(&head, json!({ "tolerance_percent": 20, "leaving": [laine] })).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let p = r.json();
    let moves = p["moves"].as_array().unwrap();
    assert_eq!(p["objective"].as_u64(), Some(moves.len() as u64));
    assert_eq!(p["lower_bound"], p["objective"]);
    assert!(p["proven_optimal"].as_bool().unwrap());
    assert!(moves.iter().all(|m| (m["from"] == laine) == (m["reason"] == "manager_leaving")));
    let mut manager: BTreeMap<i64, i64> = before.iter().filter_map(|c| c.1.map(|m| (c.0, m))).collect();
    for m in moves {
        manager.insert(m["customer_id"].as_i64().unwrap(), m["to"].as_i64().unwrap());
    }
    let managers = ids(&p["managers"]);
    assert_eq!(managers.len(), 7);
    assert!(!managers.contains(&laine));
    let (lo, hi) = (p["load_min"].as_i64().unwrap(), p["load_max"].as_i64().unwrap());
    let segment = segments_of(app).await;
    let mut sizes: BTreeMap<i64, usize> = BTreeMap::new();
    segment.values().for_each(|s| *sizes.entry(*s).or_default() += 1);
    for &m in &managers {
        let load = manager.values().filter(|&&x| x == m).count() as i64;
        assert!((lo..=hi).contains(&load), "{m}: {load} outside {lo}..={hi}");
        for (&s, &size) in &sizes {
            if size >= managers.len() {
                assert!(manager.iter().any(|(c, &x)| x == m && segment[c] == s), "{m} lacks segment {s}");
            }
        }
        let shown = p["loads"].as_array().unwrap().iter().find(|l| l["manager_id"] == m).unwrap();
        assert_eq!(shown["after"], load);
    }
    let shown = p["loads"].as_array().unwrap().iter().find(|l| l["manager_id"] == laine).unwrap();
    assert_eq!((shown["before"].as_u64(), shown["after"].as_u64()), (Some(held.len() as u64), Some(0)));
    assert_eq!(app.assignments().await, before, "a proposal changes nothing");
}

async fn apply_audits_each_customer_once(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let laine = app.user_id("kp.laine").await;
    let before: BTreeMap<i64, (Option<i64>, Option<i64>, i64)> =
        app.assignments().await.into_iter().map(|c| (c.0, (c.1, c.2, c.3))).collect();
    let p = propose(&head, json!({ "leaving": [laine], "deputies": true })).await.json();
    let touched: BTreeSet<i64> = ["moves", "deputy_changes"]
        .iter()
        .flat_map(|k| p[*k].as_array().unwrap().iter().map(|m| m["customer_id"].as_i64().unwrap()))
        .collect();
    assert!(!p["deputy_changes"].as_array().unwrap().is_empty(), "Laine's deputyships move too");

    let mark = app.audit_mark().await;
    let r = apply(&head, &p).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let changed: BTreeSet<i64> = ids(&r.json()["changed"]).into_iter().collect();
    assert_eq!(changed, touched);
    let rows = app.audit_since(mark).await;
    assert_eq!(rows.len(), touched.len(), "one audit row per changed customer");
    let audited: BTreeSet<i64> = rows.iter().map(|r| r.entity_id.unwrap()).collect();
    assert_eq!(audited, touched);
    assert!(
        rows.iter().all(|r| (r.actor_name.as_str(), r.action.as_str(), r.entity.as_str())
            == ("Riitta Lehtonen", "update", "customer"))
    );
    let first = &p["moves"][0];
    let row = rows.iter().find(|r| r.entity_id == first["customer_id"].as_i64()).unwrap();
    let manager_change = row.changes.as_array().unwrap().iter().find(|c| c["field"] == "manager").unwrap();
    assert_eq!(manager_change["old"], "Jari Laine");
    assert_eq!(manager_change["new"], first["to_name"]);

    for (id, manager, deputy, version) in app.assignments().await {
        assert_ne!(manager, Some(laine));
        assert_ne!(deputy, Some(laine));
        assert!(deputy.is_some() && deputy != manager, "customer {id}");
        let bump = i64::from(touched.contains(&id));
        assert_eq!(version, before[&id].2 + bump, "one version step per customer");
    }
    let cov = head.get("/api/v1/balance/coverage").await.json();
    assert_eq!(cov["coverage"]["without_deputy"].as_array().unwrap().len(), 0);
}

async fn stale_apply_changes_nothing(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let laine = app.user_id("kp.laine").await;
    let p = propose(&head, json!({ "leaving": [laine] })).await.json();
    let stale = p["moves"][p["moves"].as_array().unwrap().len() - 1]["customer_id"].as_i64().unwrap();
    let c = head.get(&format!("/api/v1/customers/{stale}")).await.json();
    let body = json!({ "name": c["name"], "business_id": c["business_id"], "org_type": c["org_type"],
        "segment_id": c["segment_id"], "manager_id": c["manager_id"], "deputy_id": c["deputy_id"], "notes": "muutettu" });
    let r =
        head.json_if(Method::PUT, &format!("/api/v1/customers/{stale}"), c["version"].as_i64().unwrap(), &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let before = app.assignments().await;
    let mark = app.audit_mark().await;
    let problem = apply(&head, &p).await.problem(412);
    assert_eq!(problem["current_version"], c["version"].as_i64().unwrap() + 1);
    assert_eq!(app.assignments().await, before, "nothing applied");
    assert!(app.audit_since(mark).await.is_empty(), "nothing audited");

    // The page: a fresh proposal with a notice, 409.
    let mut fields = vec![
        ("goals".to_owned(), "1".to_owned()),
        ("every_segment".to_owned(), "on".to_owned()),
        ("tolerance_percent".to_owned(), "20".to_owned()),
        ("leaving".to_owned(), laine.to_string()),
    ];
    for m in p["moves"].as_array().unwrap() {
        fields.push(("move".to_owned(), format!("{}:{}:{}", m["customer_id"], m["to"], m["version"])));
    }
    let r = head.form_fields("/balance/apply", &fields).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("Osaa näistä asiakkaista muutettiin"));
    assert!(r.body.contains(&format!("value=\"{stale}:")), "the fresh proposal carries the new version: {}", r.body);
    assert_eq!(app.assignments().await, before);
    let (_, _, version) = app.assignment(stale).await;
    assert!(r.body.contains(&format!(":{version}\"")));
}

async fn only_the_unit_head_applies(app: &TestApp) {
    let laine = app.user_id("kp.laine").await;
    let pm = app.client_as("kp.virtanen").await;
    let r = propose(&pm, json!({ "leaving": [laine] })).await;
    assert_eq!(r.status, StatusCode::OK, "a partnership manager may look at proposals");
    let p = r.json();
    let before = app.assignments().await;
    let mark = app.audit_mark().await;
    apply(&pm, &p).await.problem(403);
    let rows = app.audit_since(mark).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].actor_name.as_str(), rows[0].action.as_str()), ("Sanna Virtanen", "denied"));
    assert_eq!(app.assignments().await, before);

    let page =
        pm.get(&format!("/balance/proposal?goals=1&every_segment=on&tolerance_percent=20&leaving={laine}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(!page.body.contains("action=\"/balance/apply\""));
    assert!(page.body.contains("Vain yksikön esimies tai ylläpitäjä"));
    let fields = vec![(
        "move".to_owned(),
        format!("{}:{}:{}", p["moves"][0]["customer_id"], p["moves"][0]["to"], p["moves"][0]["version"]),
    )];
    assert_eq!(pm.form_fields("/balance/apply", &fields).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.assignments().await, before);

    let staff = app.client_as("marko.ahonen").await;
    propose(&staff, json!({})).await.problem(403);
    apply(&staff, &p).await.problem(403);
    assert_eq!(staff.get("/balance/rebalance").await.status, StatusCode::FORBIDDEN);
}

async fn infeasible_goals_name_the_nearest(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let joining = app.user_id("esimies").await;
    // Pin every customer of the largest segment and add a ninth manager:
    // the newcomer cannot get a customer of that segment.
    let segment = segments_of(app).await;
    let mut sizes: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    segment.iter().for_each(|(c, s)| sizes.entry(*s).or_default().push(*c));
    let pinned = sizes.values().max_by_key(|v| v.len()).unwrap().clone();
    assert!(pinned.len() >= 9, "the largest segment has a customer for each of nine managers");
    let goals = json!({ "every_segment": true, "tolerance_percent": 20, "joining": [joining], "pinned": pinned });
    let p = propose(&head, goals.clone()).await.problem(422);
    assert!(p["type"].as_str().unwrap().ends_with("/infeasible-goals"), "{p}");
    assert!(p["code"].as_str().unwrap().starts_with("balance-infeasible-"), "{p}");
    assert!(p["reason"]["kind"].is_string());
    let detail = p["detail"].as_str().unwrap();
    assert!(!detail.is_empty() && !detail.contains("balance-"), "translated: {detail}");
    let nearest = p["nearest"].clone();
    assert!(nearest.is_object(), "{p}");
    assert_eq!(ids(&nearest["pinned"]), ids(&goals["pinned"]));
    let r = propose(&head, nearest).await;
    assert_eq!(r.status, StatusCode::OK, "the nearest goals can be met: {}", r.body);

    let pins: String = pinned.iter().map(|id| format!("&pin={id}")).collect();
    let page = head
        .get(&format!("/balance/proposal?goals=1&every_segment=on&tolerance_percent=20&joining={joining}{pins}"))
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("Näitä tavoitteita ei voi täyttää"));
    assert!(page.body.contains("Tee ehdotus näillä tavoitteilla"));

    // Invalid requests are field errors, not infeasible goals.
    let r = propose(&head, json!({ "tolerance_percent": 5000 })).await.problem(422);
    assert_eq!(r["errors"][0]["field"], "tolerance_percent");
    let r = propose(&head, json!({ "pinned": [999_999] })).await.problem(422);
    assert_eq!(r["errors"][0]["field"], "pinned");
    let r = head.get("/balance/proposal?goals=1&tolerance_percent=abc").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("aria-invalid=\"true\""));
}

async fn pages_propose_and_apply(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let laine = app.user_id("kp.laine").await;
    let form = head.get("/balance/rebalance").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(&format!("id=\"leaving-{laine}\"")));

    let page = head
        .get(&format!("/balance/proposal?goals=1&every_segment=on&tolerance_percent=20&deputies=on&leaving={laine}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Todistetusti optimaalinen"));
    assert!(page.body.contains("Pienimmän kustannuksen virtaus"));
    assert!(page.body.contains("Päällikkö lähtee."));
    let start = page.body.find("action=\"/balance/apply\"").expect("an Apply form");
    let form = &page.body[start..start + page.body[start..].find("</form>").unwrap()];
    let fields: Vec<(String, String)> = form
        .split("<input type=\"hidden\" name=\"")
        .skip(1)
        .map(|rest| {
            let (name, rest) = rest.split_once('"').unwrap();
            let value = rest.split("value=\"").nth(1).unwrap().split('"').next().unwrap();
            (name.to_owned(), value.to_owned())
        })
        .filter(|(name, _)| name != "_csrf")
        .collect();
    let moves = fields.iter().filter(|(k, _)| k == "move").count();
    assert!(moves > 0);
    let mark = app.audit_mark().await;
    let r = head.form_fields("/balance/apply", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.header("location").unwrap().to_owned();
    assert!(location.starts_with("/balance?applied="), "{location}");
    let done = head.get(&location).await;
    assert!(done.body.contains("Muutokset on otettu käyttöön"));
    assert_eq!(count(app, "SELECT COUNT(*) AS n FROM customers WHERE manager_id = $1", &[laine.into()]).await, 0);
    let rows = app.audit_since(mark).await;
    let audited: BTreeSet<i64> = rows.iter().map(|r| r.entity_id.unwrap()).collect();
    assert_eq!(audited.len(), rows.len(), "one row per customer");
    assert!(audited.len() >= moves);
}
