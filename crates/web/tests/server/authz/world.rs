//! What both tests stand on: one signed-in client per role, and records to
//! point ids at — planted through the API as the unit head (`esimies`),
//! every internal-only text field carrying a marker (`LEAKMARK-…`, or for
//! fields that take only digits a number nothing else contains).

use std::collections::HashMap;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::routes::{Kind, MISSING};
use crate::harness::{Client, Resp, TestApp};

/// The columns: (label, demo user). `anon` is not signed in.
pub const ROLES: [(&str, Option<&str>); 7] = [
    ("admin", Some("admin")),
    ("head", Some("esimies")),
    ("partner", Some("kp.virtanen")),
    ("project", Some("pp.jokinen")),
    ("staff", Some("marko.ahonen")),
    ("external", Some("ulkoinen")),
    ("anon", None),
];

/// The partnership manager whose customer is "own"; another one's is "other".
pub const PARTNER: &str = "kp.virtanen";
const OTHER_PARTNER: &str = "kp.korhonen";
/// Whose user, token and absence are "other": not one of the columns.
pub const OTHER_USER: &str = "laura.saarinen";
pub const EXTERNAL: &str = "ulkoinen";

pub struct Actor {
    pub label: &'static str,
    pub username: Option<&'static str>,
    pub client: Client,
    /// The `_csrf` value this session's pages carry.
    pub csrf: Option<String>,
}

/// A planted marker: the text, and whether the unit head can see it (the
/// crawl as the unit head must find those, or the crawl proves nothing).
pub struct Marker {
    pub text: String,
    pub head_sees: bool,
}

pub struct World {
    pub actors: Vec<Actor>,
    /// Per kind: the "own" records by username (customers etc. under
    /// [`PARTNER`]), and the "other" record.
    own: HashMap<(Kind, String), i64>,
    other: HashMap<Kind, i64>,
    pub markers: Vec<Marker>,
}

fn ok(r: &Resp, what: &str) -> Value {
    assert!(r.status.is_success(), "authz setup: {what}: {} {}", r.status, r.body);
    r.json()
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("authz setup: no id in {v}"))
}

/// POSTs a new record and returns its id.
async fn create(c: &Client, path: &str, body: &Value) -> i64 {
    id(&ok(&c.json(Method::POST, path, body).await, path))
}

/// Saves a board, records the first guidance step, a meeting and a
/// decision. With `marked`, the meeting and decision texts carry markers.
async fn plant_board(
    head: &Client,
    project: i64,
    body: &Value,
    mark: &mut impl FnMut(String, bool) -> String,
    which: &str,
    marked: bool,
) {
    let path = format!("/api/v1/projects/{project}/board");
    let board = ok(&head.json_if(Method::PUT, &path, 0, body).await, "board");
    let step = json!({"step": "sent_to_customer"});
    ok(&head.json_if(Method::PUT, &format!("{path}/guidance"), 1, &step).await, "guidance step");
    let text = |m: &mut dyn FnMut(String, bool) -> String, what: &str| {
        if marked { m(format!("LEAKMARK-board-{what}-{which}"), true) } else { format!("Yhteinen {what}") }
    };
    let agenda = text(mark, "agenda");
    let attendees: Vec<Value> =
        board["board"]["members"].as_array().into_iter().flatten().map(|m| m["id"].clone()).collect();
    let meeting = json!({"held_on": "2099-02-01", "agenda": agenda, "attendee_ids": attendees});
    let meeting = create(head, &format!("/api/v1/projects/{project}/meetings"), &meeting).await;
    let decision = json!({
        "meeting_id": meeting, "what": text(mark, "decision"), "decided_by": "Ohjausryhmä", "category": "scope",
    });
    create(head, &format!("/api/v1/projects/{project}/decisions"), &decision).await;
}

/// The `_csrf` value of a signed-in client's pages, read from a form page.
pub async fn csrf_of(c: &Client) -> Option<String> {
    let page = c.get("/account/password").await;
    let at = page.body.find("name=\"_csrf\"")?;
    let start = page.body[..at].rfind('<')?;
    let end = at + page.body[at..].find('>')?;
    page.body[start..end].split("value=\"").nth(1)?.split('"').next().map(str::to_owned)
}

impl World {
    pub async fn build(app: &TestApp) -> World {
        let mut actors = Vec::new();
        for (label, username) in ROLES {
            let (client, csrf) = match username {
                Some(u) => {
                    let c = app.client_as(u).await;
                    let csrf = csrf_of(&c).await;
                    assert!(csrf.is_some(), "authz setup: no _csrf on {u}'s pages");
                    (c, csrf)
                }
                None => (app.anonymous(), None),
            };
            actors.push(Actor { label, username, client, csrf });
        }
        let head = actors.iter().find(|a| a.label == "head").map(|a| a.client.clone()).expect("the unit head");
        let mut markers = Vec::new();
        let mut mark = |text: String, head_sees: bool| {
            markers.push(Marker { text: text.clone(), head_sees });
            text
        };

        let named = |name: &str| json!({"name": format!("LEAKMARK-{name}-name"), "description": format!("LEAKMARK-{name}-description")});
        for name in ["segment", "service"] {
            mark(format!("LEAKMARK-{name}-name"), true);
            mark(format!("LEAKMARK-{name}-description"), true);
        }
        let segment = create(&head, "/api/v1/segments", &named("segment")).await;
        let service = create(&head, "/api/v1/services", &named("service")).await;
        let mut own = HashMap::new();
        let mut other = HashMap::from([(Kind::Segment, segment), (Kind::Service, service)]);

        for (which, manager, deputy, business_id, phone) in [
            ("own", PARTNER, None, "7654321-2", "+358 40 555 0199"),
            ("other", OTHER_PARTNER, Some("kp.makinen"), "8765432-1", "+358 40 555 0299"),
        ] {
            let deputy = match deputy {
                Some(d) => json!(app.user_id(d).await),
                None => Value::Null,
            };
            let body = json!({
                "name": mark(format!("LEAKMARK-customer-name-{which}"), true),
                "business_id": mark(business_id.into(), true),
                "org_type": "municipality",
                "segment_id": segment,
                "manager_id": app.user_id(manager).await,
                "deputy_id": deputy,
                "notes": mark(format!("LEAKMARK-customer-notes-{which}"), true),
            });
            let customer = create(&head, "/api/v1/customers", &body).await;
            let contact = json!({
                "name": mark(format!("LEAKMARK-contact-name-{which}"), true),
                "title": mark(format!("LEAKMARK-contact-title-{which}"), true),
                "email": mark(format!("leakmark-contact-email-{which}@example.fi"), true),
                "phone": mark(phone.into(), true),
            });
            let contact = create(&head, &format!("/api/v1/customers/{customer}/contacts"), &contact).await;
            let sub = json!({"service_id": service, "critical": true});
            let sub = create(&head, &format!("/api/v1/customers/{customer}/services"), &sub).await;
            for (kind, rec) in [(Kind::Customer, customer), (Kind::Contact, contact), (Kind::Subscription, sub)] {
                match which {
                    "own" => own.insert((kind, PARTNER.to_owned()), rec),
                    _ => other.insert(kind, rec),
                };
            }
        }

        // Users: every column's user and one more; each gets an absence and
        // an API token of their own.
        let usernames: Vec<&str> = ROLES.iter().filter_map(|r| r.1).chain([OTHER_USER]).collect();
        for &u in &usernames {
            let user = app.user_id(u).await;
            let note = mark(format!("LEAKMARK-absence-note-{u}"), true);
            let body = json!({"starts_on": "2099-03-01", "ends_on": "2099-03-02", "note": note});
            let absence = create(&head, &format!("/api/v1/users/{user}/absences"), &body).await;
            // A token's name is the owner's own words: not internal to them.
            let token_name = if u == EXTERNAL {
                "authz token of the external member".to_owned()
            } else {
                mark(format!("LEAKMARK-token-name-{u}"), u == "esimies")
            };
            let client = match actors.iter().find(|a| a.username == Some(u)) {
                Some(a) => a.client.clone(),
                None => app.client_as(u).await,
            };
            let token =
                ok(&client.json(Method::POST, "/api/v1/me/tokens", &json!({"name": token_name})).await, "token");
            let token = id(&token["token"]);
            for (kind, rec) in [(Kind::User, user), (Kind::Absence, absence), (Kind::Token, token)] {
                if u == OTHER_USER {
                    other.insert(kind, rec);
                } else {
                    own.insert((kind, u.to_owned()), rec);
                }
            }
            // Internal people's names and addresses are internal-only too.
            if u != EXTERNAL {
                let r = head.get(&format!("/api/v1/users/{user}")).await;
                let current = ok(&r, "user");
                let version = r.etag().unwrap_or("\"0\"").trim_matches('"').parse::<i64>().unwrap_or(0);
                let draft = json!({
                    "username": current["username"], "role": current["role"], "active": current["active"],
                    "display_name": mark(format!("LEAKMARK-display-name-{u}"), true),
                    "email": mark(format!("leakmark-email-{u}@palvelukeskus.fi"), true),
                });
                let r = head.json_if(Method::PUT, &format!("/api/v1/users/{user}"), version, &draft).await;
                assert_eq!(r.status, StatusCode::OK, "authz setup: mark user {u}: {}", r.body);
            }
        }
        // Projects: the project manager's own (pp.jokinen runs it), the
        // partnership manager's own (kp.virtanen is its Executive), and
        // another (pp.lahtinen's, owned by the unit head). Every text field
        // and the status highlight carry markers.
        for (which, owner, executive, manager) in [
            ("own-project", Some("pp.jokinen"), "esimies", "pp.jokinen"),
            ("own-partner", Some(PARTNER), PARTNER, "pp.lahtinen"),
            ("other", None, "esimies", "pp.lahtinen"),
        ] {
            let customer = other[&Kind::Customer];
            let body = json!({
                "name": mark(format!("LEAKMARK-project-name-{which}"), true),
                "customer_id": customer,
                "executive_id": app.user_id(executive).await,
                "project_manager_id": app.user_id(manager).await,
                "stage": "delivery",
                "stage_number": 2,
                "starts_on": "2099-01-01",
                "ends_on": "2099-12-31",
                "tolerance_time": mark(format!("LEAKMARK-project-time-{which}"), true),
                "tolerance_cost": mark(format!("LEAKMARK-project-cost-{which}"), true),
                "tolerance_scope": mark(format!("LEAKMARK-project-scope-{which}"), true),
            });
            let project = create(&head, "/api/v1/projects", &body).await;
            let status =
                json!({"rag": "amber", "highlight": mark(format!("LEAKMARK-project-highlight-{which}"), true)});
            create(&head, &format!("/api/v1/projects/{project}/status"), &status).await;
            // Its stakeholder register, communication plan and lessons log.
            let stakeholder = create(
                &head,
                &format!("/api/v1/projects/{project}/stakeholders"),
                &json!({
                    "name": mark(format!("LEAKMARK-stakeholder-{which}"), true),
                    "organisation": mark(format!("LEAKMARK-stakeholder-org-{which}"), true),
                    "side": "customer",
                    "note": mark(format!("LEAKMARK-stakeholder-note-{which}"), true),
                }),
            )
            .await;
            let line = create(
                &head,
                &format!("/api/v1/projects/{project}/communications"),
                &json!({
                    "stakeholder_id": stakeholder,
                    "responsible_id": app.user_id(executive).await,
                    "responsible_role": "executive",
                    "channel": mark(format!("LEAKMARK-channel-{which}"), true),
                    "frequency": mark(format!("LEAKMARK-frequency-{which}"), true),
                    "content": mark(format!("LEAKMARK-content-{which}"), true),
                }),
            )
            .await;
            let lesson = create(
                &head,
                &format!("/api/v1/projects/{project}/lessons"),
                &json!({
                    "summary": mark(format!("LEAKMARK-lesson-{which}"), true),
                    "happened": mark(format!("LEAKMARK-happened-{which}"), true),
                    "advice": mark(format!("LEAKMARK-advice-{which}"), true),
                    "kind": "avoid",
                    "category": "risk",
                }),
            )
            .await;
            for (kind, id) in [
                (Kind::Project, project),
                (Kind::Stakeholder, stakeholder),
                (Kind::Communication, line),
                (Kind::Lesson, lesson),
            ] {
                match owner {
                    Some(u) => own.insert((kind, u.to_owned()), id),
                    None => other.insert(kind, id),
                };
            }
        }
        // Boards. The three projects above get boards whose every text
        // is marked; the external member sits on a fourth project's board,
        // whose shared texts are plain and whose internal ones are marked.
        let exec = app.user_id("esimies").await;
        for which in ["own-project", "own-partner", "other"] {
            let project = match which {
                "own-project" => own[&(Kind::Project, "pp.jokinen".to_owned())],
                "own-partner" => own[&(Kind::Project, PARTNER.to_owned())],
                _ => other[&Kind::Project],
            };
            let body = json!({
                "meeting_interval": mark(format!("LEAKMARK-board-interval-{which}"), true),
                "ways_of_working": mark(format!("LEAKMARK-board-ways-{which}"), true),
                "members": [{"user_id": exec, "role": "executive", "side": "centre"}],
            });
            plant_board(&head, project, &body, &mut mark, which, true).await;
        }
        let customer = other[&Kind::Customer];
        let contact = json!({
            "name": "Leena Aalto", "title": mark("LEAKMARK-board-contact-title".into(), true),
            "email": null, "phone": null,
        });
        let contact = create(&head, &format!("/api/v1/customers/{customer}/contacts"), &contact).await;
        let body = json!({
            "name": "Yhteinen hanke",
            "customer_id": customer,
            "executive_id": app.user_id(OTHER_PARTNER).await,
            "project_manager_id": app.user_id("pp.lahtinen").await,
            "stage": "initiating",
            "starts_on": "2099-01-01",
            "tolerance_time": mark("LEAKMARK-project-time-shared".into(), true),
            "tolerance_cost": mark("LEAKMARK-project-cost-shared".into(), true),
            "tolerance_scope": mark("LEAKMARK-project-scope-shared".into(), true),
        });
        let shared = create(&head, "/api/v1/projects", &body).await;
        create(&head, &format!("/api/v1/projects/{shared}/status"), &json!({"rag": "green", "highlight": "Etenee."}))
            .await;
        let body = json!({
            "meeting_interval": "Kuukausittain",
            "ways_of_working": "Aineisto viikkoa ennen.",
            "members": [
                {"contact_id": contact, "role": "executive", "side": "customer"},
                {"user_id": app.user_id(EXTERNAL).await, "role": "senior_user", "side": "customer"},
                {"user_id": app.user_id(OTHER_PARTNER).await, "role": "senior_supplier", "side": "supplier"},
            ],
        });
        plant_board(&head, shared, &body, &mut mark, "shared", false).await;
        own.insert((Kind::Project, EXTERNAL.to_owned()), shared);
        // Account plans: an event and a narrative on each customer's plan,
        // and a template section; all internal.
        let section = json!({"sections": [{"source": "narrative", "title_fi": mark("LEAKMARK-section-fi".into(), true),
            "title_sv": mark("LEAKMARK-section-sv".into(), false), "title_en": mark("LEAKMARK-section-en".into(), false)}]});
        let r = head.json_if(Method::PUT, "/api/v1/plan-template", 1, &section).await;
        assert_eq!(r.status, StatusCode::OK, "authz setup: plan template: {}", r.body);
        let section_id = r.json()["sections"][0]["id"].as_i64().expect("section id");
        for which in ["own", "other"] {
            let customer = match which {
                "own" => own[&(Kind::Customer, PARTNER.to_owned())],
                _ => other[&Kind::Customer],
            };
            let event = json!({"kind": "budget_meeting", "title": mark(format!("LEAKMARK-event-title-{which}"), true),
                "on_date": "2099-02-01", "service_id": null, "owner_id": null, "status": "planned",
                "notes": mark(format!("LEAKMARK-event-notes-{which}"), true)});
            let event = create(&head, &format!("/api/v1/customers/{customer}/events"), &event).await;
            let note = json!({"notes": [{"section_id": section_id, "body": mark(format!("LEAKMARK-plan-note-{which}"), true)}]});
            let r = head.json_if(Method::PUT, &format!("/api/v1/customers/{customer}/plan/notes"), 1, &note).await;
            assert_eq!(r.status, StatusCode::OK, "authz setup: plan note: {}", r.body);
            match which {
                "own" => own.insert((Kind::Event, PARTNER.to_owned()), event),
                _ => other.insert(Kind::Event, event),
            };
        }
        // Calendar feeds: one of each user who may read plans, and one of
        // another partnership manager's as "other".
        for u in ["admin", "esimies", PARTNER, OTHER_PARTNER] {
            let client = match actors.iter().find(|a| a.username == Some(u)) {
                Some(a) => a.client.clone(),
                None => app.client_as(u).await,
            };
            let feed =
                ok(&client.json(Method::POST, "/api/v1/calendar-feeds", &json!({"scope": "centre"})).await, "feed");
            let feed = id(&feed["feed"]);
            match u {
                OTHER_PARTNER => other.insert(Kind::Feed, feed),
                _ => own.insert((Kind::Feed, u.to_owned()), feed),
            };
        }
        // Customer contacts: one of each customer, every text marked.
        for which in ["own", "other"] {
            let customer = match which {
                "own" => own[&(Kind::Customer, PARTNER.to_owned())],
                _ => other[&Kind::Customer],
            };
            let body = json!({"customer_id": customer, "kind": "development_need", "received_via": "email",
                "subject": mark(format!("LEAKMARK-request-subject-{which}"), true),
                "body": mark(format!("LEAKMARK-request-body-{which}"), true),
                "sender": mark(format!("leakmark-request-sender-{which}@example.fi"), true)});
            let request = create(&head, "/api/v1/requests", &body).await;
            let notes = json!({"internal_notes": mark(format!("LEAKMARK-request-notes-{which}"), true)});
            let r = head.json_if(Method::PUT, &format!("/api/v1/requests/{request}/notes"), 1, &notes).await;
            assert_eq!(r.status, StatusCode::OK, "authz setup: request notes: {}", r.body);
            let templates = ok(&head.get("/api/v1/processes").await, "processes");
            let start = json!({"template_id": templates[0]["id"]});
            let r = head.json_if(Method::PUT, &format!("/api/v1/requests/{request}/process"), 2, &start).await;
            assert_eq!(r.status, StatusCode::OK, "authz setup: start a process: {}", r.body);
            match which {
                "own" => own.insert((Kind::Request, PARTNER.to_owned()), request),
                _ => other.insert(Kind::Request, request),
            };
        }
        // Routing rules are shared: the shipped one.
        let rules = ok(&head.get("/api/v1/routing-rules").await, "routing rules");
        other.insert(Kind::Rule, rules[0]["id"].as_i64().expect("a routing rule"));
        // Process templates are shared: the first shipped one and its first step.
        let first = ok(&head.get("/api/v1/processes").await, "processes")[0]["id"].as_i64().expect("a process");
        let process = ok(&head.get(&format!("/api/v1/processes/{first}")).await, "process");
        other.insert(Kind::Process, process["template"]["id"].as_i64().expect("a process"));
        other.insert(Kind::Step, process["steps"][0]["id"].as_i64().expect("a step"));
        // The glossary is shared: any seeded term.
        let terms = ok(&head.get("/api/v1/glossary").await, "glossary");
        other.insert(Kind::Term, terms[0]["id"].as_i64().expect("a glossary term"));
        World { actors, own, other, markers }
    }

    /// The id a row names for an actor. "own" is the actor's own record;
    /// where the role cannot own one (customers of anyone but the
    /// partnership manager, anything of the anonymous caller) it is the
    /// same record as "other".
    pub fn record(&self, kind: Kind, row: &str, actor: &Actor) -> i64 {
        match row {
            "missing" => MISSING,
            "any" | "other" => self.other[&kind],
            "own" => {
                let owner = match kind {
                    Kind::Customer | Kind::Contact | Kind::Subscription | Kind::Event | Kind::Request => {
                        Some(PARTNER).filter(|_| actor.label == "partner")
                    }
                    _ => actor.username,
                };
                owner.and_then(|o| self.own.get(&(kind, o.to_owned()))).copied().unwrap_or(self.other[&kind])
            }
            other => panic!("authz: unknown row {other}"),
        }
    }

    /// Every planted record of a kind: (id, username of its owner if one of the columns).
    pub fn planted(&self, kind: Kind) -> Vec<(i64, Option<&str>)> {
        let mut out: Vec<(i64, Option<&str>)> =
            self.own.iter().filter(|((k, _), _)| *k == kind).map(|((_, u), id)| (*id, Some(u.as_str()))).collect();
        out.extend(self.other.get(&kind).map(|id| (*id, None)));
        out.sort_unstable();
        out
    }

    pub fn actor(&self, label: &str) -> &Actor {
        self.actors.iter().find(|a| a.label == label).unwrap_or_else(|| panic!("no actor {label}"))
    }
}
