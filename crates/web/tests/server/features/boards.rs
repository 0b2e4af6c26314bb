//! Project boards (issue 5): the board API with its rules and ETags, the
//! guidance delivery workflow, meetings and the decision log, the guidance
//! text in three languages, the pages, and an external member's isolation.
//! Every check runs on SQLite and, with `KUMPPANI_TEST_POSTGRES_URL`, on
//! PostgreSQL.

use kumppani_testkit::RawSql;

use crate::harness::{Client, Resp, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends! { TestApp;
    board_rules_etags_and_audit => rules_sqlite, rules_postgres;
    guidance_steps_in_order => guidance_sqlite, guidance_postgres;
    meetings_and_decision_log => decisions_sqlite, decisions_postgres;
    guidance_text_in_three_languages => guidance_text_sqlite, guidance_text_postgres;
    board_pages => pages_sqlite, pages_postgres;
    external_member_sees_only_own_boards => external_sqlite, external_postgres;
    demo_boards => demo_sqlite, demo_postgres;
}

/// A customer with at least two contacts: (customer id, its contact ids),
/// and a contact of another customer.
async fn customer_with_contacts(app: &TestApp) -> (i64, Vec<i64>, i64) {
    let rows = app.db.fetch_all("SELECT id, customer_id FROM contacts ORDER BY customer_id, id", &[]).await.unwrap();
    let all: Vec<(i64, i64)> = rows.iter().map(|r| (r.get("id").unwrap(), r.get("customer_id").unwrap())).collect();
    let customer = all.iter().map(|c| c.1).find(|c| all.iter().filter(|x| x.1 == *c).count() >= 2).unwrap();
    let own: Vec<i64> = all.iter().filter(|x| x.1 == customer).map(|x| x.0).collect();
    let other = all.iter().find(|x| x.1 != customer).unwrap().0;
    (customer, own, other)
}

async fn project(app: &TestApp, c: &Client, name: &str, customer: Option<i64>, starts_on: &str) -> i64 {
    let body = json!({
        "name": name,
        "customer_id": customer,
        "executive_id": app.user_id("esimies").await,
        "project_manager_id": app.user_id("pp.jokinen").await,
        "stage": "initiating",
        "starts_on": starts_on,
    });
    let r = c.json(Method::POST, "/api/v1/projects", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["id"].as_i64().unwrap()
}

fn f(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

fn etag(r: &Resp) -> i64 {
    r.header("etag").expect("ETag").trim_matches('"').parse().expect("numeric ETag")
}

fn codes(v: &Value) -> Vec<String> {
    v["rules"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_owned()).collect()
}

fn user(id: i64, role: &str, side: &str) -> Value {
    json!({"user_id": id, "role": role, "side": side})
}

fn contact(id: i64, role: &str) -> Value {
    json!({"contact_id": id, "role": role, "side": "customer"})
}

/// A complete board for a customer project: (body, its member count).
async fn complete_board(app: &TestApp, contact_id: i64) -> Value {
    json!({
        "meeting_interval": "Kuukausittain",
        "ways_of_working": "Aineisto viikkoa ennen.",
        "members": [
            user(app.user_id("esimies").await, "executive", "centre"),
            contact(contact_id, "senior_user"),
            user(app.user_id("kp.virtanen").await, "senior_supplier", "supplier"),
        ],
    })
}

async fn board_rules_etags_and_audit(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let (customer, contacts, foreign) = customer_with_contacts(app).await;
    let id = project(app, &head, "Asianhallinta", Some(customer), "2026-01-15").await;
    let path = format!("/api/v1/projects/{id}/board");

    let r = head.get(&path).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, 0));
    let b = r.json();
    assert_eq!(
        codes(&b),
        [
            "board-error-no-executive",
            "board-error-no-senior-user",
            "board-error-no-senior-supplier",
            "board-warning-no-customer-user"
        ]
    );
    assert_eq!(b["partner_place"], "support_customer_or_supplier");

    // No If-Match: 428.
    let good = complete_board(app, contacts[0]).await;
    assert_eq!(head.json(Method::PUT, &path, &good).await.problem(428)["status"], 428);

    // Eight members: refused, the count named, nothing saved or audited.
    let mark = app.audit_mark().await;
    let mut eight = good.clone();
    let staff = ["admin", "kp.korhonen", "kp.makinen", "marko.ahonen", "laura.saarinen"];
    for u in staff {
        eight["members"].as_array_mut().unwrap().push(user(app.user_id(u).await, "project_assurance", "centre"));
    }
    assert_eq!(eight["members"].as_array().unwrap().len(), 8);
    let p = head.json_if(Method::PUT, &path, 0, &eight).await.problem(422);
    assert_eq!(p["errors"][0]["code"], "board-error-too-many");
    assert!(p["errors"][0]["detail"].as_str().unwrap().contains('8'), "{p}");
    // The project manager attends but is not a member; two Executives.
    let mut pm = good.clone();
    pm["members"][2] = user(app.user_id("pp.jokinen").await, "senior_supplier", "supplier");
    pm["members"][1] = contact(contacts[0], "executive");
    let p = head.json_if(Method::PUT, &path, 0, &pm).await.problem(422);
    let got: Vec<&str> = p["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(got, ["board-error-executives", "board-error-manager-member"]);
    assert!(p["errors"][0]["detail"].as_str().unwrap().contains('2'));
    // Another customer's contact.
    let mut foreign_board = good.clone();
    foreign_board["members"][1] = contact(foreign, "senior_user");
    let p = head.json_if(Method::PUT, &path, 0, &foreign_board).await.problem(422);
    assert_eq!(
        (p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()),
        (Some("members[1].person"), Some("board-error-contact-customer"))
    );
    assert!(app.audit_since(mark).await.is_empty());
    assert_eq!(etag(&head.get(&path).await), 0);

    // An incomplete board saves, and says what is missing.
    let mut partial = good.clone();
    partial["members"].as_array_mut().unwrap().remove(1);
    let r = head.json_if(Method::PUT, &path, 0, &partial).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, 1), "{}", r.body);
    assert_eq!(codes(&r.json()), ["board-error-no-senior-user", "board-warning-no-customer-user"]);
    let audit = app.audit_since(mark).await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!((audit[0].action.as_str(), audit[0].entity.as_str(), audit[0].entity_id), ("create", "board", Some(id)));

    // Stale: 412 with the current version; then the complete board.
    let p = head.json_if(Method::PUT, &path, 0, &good).await.problem(412);
    assert_eq!(p["current_version"], 1);
    let mark = app.audit_mark().await;
    let r = head.json_if(Method::PUT, &path, 1, &good).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, 2), "{}", r.body);
    let b = r.json();
    assert!(codes(&b).is_empty(), "{b}");
    assert_eq!(b["board"]["members"].as_array().unwrap().len(), 3);
    assert_eq!(b["board"]["meeting_interval"], "Kuukausittain");
    let audit = app.audit_since(mark).await;
    assert_eq!(audit.len(), 1);
    let fields: Vec<&str> = audit[0].changes.as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["members"], "the settings were saved with the partial board");

    // Staff read boards but do not change them; another project manager neither.
    let staff = app.client_as("marko.ahonen").await;
    assert_eq!(staff.get(&path).await.status, StatusCode::OK);
    staff.json_if(Method::PUT, &path, 2, &good).await.problem(403);
    app.client_as("pp.lahtinen").await.json_if(Method::PUT, &path, 2, &good).await.problem(403);
    head.get("/api/v1/projects/999999999/board").await.problem(404);
}

async fn step(c: &Client, id: i64, version: i64, step: &str) -> Resp {
    c.json_if(Method::PUT, &format!("/api/v1/projects/{id}/board/guidance"), version, &json!({"step": step})).await
}

fn step_code(r: &Resp) -> String {
    r.problem(422)["errors"][0]["code"].as_str().unwrap().to_owned()
}

async fn guidance_steps_in_order(app: &TestApp) {
    let pm = app.client_as("pp.jokinen").await;
    let (customer, contacts, _) = customer_with_contacts(app).await;
    // Started long ago: the customer's copy is overdue.
    let id = project(app, &pm, "Palkkajärjestelmä", Some(customer), "2020-01-01").await;
    let path = format!("/api/v1/projects/{id}/board");
    let wf = pm.get(&path).await.json()["workflow"].clone();
    assert_eq!(wf[0]["step"], "sent_to_customer");
    assert_eq!((wf[0]["overdue"].as_bool(), wf[0]["next"].as_bool()), (Some(true), Some(true)));
    assert_eq!(wf[0]["due"], "2020-01-01");

    assert_eq!(step_code(&step(&pm, id, 0, "sent_to_members").await), "guidance-error-order");
    assert_eq!(step_code(&step(&pm, id, 0, "posted").await), "error-choice");
    let r = pm
        .json(Method::PUT, &format!("/api/v1/projects/{id}/board/guidance"), &json!({"step": "sent_to_customer"}))
        .await;
    assert_eq!(r.problem(428)["status"], 428);
    let mark = app.audit_mark().await;
    let r = step(&pm, id, 0, "sent_to_customer").await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, 1), "{}", r.body);
    let wf = r.json()["workflow"].clone();
    assert_eq!(wf[0]["done_by"], "Katja Jokinen");
    assert_eq!(wf[0]["overdue"], false);
    assert_eq!(wf[1]["next"], true);
    assert!(wf[1]["due"].is_string(), "seven days after the customer's copy");
    let audit = app.audit_since(mark).await;
    assert_eq!((audit.len(), audit[0].entity.as_str()), (1, "board_guidance"));
    assert_eq!(step_code(&step(&pm, id, 1, "sent_to_customer").await), "guidance-error-done");
    // The members get it only from a complete board.
    assert_eq!(step_code(&step(&pm, id, 1, "sent_to_members").await), "guidance-error-board-incomplete");
    let r = pm.json_if(Method::PUT, &path, 1, &complete_board(app, contacts[0]).await).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(step(&pm, id, 2, "sent_to_members").await.status, StatusCode::OK);
    // The review needs the first meeting.
    assert_eq!(step_code(&step(&pm, id, 3, "reviewed_at_first_meeting").await), "guidance-error-no-meeting");
    let members = pm.get(&path).await.json()["board"]["members"].clone();
    let meeting = json!({"held_on": "2026-03-02", "agenda": "Roolit ja vastuut", "attendee_ids": [members[0]["id"]]});
    let r = pm.json(Method::POST, &format!("/api/v1/projects/{id}/meetings"), &meeting).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(step(&pm, id, 3, "reviewed_at_first_meeting").await.status, StatusCode::OK);
    let wf = pm.get(&path).await.json()["workflow"].clone();
    assert!(wf.as_array().unwrap().iter().all(|s| s["done_at"].is_string() && s["next"] == false));
    // Stale version: 412.
    step(&pm, id, 1, "reviewed_at_first_meeting").await.problem(412);

    // An internal project starts at the members.
    let internal = project(app, &pm, "Sisäinen", None, "2026-01-01").await;
    let wf = pm.get(&format!("/api/v1/projects/{internal}/board")).await.json()["workflow"].clone();
    assert_eq!(wf.as_array().unwrap().len(), 2);
    assert_eq!(step_code(&step(&pm, internal, 0, "sent_to_customer").await), "guidance-error-not-applicable");
}

async fn meetings_and_decision_log(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let (customer, contacts, _) = customer_with_contacts(app).await;
    let id = project(app, &head, "Tietoallas", Some(customer), "2026-01-01").await;
    let other = project(app, &head, "Muu", None, "2026-01-01").await;
    let board = format!("/api/v1/projects/{id}/board");
    assert_eq!(
        head.json_if(Method::PUT, &board, 0, &complete_board(app, contacts[0]).await).await.status,
        StatusCode::OK
    );
    let members = head.get(&board).await.json()["board"]["members"].clone();
    let meetings = format!("/api/v1/projects/{id}/meetings");
    // Attendees come from the board.
    let bad = json!({"held_on": "2026-02-02", "agenda": "x", "attendee_ids": [999_999]});
    assert_eq!(
        head.json(Method::POST, &meetings, &bad).await.problem(422)["errors"][0]["code"],
        "meeting-error-not-member"
    );
    let mut ids = Vec::new();
    for (day, agenda) in [("2026-02-02", "Aloitus"), ("2026-03-02", "Vaihe 2")] {
        let m = json!({"held_on": day, "agenda": agenda, "attendee_ids": [members[0]["id"], members[1]["id"]]});
        let mark = app.audit_mark().await;
        let r = head.json(Method::POST, &meetings, &m).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let m = r.json();
        assert_eq!(m["attendees"].as_array().unwrap().len(), 2);
        assert_eq!(m["attendees"][0]["role"], "executive");
        assert_eq!(app.audit_since(mark).await.len(), 1);
        ids.push(m["id"].as_i64().unwrap());
    }
    let decisions = format!("/api/v1/projects/{id}/decisions");
    for (meeting, what, category) in
        [(ids[0], "Laajuus rajataan.", "scope"), (ids[1], "Lisäbudjetti 10 000 €.", "budget")]
    {
        let d = json!({"meeting_id": meeting, "what": what, "decided_by": "Ohjausryhmä", "category": category});
        let mark = app.audit_mark().await;
        let r = head.json(Method::POST, &decisions, &d).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let audit = app.audit_since(mark).await;
        assert_eq!((audit.len(), audit[0].entity.as_str()), (1, "board_decision"));
    }
    let log = head.get(&decisions).await.json();
    let got: Vec<(&str, &str)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["category"].as_str().unwrap(), d["held_on"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("budget", "2026-03-02"), ("scope", "2026-02-02")], "latest meeting first");
    // A meeting of another project, a bad category: refused whole.
    let d = json!({"meeting_id": ids[0], "what": "x", "decided_by": "y", "category": "scope"});
    let r = head.json(Method::POST, &format!("/api/v1/projects/{other}/decisions"), &d).await;
    assert_eq!(r.problem(422)["errors"][0]["field"], "meeting_id");
    let d = json!({"meeting_id": ids[0], "what": " ", "decided_by": "y", "category": "fun"});
    let fields: Vec<String> = head.json(Method::POST, &decisions, &d).await.problem(422)["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["what", "category"]);
    assert_eq!(head.get(&decisions).await.json().as_array().unwrap().len(), 2);
    // The log is never rewritten.
    assert!(app.db.execute("UPDATE board_decisions SET what = 'x'", &[]).await.is_err());
    assert!(app.db.execute("DELETE FROM board_decisions", &[]).await.is_err());
    // The decision log page lists them.
    let r = head.get(&format!("/projects/{id}/decisions")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Lisäbudjetti") && r.body.contains("Laajuus rajataan."));
}

async fn guidance_text_in_three_languages(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let (customer, contacts, _) = customer_with_contacts(app).await;
    let id = project(app, &head, "Ohjeprojekti", Some(customer), "2026-01-01").await;
    let r = head
        .json_if(Method::PUT, &format!("/api/v1/projects/{id}/board"), 0, &complete_board(app, contacts[0]).await)
        .await;
    let names: Vec<String> = r.json()["board"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_owned())
        .collect();
    for (lang, title, role, answers) in [
        ("fi", "Ohjausryhmätyöskentelyn ohje", "Käyttäjien edustaja", "Projektin kokonaisuudesta vastaa ohjausryhmä"),
        ("sv", "Anvisning för styrgruppsarbetet", "Användarrepresentant", "Styrgruppen, inte projektledaren"),
        ("en", "Board guidance", "Senior User", "The project board, not the project manager"),
    ] {
        let r = head.get_lang(&format!("/projects/{id}/guidance"), lang).await;
        assert_eq!(r.status, StatusCode::OK);
        let text = r.body.replace("&#x27;", "'");
        for needle in [title, role, answers, "Kuukausittain", "Katja Jokinen"] {
            assert!(text.contains(needle), "{lang}: no {needle:?}");
        }
        for n in &names {
            assert!(text.contains(&crate::harness::html(n)) || text.contains(n.as_str()), "{lang}: no member {n}");
        }
        // The same in the PDF, read back as text; one A4 page.
        let (status, kind, bytes) = head.download(&format!("/projects/{id}/guidance.pdf"), lang).await;
        assert_eq!((status, kind.as_deref()), (StatusCode::OK, Some("application/pdf")));
        let pdf = kumppani_docs::extract::pdf_text(&bytes).expect("PDF text");
        // Table cells wrap, and the extracted text loses the space at a wrap.
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        let pdf = squeeze(&pdf);
        for needle in [title, role, answers, "Kuukausittain", "Aineisto viikkoa ennen.", "Katja Jokinen"]
            .iter()
            .map(|s| s.to_string())
            .chain(names.clone())
        {
            assert!(pdf.contains(&squeeze(&needle)), "{lang} PDF: no {needle:?} in {pdf}");
        }
        assert!(pdf.contains("1/1"), "{lang}: the guidance is one A4 page: {pdf}");
    }
}

async fn board_pages(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let (customer, contacts, _) = customer_with_contacts(app).await;
    let id = project(app, &head, "Sivuprojekti", Some(customer), "2026-01-01").await;
    let r = head.get(&format!("/projects/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("id=\"board\"") && r.body.contains("Ohjausryhmällä ei ole omistajaa"),
        "rules on the project page"
    );
    let r = head.get(&format!("/projects/{id}/board")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("name=\"_csrf\"") && r.body.contains(&format!("action=\"/projects/{id}/board/members\"")));

    let executive = format!("u:{}", app.user_id("esimies").await);
    let r = head
        .form_fields(
            &format!("/projects/{id}/board/members"),
            &f(&[("person", executive.as_str()), ("role", "executive"), ("side", "centre"), ("version", "0")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Stale: the form comes back with what was typed and the version moved on.
    let person = format!("c:{}", contacts[0]);
    let r = head
        .form_fields(
            &format!("/projects/{id}/board/members"),
            &f(&[("person", person.as_str()), ("role", "senior_user"), ("side", "customer"), ("version", "0")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains(&format!("value=\"{person}\" selected")), "typed person kept");
    assert!(r.body.contains("name=\"version\" value=\"1\""));
    let r = head
        .form_fields(
            &format!("/projects/{id}/board/members"),
            &f(&[("person", person.as_str()), ("role", "senior_user"), ("side", "customer"), ("version", "1")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A second Executive: refused with the count.
    let other = format!("u:{}", app.user_id("kp.virtanen").await);
    let r = head
        .form_fields(
            &format!("/projects/{id}/board/members"),
            &f(&[("person", other.as_str()), ("role", "executive"), ("side", "supplier"), ("version", "2")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("2 omistajaa"), "{}", r.body);
    // Settings, a role change, a removal.
    let r = head
        .form_fields(
            &format!("/projects/{id}/board/settings"),
            &f(&[("meeting_interval", "Joka toinen tiistai"), ("ways_of_working", ""), ("version", "2")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let members = head.get(&format!("/api/v1/projects/{id}/board")).await.json()["board"]["members"].clone();
    let second = members[1]["id"].to_string();
    let r = head
        .form_fields(
            &format!("/projects/{id}/board/members/change"),
            &f(&[
                ("member_id", second.as_str()),
                ("role", "project_assurance"),
                ("side", "customer"),
                ("version", "3"),
            ]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = head
        .form_fields(
            &format!("/projects/{id}/board/members/remove"),
            &f(&[("member_id", second.as_str()), ("version", "4")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let b = head.get(&format!("/api/v1/projects/{id}/board")).await.json();
    assert_eq!((b["board"]["members"].as_array().unwrap().len(), b["board"]["version"].as_i64()), (1, Some(5)));
    assert_eq!(b["board"]["meeting_interval"], "Joka toinen tiistai");
    // The guidance step through the page.
    let r = head
        .form_fields(&format!("/projects/{id}/board/guidance"), &f(&[("step", "sent_to_customer"), ("version", "5")]))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = head.get(&format!("/projects/{id}/board")).await;
    assert!(r.body.contains("Merkitse tehdyksi") && r.body.contains("tehty"));
    // Staff see the board without forms.
    let r = app.client_as("marko.ahonen").await.get(&format!("/projects/{id}/board")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("/board/members\""));
}

async fn external_member_sees_only_own_boards(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let ext = app.client_as("ulkoinen").await;
    // Their start page is their own boards; staff start from the customers.
    assert_eq!(ext.get("/").await.header("location"), Some("/my-projects"));
    assert_eq!(head.get("/").await.header("location"), Some("/customers"));
    let (customer, contacts, _) = customer_with_contacts(app).await;
    let mine = project(app, &head, "Yhteinen projekti", Some(customer), "2026-01-01").await;
    let theirs = project(app, &head, "Toisen projekti", Some(customer), "2026-01-01").await;
    let mut board = complete_board(app, contacts[0]).await;
    // A customer-side person sits on the customer side only.
    board["members"].as_array_mut().unwrap().push(user(app.user_id("ulkoinen").await, "project_assurance", "supplier"));
    let p = head.json_if(Method::PUT, &format!("/api/v1/projects/{mine}/board"), 0, &board).await.problem(422);
    assert_eq!(p["errors"][0]["code"], "board-error-external-side");
    board["members"][3]["side"] = json!("customer");
    assert_eq!(
        head.json_if(Method::PUT, &format!("/api/v1/projects/{mine}/board"), 0, &board).await.status,
        StatusCode::OK
    );
    assert_eq!(
        head.json_if(
            Method::PUT,
            &format!("/api/v1/projects/{theirs}/board"),
            0,
            &complete_board(app, contacts[0]).await
        )
        .await
        .status,
        StatusCode::OK
    );
    let status = json!({"rag": "green", "highlight": "Etenee."});
    head.json(Method::POST, &format!("/api/v1/projects/{mine}/status"), &status).await;

    // Their own project: board (without the internal parts), summary, logs.
    let list = ext.get("/api/v1/me/projects").await.json();
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Yhteinen projekti"]);
    assert_eq!(list[0]["rag"], "green");
    let b = ext.get(&format!("/api/v1/projects/{mine}/board")).await;
    assert_eq!(b.status, StatusCode::OK);
    let b = b.json();
    assert!(b["rules"].is_null() && b["workflow"].is_null() && b["partnership_manager"].is_null());
    assert_eq!(b["board"]["members"].as_array().unwrap().len(), 4);
    for path in ["meetings", "decisions", "summary"] {
        assert_eq!(ext.get(&format!("/api/v1/projects/{mine}/{path}")).await.status, StatusCode::OK, "{path}");
    }
    for path in ["board", "guidance", "decisions"] {
        assert_eq!(ext.get(&format!("/projects/{mine}/{path}")).await.status, StatusCode::OK, "{path}");
    }
    let r = ext.get("/my-projects").await;
    assert!(r.body.contains("Yhteinen projekti") && !r.body.contains("Toisen projekti"));
    assert!(r.body.contains("href=\"/my-projects\""), "the menu entry");

    // Another project's board answers exactly as a missing one.
    for path in ["board", "meetings", "decisions", "summary"] {
        let other = ext.get(&format!("/api/v1/projects/{theirs}/{path}")).await;
        let missing = ext.get(&format!("/api/v1/projects/999999999/{path}")).await;
        assert_eq!((other.status, other.body), (missing.status, missing.body), "{path}");
    }
    for path in ["board", "guidance", "decisions"] {
        let other = ext.get(&format!("/projects/{theirs}/{path}")).await;
        let missing = ext.get(&format!("/projects/999999999/{path}")).await;
        assert_eq!((other.status, other.body), (missing.status, missing.body), "{path}");
    }
    // Nothing of the register or internal data, not even of their own project.
    for path in [
        format!("/api/v1/projects/{mine}"),
        format!("/api/v1/projects/{mine}/status"),
        "/api/v1/projects".to_owned(),
        format!("/api/v1/customers/{customer}"),
    ] {
        ext.get(&path).await.problem(404);
    }
    for path in [format!("/projects/{mine}"), "/projects".to_owned(), "/customers".to_owned()] {
        assert_eq!(ext.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    // No writes.
    ext.json_if(Method::PUT, &format!("/api/v1/projects/{mine}/board"), 1, &board).await.problem(404);
    let d = json!({"meeting_id": 1, "what": "x", "decided_by": "y", "category": "scope"});
    ext.json(Method::POST, &format!("/api/v1/projects/{mine}/decisions"), &d).await.problem(404);
}

async fn demo_boards(app: &TestApp) {
    assert_eq!(kumppani_app::demo::boards::generate(&app.db).await.unwrap(), 3);
    let head = app.client_as("esimies").await;
    let all = head.get("/api/v1/projects").await.json();
    // The register answers a page of projects.
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
    // The external demo member sits on one board: a complete one, guidance delivered.
    let mine = app.client_as("ulkoinen").await.get("/api/v1/me/projects").await.json();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let id = mine[0]["id"].as_i64().unwrap();
    let b = head.get(&format!("/api/v1/projects/{id}/board")).await.json();
    assert!(codes(&b).is_empty(), "{b}");
    assert!(b["workflow"].as_array().unwrap().iter().all(|s| s["done_at"].is_string()));
    assert_eq!(head.get(&format!("/api/v1/projects/{id}/decisions")).await.json().as_array().unwrap().len(), 2);
    // Another is incomplete, its members' copy waiting.
    let incomplete =
        all["items"].as_array().unwrap().iter().any(|p| p["stage"] == "starting_up" && p["customer_id"].is_i64());
    assert!(incomplete);
}
