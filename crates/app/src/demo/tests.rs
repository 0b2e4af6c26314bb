use super::*;
use kumppani_domain::BusinessId;
use kumppani_store::customers::Filter;
use kumppani_testkit::{RawSql, TestDb};
use std::sync::Mutex;

async fn temp_db() -> TestDb {
    kumppani_testkit::sqlite().await
}

async fn count(db: &Db, sql: &str) -> i64 {
    db.fetch_one(sql, &[]).await.expect("count").get("n").expect("n")
}

/// (manager, deputy, segment) of every customer.
async fn assignments(db: &Db) -> Vec<(Option<i64>, Option<i64>, i64)> {
    db.fetch_all("SELECT manager_id, deputy_id, segment_id FROM customers ORDER BY id", &[])
        .await
        .expect("customers")
        .iter()
        .map(|r| (r.get("manager_id").expect("m"), r.get("deputy_id").expect("d"), r.get("segment_id").expect("s")))
        .collect()
}

#[tokio::test]
async fn sixty_customers_make_a_consistent_demo() {
    let db = temp_db().await;
    assert!(is_empty(&db).await.expect("empty"));
    let seen = Mutex::new(Vec::new());
    let opts = DemoOptions::default();
    let summary = generate(&db, &opts, &|n| seen.lock().expect("lock").push(n)).await.expect("generate");

    assert_eq!(*seen.lock().expect("lock"), [60]);
    assert_eq!(summary.customers, 60);
    assert_eq!(summary.users, USERS.len());
    assert_eq!(summary.segments, 6);
    assert_eq!(summary.services, SERVICES.len());
    assert!(summary.services >= 15);
    assert_eq!(customers::count(&db).await.expect("n"), 60);
    assert_eq!(users::count(&db).await.expect("n") as usize, summary.users);
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM contacts").await as usize, summary.contacts);
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM customer_services").await as usize, summary.subscriptions);
    assert!((60..=180).contains(&summary.contacts), "{summary:?}");
    assert!((120..=360).contains(&summary.subscriptions), "{summary:?}");

    // One audit row per created record.
    let records = summary.users
        + summary.segments
        + summary.services
        + summary.customers
        + summary.contacts
        + summary.subscriptions
        + summary.plans.events
        + summary.plans.notes
        + summary.plans.reviews;
    assert_eq!(audit::count(&db).await.expect("audit") as usize, records);
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM customer_events").await as usize, summary.plans.events);
    assert_eq!(count(&db, "SELECT COUNT(*) AS n FROM plan_reviews").await as usize, summary.plans.reviews);
    // Every plan has a narrative; about three in four have been reviewed.
    assert_eq!(summary.plans.notes, 60);
    assert!((30..=55).contains(&summary.plans.reviews), "{summary:?}");
    // The automation goal: at least 80 % of plan lines derived from data.
    let plans = crate::plans::assembled(&db, kumppani_store::plans::Which::Portfolio { manager_id: None })
        .await
        .expect("plans");
    let all: Vec<_> = plans.into_iter().map(|(_, p)| p).collect();
    let a = crate::plans::assemble::automation(&all);
    eprintln!("demo automation: {} of {} lines derived = {} %", a.derived, a.derived + a.typed, a.percent());
    assert!(a.percent() >= 80, "{a:?}");
    let history = audit::for_entity(&db, "customer", 1).await.expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].actor_name, "kumppani demo");
    assert!(history[0].changes.iter().any(|c| c.field == "deputy" && c.new.is_some()));

    // Every customer has a manager and a different deputy, both partnership managers.
    let managers: Vec<i64> = users::list(&db)
        .await
        .expect("users")
        .into_iter()
        .filter(|u| u.role == Role::PartnershipManager)
        .map(|u| u.id)
        .collect();
    assert_eq!(managers.len(), 8);
    let rows = assignments(&db).await;
    for (manager, deputy, _) in &rows {
        let (m, d) = (manager.expect("manager"), deputy.expect("deputy"));
        assert_ne!(m, d);
        assert!(managers.contains(&m) && managers.contains(&d));
    }

    // Segments by operating model: most are used, and every manager knows several.
    let mut used: Vec<i64> = rows.iter().map(|r| r.2).collect();
    used.sort();
    used.dedup();
    assert!(used.len() >= 5, "segments used: {used:?}");
    for m in &managers {
        let mut held: Vec<i64> = rows.iter().filter(|r| r.0 == Some(*m)).map(|r| r.2).collect();
        held.sort();
        held.dedup();
        assert!(held.len() >= 3, "manager {m} holds segments {held:?}");
    }

    // Business IDs: present, valid and unique.
    let ids: Vec<Option<String>> = db
        .fetch_all("SELECT business_id FROM customers", &[])
        .await
        .expect("ids")
        .iter()
        .map(|r| r.get("business_id").expect("id"))
        .collect();
    let mut ids: Vec<String> = ids.into_iter().map(|b| b.expect("business id")).collect();
    assert!(ids.iter().all(|b| BusinessId::parse(b).is_ok()), "{ids:?}");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 60);

    // About a third of subscriptions are critical.
    let critical = count(&db, "SELECT COUNT(*) AS n FROM customer_services WHERE critical").await as f64;
    let share = critical / summary.subscriptions as f64;
    assert!((0.2..0.5).contains(&share), "critical share {share}");

    // Search finds a demo customer by the first word of its name.
    let first = customers::get(&db, 1).await.expect("customer 1");
    let word = first.name.split_whitespace().next().unwrap_or_default().to_owned();
    let found = customers::list(&db, &Filter { q: Some(word), ..Filter::default() }).await.expect("search");
    assert!(found.items.iter().any(|c| c.id == 1));

    // The demo users can sign in with the documented password.
    let (_, user) = auth::sign_in(&db, "kp.virtanen", DEMO_PASSWORD, "127.0.0.1").await.expect("sign in");
    assert_eq!(user.role, Role::PartnershipManager);

    // A second run is refused: the database is no longer empty.
    assert!(!is_empty(&db).await.expect("empty"));
    assert!(matches!(generate(&db, &opts, &|_| {}).await, Err(AppError::Invalid(_))));
    assert_eq!(customers::count(&db).await.expect("n"), 60);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data() {
    let opts = DemoOptions { customers: 40, seed: 7 };
    let mut snapshots = Vec::new();
    for _ in 0..2 {
        let db = temp_db().await;
        generate(&db, &opts, &|_| {}).await.expect("generate");
        type Snapshot = (String, Option<String>, Option<i64>, Option<i64>);
        let rows: Vec<Snapshot> = db
            .fetch_all("SELECT name, business_id, manager_id, deputy_id FROM customers ORDER BY id", &[])
            .await
            .expect("rows")
            .iter()
            .map(|r| {
                (
                    r.get("name").expect("name"),
                    r.get("business_id").expect("b"),
                    r.get("manager_id").expect("m"),
                    r.get("deputy_id").expect("d"),
                )
            })
            .collect();
        let contacts = count(&db, "SELECT COUNT(*) AS n FROM contacts").await;
        snapshots.push((rows, contacts));
    }
    assert_eq!(snapshots[0], snapshots[1]);
}

#[tokio::test]
async fn batches_report_progress() {
    let db = temp_db().await;
    let seen = Mutex::new(Vec::new());
    let opts = DemoOptions { customers: 2_345, seed: 1 };
    let summary = generate(&db, &opts, &|n| seen.lock().expect("lock").push(n)).await.expect("generate");
    assert_eq!(*seen.lock().expect("lock"), [1_000, 2_000, 2_345]);
    assert_eq!(summary.customers, 2_345);
    let distinct = count(&db, "SELECT COUNT(DISTINCT business_id) AS n FROM customers").await;
    assert_eq!(distinct, 2_345);
    // With many customers every manager holds every segment.
    let pairs = count(&db, "SELECT COUNT(*) AS n FROM (SELECT DISTINCT manager_id, segment_id FROM customers) t").await;
    assert_eq!(pairs, 8 * 6);
}

#[tokio::test]
async fn zero_customers_still_makes_users_and_catalogue() {
    let db = temp_db().await;
    // The web server spawns the generator, so its future must be Send.
    fn assert_send<T: Send>(_: &T) {}
    assert_send(&generate(&db, &DemoOptions::default(), &|_| {}));
    let summary = generate(&db, &DemoOptions { customers: 0, seed: 3 }, &|_| {}).await.expect("generate");
    assert_eq!((summary.customers, summary.segments), (0, 6));
    assert!(!is_empty(&db).await.expect("empty"));
}

/// Timing check: `cargo test -p kumppani-app -- --ignored --nocapture five_thousand`.
#[tokio::test]
#[ignore = "slow: measures generating 5,000 customers"]
async fn five_thousand_customers_are_quick() {
    let db = temp_db().await;
    let started = std::time::Instant::now();
    // DEMO_CUSTOMERS=100000 measures a benchmark-sized run instead.
    let customers = std::env::var("DEMO_CUSTOMERS").ok().and_then(|n| n.parse().ok()).unwrap_or(5_000);
    let opts = DemoOptions { customers, seed: 2026 };
    let summary = generate(&db, &opts, &|n| eprintln!("{n} customers")).await.expect("generate");
    let elapsed = started.elapsed();
    eprintln!("{summary:?} in {elapsed:?}");
    assert!(customers > 5_000 || elapsed.as_secs() < 60);
    // Assembling every plan at once (the unit head's dashboard).
    let started = std::time::Instant::now();
    let plans = crate::plans::assembled(&db, kumppani_store::plans::Which::Portfolio { manager_id: None })
        .await
        .expect("plans");
    let all: Vec<_> = plans.into_iter().map(|(_, p)| p).collect();
    let a = crate::plans::assemble::automation(&all);
    eprintln!(
        "assembled {} plans ({} lines, {} % derived) in {:?}",
        all.len(),
        a.derived + a.typed,
        a.percent(),
        started.elapsed()
    );
}
