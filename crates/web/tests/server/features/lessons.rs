//! Stakeholders and communication plans, the lessons log and its search,
//! the glossary with the board role labels, project import and portfolio
//! paging (issue 5), over real HTTP. Every check runs on SQLite and, with
//! `KUMPPANI_TEST_POSTGRES_URL`, on PostgreSQL.

use kumppani_testkit::RawSql;

use crate::harness::{Client, Resp, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

on_both_backends! { TestApp;
    stakeholders_and_communication_crud => stakeholders_sqlite, stakeholders_postgres;
    lessons_search_ranks_filters_and_finds_inflected_words => search_sqlite, search_postgres;
    similar_lessons_on_a_new_project => similar_sqlite, similar_postgres;
    glossary_edits_and_role_labels => glossary_sqlite, glossary_postgres;
    import_mspdi_and_csv_without_duplicates => import_sqlite, import_postgres;
    portfolio_pages_by_keyset => paging_sqlite, paging_postgres;
}

fn etag(r: &Resp) -> i64 {
    r.header("etag").expect("ETag").trim_matches('"').parse().expect("numeric ETag")
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().expect("id")
}

/// A project run by pp.jokinen, owned by the unit head.
async fn project(app: &TestApp, c: &Client, name: &str, kind: &str, customer: Option<i64>) -> Value {
    let body = json!({
        "name": name,
        "customer_id": customer,
        "executive_id": app.user_id("esimies").await,
        "project_manager_id": app.user_id("pp.jokinen").await,
        "stage": "initiating",
        "project_type": kind,
    });
    let r = c.json(Method::POST, "/api/v1/projects", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()
}

async fn customers(app: &TestApp) -> Vec<(i64, i64)> {
    let rows = app.db.fetch_all("SELECT id, segment_id FROM customers ORDER BY id", &[]).await.unwrap();
    rows.iter().map(|r| (r.get("id").unwrap(), r.get("segment_id").unwrap())).collect()
}

async fn stakeholders_and_communication_crud(app: &TestApp) {
    let pm = app.client_as("pp.jokinen").await;
    let head = app.client_as("esimies").await;
    let staff = app.client_as("marko.ahonen").await;
    let external = app.client_as("ulkoinen").await;
    let p = project(app, &head, "Asianhallinnan uudistus", "deployment", None).await;
    let other = project(app, &head, "Toinen projekti", "upgrade", None).await;
    let base = format!("/api/v1/projects/{}", id(&p));

    let mark = app.audit_mark().await;
    let body = json!({"name": "Kangasalan talousjohto", "side": "customer", "interest": "high", "influence": "high"});
    let r = pm.json(Method::POST, &format!("{base}/stakeholders"), &body).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::CREATED, 1), "{}", r.body);
    let s = r.json();
    let spath = format!("/api/v1/stakeholders/{}", id(&s));
    let audit = app.audit_since(mark).await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!((audit[0].action.as_str(), audit[0].entity.as_str()), ("create", "stakeholder"));

    // Update: If-Match required, stale refused, one audit row with the diff.
    let mut changed = body.clone();
    changed["note"] = json!("Haluaa kuukausiraportin");
    pm.json(Method::PUT, &spath, &changed).await.problem(428);
    let mark = app.audit_mark().await;
    let r = pm.json_if(Method::PUT, &spath, 1, &changed).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, 2), "{}", r.body);
    let r = pm.json_if(Method::PUT, &spath, 1, &body).await;
    assert_eq!(r.problem(412)["current_version"], 2);
    let audit = app.audit_since(mark).await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(audit[0].changes[0]["field"], "note");
    let r = pm.json(Method::POST, &format!("{base}/stakeholders"), &json!({"name": " ", "side": "vendor"})).await;
    let problem = r.problem(422);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "side"]);

    // A communication line: the responsible board member, delegated to the project manager.
    let line = json!({
        "stakeholder_id": id(&s),
        "responsible_id": app.user_id("esimies").await,
        "responsible_role": "executive",
        "delegated_to_id": app.user_id("pp.jokinen").await,
        "channel": "Ohjausryhmän kokous",
        "frequency": "Kuukausittain",
        "content": "Tilanneraportti ja päätettävät asiat",
    });
    let r = pm.json(Method::POST, &format!("{base}/communications"), &line).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let l = r.json();
    assert_eq!(
        (l["responsible_name"].as_str(), l["delegated_to_name"].as_str()),
        (Some("Riitta Lehtonen"), Some("Katja Jokinen"))
    );
    // Another project's stakeholder is not this project's.
    let r = pm.json(Method::POST, &format!("/api/v1/projects/{}/communications", id(&other)), &line).await;
    assert_eq!(r.problem(422)["errors"][0]["field"], "stakeholder_id");

    // A stakeholder named by the plan stays; removing the line first works.
    pm.json_if(Method::DELETE, &spath, 2, &json!({})).await.problem(422);
    let lpath = format!("/api/v1/communications/{}", id(&l));
    pm.json_if(Method::DELETE, &lpath, 7, &json!({})).await.problem(412);
    let mark = app.audit_mark().await;
    assert_eq!(pm.json_if(Method::DELETE, &lpath, 1, &json!({})).await.status, StatusCode::NO_CONTENT);
    assert_eq!(pm.json_if(Method::DELETE, &spath, 2, &json!({})).await.status, StatusCode::NO_CONTENT);
    let audit = app.audit_since(mark).await;
    let actions: Vec<(&str, &str)> = audit.iter().map(|a| (a.action.as_str(), a.entity.as_str())).collect();
    assert_eq!(actions, [("delete", "communication_line"), ("delete", "stakeholder")]);
    pm.get(&spath).await.problem(404);

    // Staff read but do not write; external members see nothing.
    assert_eq!(staff.get(&format!("{base}/stakeholders")).await.status, StatusCode::OK);
    staff.json(Method::POST, &format!("{base}/stakeholders"), &body).await.problem(403);
    external.get(&format!("{base}/stakeholders")).await.problem(404);
    external.get(&format!("{base}/communications")).await.problem(404);

    // The page: the section with the glossary's role label, and the form.
    let r = pm.json(Method::POST, &format!("{base}/stakeholders"), &body).await;
    let s2 = r.json();
    let mut line2 = line.clone();
    line2["stakeholder_id"] = json!(id(&s2));
    line2["responsible_role"] = json!("senior_user");
    assert_eq!(pm.json(Method::POST, &format!("{base}/communications"), &line2).await.status, StatusCode::CREATED);
    let page = staff.get(&format!("/projects/{}", id(&p))).await;
    assert!(page.body.contains("id=\"stakeholders\"") && page.body.contains("Kangasalan talousjohto"));
    assert!(page.body.contains("Käyttäjien edustaja"), "role label from the glossary");
    assert!(!page.body.contains("/stakeholders/new"), "no edit controls for staff");
    let fields = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    };
    let r = pm
        .form_fields(
            &format!("/projects/{}/stakeholders", id(&p)),
            &fields(&[("name", "Toimittaja Oy"), ("side", "supplier")]),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = pm
        .form_fields(&format!("/projects/{}/stakeholders", id(&p)), &fields(&[("name", "Kirjoitettu"), ("side", "")]))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Kirjoitettu") && r.body.contains("id=\"form-alert\""));
    let stale = fields(&[("name", "Vanha"), ("side", "customer"), ("version", "1")]);
    let r = pm.form_fields(&format!("/stakeholders/{}", id(&s2)), &stale).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = pm.form_fields(&format!("/stakeholders/{}", id(&s2)), &stale).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("name=\"version\" value=\"2\""));
    assert_eq!(pm.get(&format!("/projects/{}/communications/new", id(&p))).await.status, StatusCode::OK);
    assert_eq!(staff.get(&format!("/projects/{}/stakeholders/new", id(&p))).await.status, StatusCode::FORBIDDEN);
}

async fn lesson(c: &Client, project: i64, summary: &str, happened: &str, category: &str) -> Value {
    let body = json!({"summary": summary, "happened": happened, "kind": "avoid", "category": category});
    let r = c.json(Method::POST, &format!("/api/v1/projects/{project}/lessons"), &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()
}

fn summaries(r: &Resp) -> Vec<String> {
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json().as_array().unwrap().iter().map(|l| l["summary"].as_str().unwrap().to_owned()).collect()
}

async fn lessons_search_ranks_filters_and_finds_inflected_words(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let pm = app.client_as("pp.jokinen").await;
    let staff = app.client_as("laura.saarinen").await;
    let all = customers(app).await;
    let (c1, s1) = all[0];
    let (c2, _) = *all.iter().find(|c| c.1 != s1).unwrap();
    let a = id(&project(app, &head, "Palkanlaskennan uudistus", "upgrade", Some(c1)).await);
    let b = id(&project(app, &head, "Verkon uusiminen", "infrastructure", Some(c2)).await);
    let mark = app.audit_mark().await;
    lesson(
        &pm,
        a,
        "Koulutus ajoissa",
        "Käyttäjien koulutus pidettiin ennen käyttöönottoa; koulutus kannatti.",
        "quality",
    )
    .await;
    lesson(
        &pm,
        b,
        "Testiaineisto myöhässä",
        "Testaus viivästyi, koska aineisto tuli myöhään. Koulutuksen aikataulu siirtyi.",
        "schedule",
    )
    .await;
    lesson(
        &pm,
        b,
        "Sopimuksen avainhenkilöt",
        "Toimittajan asiantuntijat vaihtuivat sopimuksesta huolimatta.",
        "supplier",
    )
    .await;
    assert_eq!(app.audit_since(mark).await.len(), 3, "one audit row per lesson");

    let search = |q: String| {
        let staff = &staff;
        async move { summaries(&staff.get(&format!("/api/v1/lessons{q}")).await) }
    };
    // "koulutus" finds "koulutuksen" too; the lesson saying it in its summary, twice, ranks first.
    assert_eq!(search("?q=koulutus".into()).await, ["Koulutus ajoissa", "Testiaineisto myöhässä"]);
    // Every word must match; inflected forms of both ("sopimus" → "sopimuksesta").
    assert_eq!(search("?q=sopimus%20toimittaja".into()).await, ["Sopimuksen avainhenkilöt"]);
    assert_eq!(search("?q=ohjausryhm%C3%A4".into()).await, Vec::<String>::new());
    // Filters: project type, customer, segment, category; and no words at all: newest first.
    assert_eq!(search("?q=koulutus&project_type=infrastructure".into()).await, ["Testiaineisto myöhässä"]);
    assert_eq!(search(format!("?customer_id={c1}")).await, ["Koulutus ajoissa"]);
    assert_eq!(search(format!("?segment_id={s1}&q=koulutus")).await, ["Koulutus ajoissa"]);
    assert_eq!(search("?category=supplier".into()).await, ["Sopimuksen avainhenkilöt"]);
    assert_eq!(search(String::new()).await.len(), 3);
    // Query syntax is not passed through: quotes and operators are just characters.
    assert_eq!(search("?q=%22koulutus%22%20OR%20*".into()).await.len(), 0);
    staff.get("/api/v1/lessons?category=banana").await.problem(422);

    // Editing: If-Match, stale 412, and the search sees the new text.
    let l = lesson(&pm, a, "Vanha otsikko", "Ohjausryhmä kokoontui harvoin.", "governance").await;
    let path = format!("/api/v1/lessons/{}", id(&l));
    let new = json!({"summary": "Ohjausryhmä kuukausittain", "happened": "Kokoukset sovittiin kuukausittaisiksi.", "kind": "repeat", "category": "governance"});
    assert_eq!(pm.json_if(Method::PUT, &path, 1, &new).await.status, StatusCode::OK);
    pm.json_if(Method::PUT, &path, 1, &new).await.problem(412);
    assert_eq!(search("?q=kuukausittain".into()).await, ["Ohjausryhmä kuukausittain"]);
    staff.json(Method::POST, &format!("/api/v1/projects/{a}/lessons"), &new).await.problem(403);

    // The search page, from the navigation.
    let r = staff.get("/lessons?q=koulutus").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("href=\"/lessons\"") && r.body.contains("Koulutus ajoissa"));
    assert!(!r.body.contains("Sopimuksen avainhenkilöt"));
    assert_eq!(staff.get("/lessons?lang=en").await.status, StatusCode::OK);
    let external = app.client_as("ulkoinen").await;
    external.get("/api/v1/lessons").await.problem(404);
    assert_eq!(external.get("/lessons").await.status, StatusCode::NOT_FOUND);
}

async fn similar_lessons_on_a_new_project(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let pm = app.client_as("pp.jokinen").await;
    let old = id(&project(app, &head, "Asianhallinnan käyttöönotto Kemissä", "deployment", None).await);
    let unrelated = id(&project(app, &head, "Verkon uusiminen", "infrastructure", None).await);
    lesson(
        &pm,
        old,
        "Asianhallinnan pääkäyttäjät mukaan",
        "Asianhallinnan käyttöönotossa pääkäyttäjät olivat mukana alusta.",
        "planning",
    )
    .await;
    lesson(&pm, old, "Lisenssit budjettiin", "Lisenssikulut unohtuivat.", "cost").await;
    lesson(&pm, unrelated, "Asianhallinta ei liity", "Asianhallinta mainitaan, mutta projektityyppi on eri.", "scope")
        .await;

    // A new deployment project: lessons of the same type, best match on its name first.
    let r = head
        .form_fields(
            "/projects",
            &[
                ("name".to_owned(), "Asianhallinnan käyttöönotto Torniossa".to_owned()),
                ("executive_id".to_owned(), app.user_id("esimies").await.to_string()),
                ("project_manager_id".to_owned(), app.user_id("pp.jokinen").await.to_string()),
                ("stage".to_owned(), "starting_up".to_owned()),
                ("project_type".to_owned(), "deployment".to_owned()),
                ("version".to_owned(), "0".to_owned()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.header("location").unwrap().to_owned();
    let new_id: i64 = location.trim_start_matches("/projects/").parse().unwrap();
    let similar = summaries(&pm.get(&format!("/api/v1/projects/{new_id}/similar-lessons")).await);
    assert_eq!(similar, ["Asianhallinnan pääkäyttäjät mukaan", "Lisenssit budjettiin"]);
    let page = head.get(&location).await;
    assert!(page.body.contains("id=\"similar-lessons\"") && page.body.contains("Asianhallinnan pääkäyttäjät mukaan"));
    assert!(!page.body.contains("Asianhallinta ei liity"));
    // A project with neither type nor customer has nothing similar.
    let plain = json!({"name": "Sisäinen selvitys", "executive_id": app.user_id("esimies").await,
        "project_manager_id": app.user_id("pp.jokinen").await, "stage": "initiating"});
    let p = head.json(Method::POST, "/api/v1/projects", &plain).await.json();
    assert_eq!(summaries(&pm.get(&format!("/api/v1/projects/{}/similar-lessons", id(&p))).await).len(), 0);
}

async fn glossary_edits_and_role_labels(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let partner = app.client_as("kp.virtanen").await;
    let external = app.client_as("ulkoinen").await;
    let terms = head.get("/api/v1/glossary").await.json();
    let keys: Vec<&str> = terms.as_array().unwrap().iter().map(|t| t["term_key"].as_str().unwrap()).collect();
    for key in [
        "executive",
        "senior_user",
        "senior_supplier",
        "project_assurance",
        "project_support",
        "change_authority",
        "project_manager",
        "stage",
        "highlight_report",
        "tolerances",
        "lessons_log",
        "business_case",
        "exception",
    ] {
        assert!(keys.contains(&key), "{key} seeded");
    }
    // Role labels per language, from the glossary.
    for (lang, label) in [("fi", "Käyttäjien edustaja"), ("sv", "Användarrepresentant"), ("en", "Senior User")] {
        assert_eq!(kumppani_app::glossary::role_label(&app.db, "senior_user", lang).await.unwrap(), label);
    }
    assert_eq!(kumppani_app::glossary::role_label(&app.db, "no_such_role", "fi").await.unwrap(), "no_such_role");

    let term = terms.as_array().unwrap().iter().find(|t| t["term_key"] == "senior_user").unwrap().clone();
    let path = format!("/api/v1/glossary/{}", id(&term));
    let mut changed = term.clone();
    changed["term_fi"] = json!("Käyttäjäedustaja");
    let mark = app.audit_mark().await;
    let r = head.json_if(Method::PUT, &path, 1, &changed).await;
    assert_eq!((r.status, etag(&r)), (StatusCode::OK, 2), "{}", r.body);
    head.json_if(Method::PUT, &path, 1, &changed).await.problem(412);
    head.json(Method::PUT, &path, &changed).await.problem(428);
    let audit = app.audit_since(mark).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].changes[0]["field"], "term_fi");
    assert_eq!(kumppani_app::glossary::role_label(&app.db, "senior_user", "fi").await.unwrap(), "Käyttäjäedustaja");
    // The board page and the board guidance name the roles by the glossary.
    let project = json!({"name": "Sanaston koe", "customer_id": null, "executive_id": app.user_id("esimies").await,
        "project_manager_id": app.user_id("pp.jokinen").await, "stage": "initiating", "starts_on": "2026-01-12"});
    let r = head.json(Method::POST, "/api/v1/projects", &project).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let project = r.json()["id"].as_i64().unwrap();
    for page in ["board", "guidance"] {
        let r = head.get(&format!("/projects/{project}/{page}")).await;
        assert_eq!(r.status, StatusCode::OK, "{page}");
        assert!(r.body.contains("Käyttäjäedustaja"), "{page} names the role by the glossary");
    }
    // A new term; a duplicate key and a bad key are refused.
    let new = json!({"term_key": "work_package", "term_en": "Work Package", "term_fi": "Työpaketti", "term_sv": "Arbetspaket"});
    assert_eq!(head.json(Method::POST, "/api/v1/glossary", &new).await.status, StatusCode::CREATED);
    assert_eq!(
        head.json(Method::POST, "/api/v1/glossary", &new).await.problem(422)["errors"][0]["code"],
        "error-duplicate"
    );
    let mut bad = new.clone();
    bad["term_key"] = json!("Work Package");
    assert_eq!(
        head.json(Method::POST, "/api/v1/glossary", &bad).await.problem(422)["errors"][0]["code"],
        "error-term-key"
    );
    // Read by everyone internal, edited by the unit head and administrators only.
    assert_eq!(partner.get("/api/v1/glossary").await.status, StatusCode::OK);
    partner.json_if(Method::PUT, &path, 2, &changed).await.problem(403);
    external.get("/api/v1/glossary").await.problem(404);
    let r = partner.get("/glossary?lang=sv").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Användarrepresentant") && !r.body.contains("/glossary/new"));
    let r = head.get("/glossary").await;
    assert!(r.body.contains("Käyttäjäedustaja") && r.body.contains("/glossary/new"));
    let form = head.get(&format!("/glossary/{}/edit", id(&term))).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(partner.get(&format!("/glossary/{}/edit", id(&term))).await.status, StatusCode::FORBIDDEN);
}

const MSPDI: &[u8] = include_bytes!("../fixtures/asianhallinta.xml");
const CSV: &[u8] = include_bytes!("../fixtures/projektit.csv");

async fn project_count(app: &TestApp) -> i64 {
    app.db.fetch_one("SELECT COUNT(*) AS n FROM projects", &[]).await.unwrap().get("n").unwrap()
}

async fn import_mspdi_and_csv_without_duplicates(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let pm = app.client_as("pp.jokinen").await;
    let content = String::from_utf8(MSPDI.to_vec()).unwrap();
    let run = |content: String, dry_run: bool| {
        let head = &head;
        async move {
            let r = head
                .json(Method::POST, "/api/v1/projects/import", &json!({"content": content, "dry_run": dry_run}))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.json()
        }
    };
    // A dry run writes nothing.
    let before = project_count(app).await;
    let mark = app.audit_mark().await;
    let r = run(content.clone(), true).await;
    assert_eq!((r["dry_run"].as_bool(), r["created"].as_array().unwrap().len()), (Some(true), 1));
    assert_eq!(project_count(app).await, before);
    assert!(app.audit_since(mark).await.is_empty());

    let r = run(content.clone(), false).await;
    let created = &r["created"][0];
    let pid = created["project_id"].as_i64().unwrap();
    let p = head.get(&format!("/api/v1/projects/{pid}")).await.json();
    assert_eq!(p["name"], "Asianhallinnan uudistus");
    assert_eq!(p["project_manager_name"], "Katja Jokinen");
    assert_eq!(p["executive_name"], "Riitta Lehtonen");
    assert_eq!((p["stage"].as_str(), p["stage_number"].as_i64()), (Some("delivery"), Some(2)));
    assert_eq!((p["starts_on"].as_str(), p["ends_on"].as_str()), (Some("2026-02-02"), Some("2026-11-30")));
    assert_eq!(p["status"]["rag"], "amber");
    assert_eq!(p["external_id"], "7F3A2C1E-0B4D-4C2A-9E51-2D8C6B1A0F11");
    let audit = app.audit_since(mark).await;
    assert_eq!(audit.iter().filter(|a| a.entity == "project" && a.action == "create").count(), 1, "{audit:?}");

    // The same file again: found, not duplicated.
    let r = run(content, false).await;
    assert_eq!((r["created"].as_array().unwrap().len(), r["existing"][0]["project_id"].as_i64()), (0, Some(pid)));
    assert_eq!(project_count(app).await, before + 1);

    // CSV: one known by e-mail, one unknown manager (reported, not created),
    // one with a bad date (created without it, the problem reported).
    let r = run(String::from_utf8(CSV.to_vec()).unwrap(), false).await;
    let names: Vec<&str> = r["created"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Palkanlaskennan siirto", "Matkahallinnan käyttöönotto"]);
    assert_eq!(r["unknown_managers"][0]["manager"], "Tuntematon Henkilö");
    assert_eq!((r["problems"][0]["line"].as_i64(), r["problems"][0]["field"].as_str()), (Some(4), Some("starts_on")));
    let again = run(String::from_utf8(CSV.to_vec()).unwrap(), false).await;
    assert_eq!(again["existing"].as_array().unwrap().len(), 2);
    assert_eq!(project_count(app).await, before + 3);
    let unknown: i64 = app
        .db
        .fetch_one("SELECT COUNT(*) AS n FROM users WHERE display_name = $1", &["Tuntematon Henkilö".into()])
        .await
        .unwrap()
        .get("n")
        .unwrap();
    assert_eq!(unknown, 0, "unknown managers are not invented");

    // A file that is not one: 422 and nothing written.
    let r = head.json(Method::POST, "/api/v1/projects/import", &json!({"content": "<Project><Name>x</Nam"})).await;
    assert_eq!(r.problem(422)["errors"][0]["code"], "error-import-xml");
    // Only the unit head and administrators import.
    pm.json(Method::POST, "/api/v1/projects/import", &json!({"content": "Name\nx\n"})).await.problem(403);

    // The upload form on the projects page.
    let page = head.get("/projects").await;
    assert!(page.body.contains("href=\"/projects/import\""));
    assert!(!pm.get("/projects").await.body.contains("href=\"/projects/import\""));
    let r = head.upload("/projects/import", &[("dry_run", "on")], ("file", "projektit.csv", CSV)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Tuntematon Henkilö"));
    assert_eq!(project_count(app).await, before + 3);
    let r = head.upload("/projects/import", &[], ("file", "tyhja.csv", b"")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(pm.get("/projects/import").await.status, StatusCode::FORBIDDEN);
}

async fn portfolio_pages_by_keyset(app: &TestApp) {
    let made = kumppani_app::demo::generate_projects(&app.db, 130, 7).await.unwrap();
    assert_eq!(made.projects, 130);
    assert!(made.lessons > 0 && made.stakeholders > 0 && made.lines > 0, "{made:?}");
    let staff = app.client_as("marko.ahonen").await;
    let mut seen = Vec::new();
    let mut path = "/api/v1/projects?limit=50".to_owned();
    let mut pages = 0;
    loop {
        let page = staff.get(&path).await.json();
        assert_eq!(page["total"], 130);
        seen.extend(
            page["items"].as_array().unwrap().iter().map(|p| (p["name"].as_str().unwrap().to_lowercase(), id(p))),
        );
        pages += 1;
        match page["next_cursor"].as_i64() {
            Some(next) => path = format!("/api/v1/projects?limit=50&after={next}"),
            None => break,
        }
    }
    assert_eq!((pages, seen.len()), (3, 130));
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 130, "no project twice");
    // Back from the last page gives the one before it.
    let last = staff.get(&format!("/api/v1/projects?limit=50&after={}", seen[99].1)).await.json();
    let prev = last["prev_cursor"].as_i64().unwrap();
    let back = staff.get(&format!("/api/v1/projects?limit=50&before={prev}")).await.json();
    let back_ids: Vec<i64> = back["items"].as_array().unwrap().iter().map(id).collect();
    assert_eq!(back_ids, seen[50..100].iter().map(|s| s.1).collect::<Vec<_>>());
    // Filters count and page together; the page links keep them.
    let upgrades = staff.get("/api/v1/projects?project_type=upgrade&limit=5").await.json();
    assert!(upgrades["total"].as_i64().unwrap() > 5);
    assert!(upgrades["items"].as_array().unwrap().iter().all(|p| p["project_type"] == "upgrade"));
    staff.get("/api/v1/projects?project_type=banana").await.problem(422);
    let r = staff.get("/projects?project_type=upgrade&limit=5").await;
    assert!(r.body.contains("rel=\"next\""), "a next page");
    assert!(r.body.contains("project_type=upgrade&#38;limit=5&#38;after="), "pager keeps filters: {}", r.body);
    // Demo projects carry their registers; the project page renders them.
    let first = seen[0].1;
    let r = staff.get(&format!("/projects/{first}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Järjestelmätoimittaja") && r.body.contains("Ohjausryhmän kokous"));
}
