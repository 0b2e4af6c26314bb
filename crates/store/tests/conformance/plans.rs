//! Account plans (the seeded template, a customer's plan version, notes and
//! reviews), customer events by period, and calendar feeds.

use chrono::{NaiveDate, TimeZone, Utc};
use kumppani_domain::plan::{EventDraft, EventKind, EventStatus, SectionSource};
use kumppani_store::catalog::Kind;
use kumppani_store::feeds::{self, FeedScope};
use kumppani_store::plans::{self, Which};
use kumppani_store::{Db, StoreError, events, users};

use crate::fixtures::*;
use crate::harness::{self, TestDb};
use kumppani_testkit::on_both_backends;

on_both_backends! { TestDb;
    check_plans => sqlite_plans, postgres_plans;
    check_events => sqlite_events, postgres_events;
    check_feeds => sqlite_feeds, postgres_feeds;
}

pub async fn check_plans(db: &Db) {
    let w = world(db).await;
    let sections = plans::sections(db, false).await.expect("sections");
    assert!(sections.len() >= 6, "the migrations seed the template: {sections:?}");
    assert_eq!(sections[0].source, SectionSource::Basic, "basic information first");
    assert!(sections.windows(2).all(|p| p[0].position < p[1].position));
    assert_eq!(plans::template_version(db).await.expect("template version"), 1);
    let cadences = plans::cadences(db).await.expect("cadences");
    assert_eq!(cadences.iter().map(|c| (c.segment_id, c.months)).collect::<Vec<_>>(), [(w.segment, 3)]);

    // A plan nobody wrote to is at version 1; each write moves it on once.
    assert_eq!(plans::state_of(db, w.customer).await.expect("state").version, 1);
    let reviewer = acting(w.manager, "Päivi Projektinen");
    let (first, second) = (sections[0].id, sections[1].id);
    let mut tx = db.begin().await.expect("begin");
    plans::advance(&mut tx, w.customer, 1, None).await.expect("advance");
    assert_eq!(plans::set_note(&mut tx, w.customer, first, "Kaupunki; 240 000 asukasta").await.expect("note"), "");
    assert_eq!(plans::set_note(&mut tx, w.customer, second, "Toinen").await.expect("note"), "");
    let stale = plans::advance(&mut tx, w.customer, 1, None).await;
    assert!(matches!(stale, Err(StoreError::Conflict { current: 2 })), "{stale:?}");
    tx.commit().await.expect("commit");

    let since = harness::clock();
    let mut tx = db.begin().await.expect("begin");
    let at = plans::advance(&mut tx, w.customer, 2, Some(&reviewer)).await.expect("review");
    assert_eq!(plans::set_note(&mut tx, w.customer, second, "").await.expect("blank removes"), "Toinen");
    plans::add_review(&mut tx, w.customer, 3, &reviewer, at, "{\"v\":3}").await.expect("review row");
    tx.commit().await.expect("commit");

    let state = plans::state_of(db, w.customer).await.expect("state");
    assert_eq!((state.version, state.reviewed_by.as_deref()), (3, Some("Päivi Projektinen")));
    harness::assert_recent(state.reviewed_at.expect("reviewed"), since);
    let notes = plans::notes(db, Which::Customer(w.customer)).await.expect("notes");
    assert_eq!(notes, [(w.customer, first, "Kaupunki; 240 000 asukasta".to_owned())]);
    assert!(plans::notes(db, Which::Listed(&[])).await.expect("nobody").is_empty());

    // Reviews newest first; the latest snapshot per customer.
    let past = Utc.with_ymd_and_hms(2024, 1, 15, 9, 0, 0).single().expect("time");
    let other = harness::add_customer(db, &harness::customer_draft("Åbo stad", None, "municipality", w.segment)).await;
    let mut tx = db.begin().await.expect("begin");
    plans::insert_past_review(&mut tx, other, &reviewer, past, "{\"v\":2}").await.expect("past review");
    tx.commit().await.expect("commit");
    let reviews = plans::reviews(db, w.customer).await.expect("reviews");
    assert_eq!(reviews.iter().map(|r| (r.plan_version, r.snapshot.as_str())).collect::<Vec<_>>(), [(3, "{\"v\":3}")]);
    let mut latest = plans::latest_snapshots(db, Which::Portfolio { manager_id: None }).await.expect("latest");
    latest.sort();
    let mut expected = vec![(w.customer, "{\"v\":3}".to_owned()), (other, "{\"v\":2}".to_owned())];
    expected.sort();
    assert_eq!(latest, expected);
    assert_eq!(plans::state_of(db, other).await.expect("state").reviewed_at, Some(past));
    let ids = plans::latest_snapshots(db, Which::Ids { from: other, to: other }).await.expect("by ids");
    assert_eq!(ids.len(), 1);
}

fn event(kind: &str, title: &str, on: &str, service: Option<i64>, status: &str) -> EventDraft {
    EventDraft {
        kind: kind.into(),
        title: title.into(),
        on_date: on.into(),
        service_id: service,
        owner_id: None,
        status: status.into(),
        notes: Some("Huom: 'lainaus' & \"toinen\"".into()),
    }
}

pub async fn check_events(db: &Db) {
    let w = world(db).await;
    let service = harness::add_catalog_entry(db, Kind::Service, "Palkanlaskenta").await;
    let other = harness::add_customer(db, &harness::customer_draft("Åbo stad", None, "municipality", w.segment)).await;
    let drafts = [
        (w.customer, event("critical_update", "Versio 5.2", "2025-03-31", Some(service), "planned")),
        (w.customer, event("budget_meeting", "Budjetti 2026", "2025-03-01", None, "done")),
        (w.customer, event("marketing_action", "Peruttu", "2025-03-15", None, "cancelled")),
        (other, event("budget_meeting", "Budget 2026", "2025-03-01", None, "in_progress")),
        (other, event("development_need", "Karkauspäivä", "2024-02-29", None, "planned")),
    ];
    let mut tx = db.begin().await.expect("begin");
    let mut ids = Vec::new();
    for (customer, draft) in &drafts {
        let mut draft = draft.clone();
        draft.owner_id = Some(w.manager);
        ids.push(events::insert(&mut tx, *customer, &draft.validate().expect("valid event")).await.expect("insert"));
    }
    tx.commit().await.expect("commit");
    assert_eq!(events::count(db).await.expect("count"), 5);

    let e = events::get(db, ids[0]).await.expect("get");
    assert_eq!(
        (e.kind, e.status, e.service_name.as_deref()),
        (EventKind::CriticalUpdate, EventStatus::Planned, Some("Palkanlaskenta"))
    );
    assert_eq!((e.customer_name.as_str(), e.owner_name.as_deref()), ("Tampereen kaupunki", Some("Päivi Projektinen")));
    assert_eq!(e.notes, "Huom: 'lainaus' & \"toinen\"");

    let listed: Vec<i64> =
        events::list(db, Which::Customer(w.customer)).await.expect("list").iter().map(|e| e.id).collect();
    assert_eq!(listed, [ids[1], ids[2], ids[0]], "by date");
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    let march = (day("2025-03-01"), day("2025-03-31"));
    let all = Which::Portfolio { manager_id: None };
    assert_eq!(
        events::count_between(db, all, march.0, march.1).await.expect("count"),
        3,
        "cancelled left out, ends included"
    );
    let between: Vec<i64> =
        events::between(db, all, march.0, march.1, 10).await.expect("between").iter().map(|e| e.id).collect();
    assert_eq!(between, [ids[1], ids[3], ids[0]]);
    assert_eq!(events::between(db, all, march.0, march.1, 1).await.expect("limited").len(), 1);
    let per_day = events::per_day(db, all, day("2024-01-01"), day("2025-12-31")).await.expect("per day");
    assert_eq!(
        per_day,
        [
            (day("2024-02-29"), EventKind::DevelopmentNeed, 1),
            (day("2025-03-01"), EventKind::BudgetMeeting, 2),
            (day("2025-03-31"), EventKind::CriticalUpdate, 1),
        ]
    );

    let moved = event("budget_meeting", "Budjetti 2026", "2025-04-01", None, "planned").validate().expect("valid");
    let mut tx = db.begin().await.expect("begin");
    events::update(&mut tx, ids[1], 1, &moved).await.expect("update");
    assert!(matches!(events::update(&mut tx, ids[1], 1, &moved).await, Err(StoreError::Conflict { current: 2 })));
    assert!(matches!(events::update(&mut tx, ids[4] + 9, 1, &moved).await, Err(StoreError::NotFound)));
    tx.commit().await.expect("commit");
    let e = events::get(db, ids[1]).await.expect("get");
    assert_eq!((e.on_date, e.owner_id, e.version), (day("2025-04-01"), None, 2));
}

pub async fn check_feeds(db: &Db) {
    let w = world(db).await;
    let since = harness::clock();
    let mut tx = db.begin().await.expect("begin");
    let customer_feed =
        feeds::insert(&mut tx, w.manager, FeedScope::Customer { customer_id: w.customer }, "fi", "hash-a").await;
    let customer_feed = customer_feed.expect("insert");
    let manager_feed =
        feeds::insert(&mut tx, w.manager, FeedScope::Manager { manager_id: w.executive }, "sv", "hash-b")
            .await
            .expect("insert");
    let centre_feed = feeds::insert(&mut tx, w.executive, FeedScope::Centre, "en", "hash-c").await.expect("insert");
    tx.commit().await.expect("commit");

    let mine = feeds::for_user(db, w.manager).await.expect("for user");
    assert_eq!(mine.iter().map(|f| f.id).collect::<Vec<_>>(), [manager_feed, customer_feed], "newest first");
    assert_eq!(
        (mine[0].scope, mine[0].scope_name.as_deref()),
        (FeedScope::Manager { manager_id: w.executive }, Some("Eero Esimies"))
    );
    assert_eq!(mine[1].scope_name.as_deref(), Some("Tampereen kaupunki"));
    harness::assert_recent(mine[1].created_at, since);
    assert_eq!((mine[1].last_used_at, mine[1].revoked_at, mine[1].version), (None, None, 1));

    let found = feeds::lookup(db, "hash-c").await.expect("lookup").expect("live feed");
    assert_eq!(
        (found.id, found.scope, found.scope_name, found.lang.as_str()),
        (centre_feed, FeedScope::Centre, None, "en")
    );
    assert!(feeds::lookup(db, "HASH-C").await.expect("lookup").is_none(), "hashes compare exactly");
    feeds::touch(db, centre_feed).await.expect("touch");

    let mut tx = db.begin().await.expect("begin");
    feeds::revoke(&mut tx, customer_feed, 1).await.expect("revoke");
    assert!(matches!(feeds::revoke(&mut tx, customer_feed, 2).await, Err(StoreError::Conflict { current: 2 })), "once");
    let f = feeds::get_in(&mut tx, centre_feed).await.expect("get");
    tx.commit().await.expect("commit");
    harness::assert_recent(f.last_used_at.expect("touched"), since);
    assert!(feeds::lookup(db, "hash-a").await.expect("lookup").is_none(), "a revoked feed is dead");

    // A feed dies with its owner's account.
    let mut tx = db.begin().await.expect("begin");
    let inactive = harness::valid_user("eero", "Eero Esimies", "partnership_manager", false);
    users::update(&mut tx, w.executive, 1, &inactive).await.expect("deactivate");
    tx.commit().await.expect("commit");
    assert!(feeds::lookup(db, "hash-c").await.expect("lookup").is_none());
    assert!(feeds::lookup(db, "hash-b").await.expect("lookup").is_some(), "the manager's own account is active");
}
