//! The account plan page of a large customer, rendered server-side: 50
//! projects, 200 dated events and 100 development needs on SQLite (issue 4:
//! well under 50 ms). The whole request runs through the router in-process
//! (session lookup, permit, assembly, template, translations), without a
//! socket, so what is measured is the server's own work. Also the same
//! customer's plan as JSON and the PDF export, for comparison.
//! `cargo bench -p kumppani-web --bench plan_page`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use criterion::{Criterion, criterion_group, criterion_main};
use kumppani_app::Db;
use kumppani_app::demo::{DEMO_PASSWORD, DemoOptions};
use kumppani_app::policy::permit;
use kumppani_app::{auth, events, projects};
use kumppani_domain::Actor;
use kumppani_domain::plan::EventDraft;
use kumppani_domain::project::ProjectDraft;
use kumppani_testkit::RawSql;
use kumppani_web::{AppState, WebConfig, app};
use tower::ServiceExt;

const PROJECTS: usize = 50;
const EVENTS: usize = 200;
const NEEDS: usize = 100;
const PARTNER: &str = "kp.virtanen";

struct Fixture {
    router: axum::Router,
    cookie: String,
    customer: i64,
    _dir: tempfile::TempDir,
}

async fn fixture() -> Fixture {
    let dir = tempfile::TempDir::new().unwrap();
    let db = Db::connect(&format!("sqlite://{}/bench.db", dir.path().display())).await.unwrap();
    db.migrate().await.unwrap();
    kumppani_app::demo::generate(&db, &DemoOptions { customers: 60, seed: 2026 }, &|_| {}).await.unwrap();
    let pm = db.fetch_one("SELECT id FROM users WHERE username = $1", &[PARTNER.into()]).await.unwrap();
    let pm: i64 = pm.get("id").unwrap();
    let row = db
        .fetch_one(
            "SELECT c.id, MIN(cs.service_id) AS service FROM customers c
             JOIN customer_services cs ON cs.customer_id = c.id AND cs.critical = TRUE
             WHERE c.manager_id = $1 GROUP BY c.id ORDER BY c.id LIMIT 1",
            &[pm.into()],
        )
        .await
        .unwrap();
    let (customer, service): (i64, i64) = (row.get("id").unwrap(), row.get("service").unwrap());
    let system = Actor::system();
    let edit_projects = permit(&db, &system).await.unwrap();
    for i in 0..PROJECTS {
        let stage = ["starting_up", "initiating", "delivery", "closing"][i % 4];
        let draft = ProjectDraft {
            name: format!("Kehityshanke {i:02}"),
            customer_id: Some(customer),
            executive_id: Some(pm),
            project_manager_id: Some(pm),
            stage: stage.into(),
            stage_number: (stage == "delivery").then_some(2),
            starts_on: Some("2026-01-15".into()),
            ends_on: Some("2027-06-30".into()),
            tolerance_time: None,
            tolerance_cost: None,
            tolerance_scope: None,
            project_type: Some("development".into()),
        };
        projects::create(&db, &edit_projects, &draft).await.unwrap();
    }
    let edit_plans = permit(&db, &system).await.unwrap();
    let kinds = ["critical_update", "budget_meeting", "marketing_action"];
    for i in 0..EVENTS + NEEDS {
        let kind = if i < EVENTS { kinds[i % 3] } else { "development_need" };
        let draft = EventDraft {
            kind: kind.into(),
            title: format!("Tapahtuma {i:03}"),
            on_date: format!("2027-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            service_id: (kind == "critical_update").then_some(service),
            owner_id: Some(pm),
            status: ["planned", "in_progress", "done"][i % 3].into(),
            notes: Some(format!("Muistiinpano {i}")),
        };
        events::create(&db, &edit_plans, customer, &draft).await.unwrap();
    }
    let (token, _) = auth::sign_in(&db, PARTNER, DEMO_PASSWORD, "127.0.0.1").await.unwrap();
    let router = app(AppState { db, config: WebConfig::default() });
    Fixture { router, cookie: format!("kumppani_session={token}"), customer, _dir: dir }
}

async fn get(f: &Fixture, path: &str) -> axum::body::Bytes {
    let request = Request::get(path).header(header::COOKIE, &f.cookie).body(Body::empty()).unwrap();
    let response = f.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap()
}

fn plan_page(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let f = rt.block_on(fixture());
    let page = format!("/customers/{}/plan", f.customer);
    // The page really holds what it should (not an error page that renders
    // fast); done needs are not open needs, so 298 rather than 299.
    let body = rt.block_on(get(&f, &page));
    let text = String::from_utf8_lossy(&body);
    for item in ["Kehityshanke 49", "Tapahtuma 199", "Tapahtuma 298"] {
        assert!(text.contains(item), "the plan page shows {item}");
    }
    let mut group = c.benchmark_group("plan_page_50p_200e_100n");
    group.bench_function("html", |b| b.to_async(&rt).iter(|| get(&f, &page)));
    let api = format!("/api/v1/customers/{}/plan", f.customer);
    group.bench_function("json", |b| b.to_async(&rt).iter(|| get(&f, &api)));
    let pdf = format!("/customers/{}/plan.pdf", f.customer);
    group.sample_size(20);
    group.bench_function("pdf", |b| b.to_async(&rt).iter(|| get(&f, &pdf)));
    group.finish();
}

criterion_group!(benches, plan_page);
criterion_main!(benches);
