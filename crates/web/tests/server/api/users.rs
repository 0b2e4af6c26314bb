//! Roles: who may read and change what, user administration, and the
//! external board member who sees nothing of the service centre's data.

use kumppani_app::demo::DEMO_PASSWORD;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{TestApp, a_segment, create_customer_for, customer_body};

on_both_backends! { TestApp;
    staff_read_but_do_not_write => sqlite_staff_read_but_do_not_write, postgres_staff_read_but_do_not_write;
    partnership_managers_edit_customers => sqlite_partnership_managers_edit_customers, postgres_partnership_managers_edit_customers;
    only_heads_and_admins_create_users => sqlite_only_heads_and_admins_create_users, postgres_only_heads_and_admins_create_users;
    external_board_member_sees_nothing => sqlite_external_board_member_sees_nothing, postgres_external_board_member_sees_nothing;
}

/// A demo customer's id and its current body.
async fn demo_customer(c: &crate::harness::Client) -> (i64, serde_json::Value) {
    let r = c.get("/api/v1/customers?limit=1").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cu = r.json()["items"][0].clone();
    (cu["id"].as_i64().expect("id"), cu)
}

fn draft_of(cu: &serde_json::Value) -> serde_json::Value {
    json!({
        "name": cu["name"], "business_id": cu["business_id"], "org_type": cu["org_type"],
        "segment_id": cu["segment_id"], "manager_id": cu["manager_id"], "deputy_id": cu["deputy_id"],
        "notes": cu["notes"],
    })
}

async fn staff_read_but_do_not_write(app: &TestApp) {
    for (user, name) in [("marko.ahonen", "Marko Ahonen"), ("pp.jokinen", "Katja Jokinen")] {
        let c = app.client_as(user).await;
        let (id, cu) = demo_customer(&c).await;
        let path = format!("/api/v1/customers/{id}");
        assert_eq!(c.get(&path).await.status, StatusCode::OK, "{user} reads a customer");
        let contacts = c.get(&format!("{path}/contacts")).await;
        assert_eq!(contacts.status, StatusCode::OK);
        let services = c.get(&format!("{path}/services")).await;
        assert_eq!(services.status, StatusCode::OK);
        assert_eq!(c.get(&format!("{path}/history")).await.status, StatusCode::OK);
        assert_eq!(c.get("/api/v1/users").await.status, StatusCode::OK, "{user} sees the staff directory");
        let before = app.audit_rows().await;
        let customers = app.count("customers").await;

        // Reads write nothing; each refused write is audited as one `denied` row.
        let mut mark = app.audit_mark().await;
        let mut changed = draft_of(&cu);
        changed["name"] = json!("Henkilöstö muutti tämän");
        let v = cu["version"].as_i64().expect("version");
        let segment = a_segment(&c).await;
        let new_user = json!({"username": "uusi.kayttaja", "display_name": "Uusi", "role": "staff"});
        let writes = [
            (Method::PUT, path.clone(), changed),
            (Method::POST, "/api/v1/customers".to_owned(), customer_body("Henkilöstön asiakas", None, segment, None)),
            (Method::POST, format!("{path}/contacts"), json!({"name": "Kuka"})),
            (Method::POST, format!("{path}/services"), json!({"service_id": 1})),
            (Method::POST, "/api/v1/users".to_owned(), new_user),
        ];
        for (method, target, body) in &writes {
            let r = if *method == Method::PUT {
                c.json_if(method.clone(), target, v, body).await
            } else {
                c.json(method.clone(), target, body).await
            };
            r.problem(403);
            mark = app.one_denial_since(mark, name, &format!("{user} {method} {target}")).await.id;
        }

        assert_eq!(app.audit_rows().await, before + writes.len() as i64, "{user}: one row per refused write");
        let now = c.get(&path).await;
        assert_eq!(now.json()["name"], cu["name"]);
        assert_eq!(now.etag(), Some(format!("\"{v}\"").as_str()), "{user} changed nothing");
        assert_eq!(c.get(&format!("{path}/contacts")).await.json(), contacts.json(), "{user} added no contact");
        assert_eq!(c.get(&format!("{path}/services")).await.json(), services.json(), "{user} added no service");
        assert_eq!(app.count("customers").await, customers);
        assert!(app.user_named("uusi.kayttaja").await.is_none());
    }
}

async fn partnership_managers_edit_customers(app: &TestApp) {
    let c = app.client_as("kp.korhonen").await;
    let me = app.user_id("kp.korhonen").await;
    // A demo customer Korhonen manages.
    let r = c.get(&format!("/api/v1/customers?limit=1&manager_id={me}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cu = r.json()["items"][0].clone();
    assert_eq!(cu["manager_id"], me, "the demo data gives Korhonen customers: {cu}");
    let id = cu["id"].as_i64().expect("id");
    let mut changed = draft_of(&cu);
    changed["notes"] = json!("Kumppanuuspäällikön muistiinpano");
    let v = cu["version"].as_i64().expect("version");
    let r = c.json_if(Method::PUT, &format!("/api/v1/customers/{id}"), v, &changed).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["notes"], "Kumppanuuspäällikön muistiinpano");
    assert_eq!(r.json()["version"], v + 1);
    let (created, _) = create_customer_for(app, &c, "Korhosen uusi asiakas", "kp.korhonen", None).await;
    assert!(created > 0);
    let r = c.get(&format!("/api/v1/customers/{created}")).await;
    assert_eq!(r.json()["manager_id"], me, "the new customer is Korhonen's own");
    // Reading users is allowed, managing them is not.
    assert_eq!(c.get("/api/v1/users").await.status, StatusCode::OK);
    let body = json!({"username": "kp.uusi", "display_name": "Uusi Päällikkö", "role": "partnership_manager"});
    c.json(Method::POST, "/api/v1/users", &body).await.problem(403);
}

async fn only_heads_and_admins_create_users(app: &TestApp) {
    let body = |username: &str| {
        json!({"username": username, "display_name": "Testi Käyttäjä", "email": "testi@example.fi",
               "role": "staff", "password": "pitkä salasana 123"})
    };
    for user in ["admin", "esimies"] {
        let c = app.client_as(user).await;
        let username = format!("uusi.{user}");
        let before = app.audit_rows().await;
        let r = c.json(Method::POST, "/api/v1/users", &body(&username)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{user}: {}", r.body);
        assert_eq!(r.etag(), Some("\"1\""));
        assert_eq!(r.json()["username"], username);
        assert_eq!(r.json()["role"], "staff");
        assert!(r.json().get("password").is_none() && r.json().get("password_hash").is_none(), "{}", r.body);
        assert_eq!(app.audit_rows().await, before + 1);
        // The new user can sign in at once.
        let token = app.sign_in(&username, "pitkä salasana 123").await;
        assert!(!token.is_empty());

        let dup = c.json(Method::POST, "/api/v1/users", &body(&username.to_uppercase())).await;
        assert_eq!(dup.field_errors(), [("username".to_owned(), "error-username-taken".to_owned())]);
        let mut bad = body("x y");
        bad["role"] = json!("king");
        bad["password"] = json!("short");
        let fields: Vec<String> =
            c.json(Method::POST, "/api/v1/users", &bad).await.field_errors().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["username", "role", "password"]);
    }
    for (user, name, status) in [
        ("kp.virtanen", "Sanna Virtanen", 403),
        ("marko.ahonen", "Marko Ahonen", 403),
        ("pp.jokinen", "Katja Jokinen", 403),
        ("ulkoinen", "Hannu Kinnunen", 404),
    ] {
        let c = app.client_as(user).await;
        let mark = app.audit_mark().await;
        c.json(Method::POST, "/api/v1/users", &body(&format!("{user}.luoma"))).await.problem(status);
        app.one_denial_since(mark, name, &format!("{user} POST /api/v1/users")).await;
        let created = app.user_named(&format!("{user}.luoma")).await;
        assert!(created.is_none(), "{user} created no user");
        let nobody = app
            .anonymous()
            .json(
                Method::POST,
                "/api/v1/session",
                &json!({"username": format!("{user}.luoma"), "password": "pitkä salasana 123"}),
            )
            .await;
        nobody.problem(401);
    }
}

async fn external_board_member_sees_nothing(app: &TestApp) {
    // The unit head may add a contact to any customer.
    let insider = app.client_as("esimies").await;
    let (customer, cu) = demo_customer(&insider).await;
    let r = insider
        .json(Method::POST, &format!("/api/v1/customers/{customer}/contacts"), &json!({"name": "Sisäpiiri"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let contact = r.json()["id"].clone();
    let segment = a_segment(&insider).await;
    let service = insider.get("/api/v1/services").await.json()[0]["id"].clone();
    let someone = app.user_id("kp.virtanen").await;

    let ext = app.client_as("ulkoinen").await;
    let me = ext.get("/api/v1/me").await;
    assert_eq!(me.status, StatusCode::OK, "they are signed in");
    assert_eq!(me.json()["role"], "external_board_member");
    let before = app.audit_rows().await;
    let customers = app.count("customers").await;
    let segments = insider.get("/api/v1/segments").await.json();
    let services = insider.get("/api/v1/services").await.json();
    let contact_before = insider.get(&format!("/api/v1/contacts/{contact}")).await.json();
    let people = insider.get("/api/v1/users").await.json();
    let subscriptions = insider.get(&format!("/api/v1/customers/{customer}/services")).await.json();
    let contacts = insider.get(&format!("/api/v1/customers/{customer}/contacts")).await.json();
    // Every refusal is audited: one `denied` row per request, nothing else.
    let mut mark = app.audit_mark().await;
    let mut refused = 0;
    for path in [
        "/api/v1/customers".to_owned(),
        "/api/v1/customers?q=a".to_owned(),
        format!("/api/v1/customers/{customer}"),
        format!("/api/v1/customers/{customer}/contacts"),
        format!("/api/v1/customers/{customer}/services"),
        format!("/api/v1/customers/{customer}/history"),
        format!("/api/v1/contacts/{contact}"),
        "/api/v1/segments".to_owned(),
        format!("/api/v1/segments/{segment}"),
        "/api/v1/services".to_owned(),
        format!("/api/v1/services/{service}"),
        "/api/v1/users".to_owned(),
        format!("/api/v1/users/{someone}"),
    ] {
        let r = ext.get(&path).await;
        let p = r.problem(404);
        assert_eq!(p["type"], "https://kumppani.fi/problems/not-found", "GET {path}");
        assert!(!r.body.contains(cu["name"].as_str().unwrap_or("?")), "GET {path} leaks a name");
        mark = app.one_denial_since(mark, "Hannu Kinnunen", &format!("GET {path}")).await.id;
        refused += 1;
    }
    let draft = draft_of(&cu);
    let writes = [
        (Method::POST, "/api/v1/customers".to_owned(), customer_body("Ulkoisen asiakas", None, segment, None)),
        (Method::PUT, format!("/api/v1/customers/{customer}"), draft.clone()),
        (Method::POST, format!("/api/v1/customers/{customer}/contacts"), json!({"name": "Kuka"})),
        (Method::POST, format!("/api/v1/customers/{customer}/services"), json!({"service_id": service})),
        (Method::PUT, format!("/api/v1/contacts/{contact}"), json!({"name": "Kuka"})),
        (Method::POST, "/api/v1/segments".to_owned(), json!({"name": "Ulkoisen segmentti"})),
        (Method::PUT, format!("/api/v1/segments/{segment}"), json!({"name": "Ulkoisen segmentti"})),
        (Method::POST, "/api/v1/services".to_owned(), json!({"name": "Ulkoisen palvelu"})),
        (
            Method::PUT,
            format!("/api/v1/users/{someone}"),
            json!({"username": "x1", "display_name": "X", "role": "staff"}),
        ),
    ];
    for (method, path, body) in writes {
        ext.json_if(method.clone(), &path, 1, &body).await.problem(404);
        mark = app.one_denial_since(mark, "Hannu Kinnunen", &format!("{method} {path}")).await.id;
        refused += 1;
    }
    assert_eq!(app.audit_rows().await, before + refused, "only the refusals were recorded");
    // Nothing was written.
    assert_eq!(app.count("customers").await, customers);
    assert_eq!(insider.get(&format!("/api/v1/customers/{customer}")).await.json(), cu);
    assert_eq!(insider.get(&format!("/api/v1/contacts/{contact}")).await.json(), contact_before);
    assert_eq!(insider.get("/api/v1/segments").await.json(), segments);
    assert_eq!(insider.get("/api/v1/services").await.json(), services);
    assert_eq!(insider.get("/api/v1/users").await.json(), people);
    assert_eq!(insider.get(&format!("/api/v1/customers/{customer}/services")).await.json(), subscriptions);
    assert_eq!(insider.get(&format!("/api/v1/customers/{customer}/contacts")).await.json(), contacts);
    // The pages say the same: nothing here.
    assert_eq!(ext.get("/customers").await.status, StatusCode::NOT_FOUND);
    let page = ext.get(&format!("/customers/{customer}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains(&crate::harness::html(cu["name"].as_str().unwrap_or("?"))));
    // They can still change their own password.
    let r = ext
        .json(
            Method::POST,
            "/api/v1/me/password",
            &json!({"current_password": DEMO_PASSWORD, "new_password": "ulkoisen oma salasana"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
}
