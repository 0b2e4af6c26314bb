//! The audit trail, transactions and sessions.
use kumppani_store::testing::{RawSql, RawSqlTx};

use std::time::Duration;

use kumppani_domain::{Actor, Change, Role};
use kumppani_store::audit::{self, Action, Target};
use kumppani_store::catalog::{self, Kind};
use kumppani_store::{Db, StoreError, customers, sessions, users};
use sqlx::error::ErrorKind;

use crate::harness::*;

fn change(field: &str, old: Option<&str>, new: Option<&str>) -> Change {
    Change { field: field.into(), old: old.map(Into::into), new: new.map(Into::into) }
}

pub async fn check_audit_trail(db: &Db) {
    let seg = add_catalog_entry(db, Kind::Segment, "Kunnat").await;
    let customer = add_customer(db, &customer_draft("Lahden kaupunki", None, "municipality", seg)).await;
    let liisa = add_user(db, "liisa", "Liisa Virtanen", true).await;
    let person = Actor::user(liisa, "Liisa Virtanen", Role::PartnershipManager);
    let created = vec![
        change("name", None, Some("Lahden kaupunki")),
        change("notes", None, Some("Ääkköset \"lainattu\"\nrivi 2")),
    ];
    let edited = vec![change("phone", Some("040 1"), None)];

    let since = clock();
    let mut tx = db.begin().await.expect("begin");
    let about_customer =
        Target { entity: "customer", entity_id: Some(customer), subject: Some(("customer", customer)) };
    audit::record(&mut tx, &Actor::system(), Action::Create, about_customer, &created).await.expect("record");
    let about_contact = Target { entity: "contact", entity_id: Some(77), subject: Some(("customer", customer)) };
    audit::record(&mut tx, &person, Action::Update, about_contact, &edited).await.expect("record");
    let sign_in = Target { entity: "user", entity_id: Some(liisa), subject: Some(("user", liisa)) };
    audit::record(&mut tx, &person, Action::SignIn, sign_in, &[]).await.expect("record");
    let failed = Target { entity: "user", entity_id: None, subject: None };
    audit::record(&mut tx, &Actor::system(), Action::SignInFailed, failed, &[]).await.expect("record");
    tx.commit().await.expect("commit");
    assert_eq!(audit::count(db).await.expect("count"), 4);

    // A record's history: newest first, with contacts' rows under their customer.
    let history = audit::history(db, "customer", customer, 10).await.expect("history");
    let summary: Vec<_> =
        history.iter().map(|e| (e.action.as_str(), e.entity.as_str(), e.entity_id, e.actor_name.as_str())).collect();
    assert_eq!(
        summary,
        [("update", "contact", Some(77), "Liisa Virtanen"), ("create", "customer", Some(customer), "kumppani")]
    );
    assert_eq!(history[0].changes, edited);
    assert_eq!(history[1].changes, created);
    assert!(history[0].id > history[1].id);
    for e in &history {
        assert_recent(e.at, since);
    }
    let newest = audit::history(db, "customer", customer, 1).await.expect("history");
    assert_eq!(newest.iter().map(|e| e.id).collect::<Vec<_>>(), [history[0].id]);
    assert!(audit::history(db, "customer", customer + 1, 10).await.expect("history").is_empty());

    let own = audit::for_entity(db, "customer", customer).await.expect("for entity");
    assert_eq!(own.len(), 1);
    assert_eq!((own[0].action.as_str(), &own[0].changes), ("create", &created));
    let user_rows = audit::history(db, "user", liisa, 10).await.expect("history");
    assert_eq!(user_rows.len(), 1);
    assert_eq!((user_rows[0].action.as_str(), user_rows[0].changes.len()), ("sign_in", 0));
    assert_eq!(audit::for_entity(db, "user", liisa).await.expect("for entity").len(), 1);

    // Append-only on both backends: no UPDATE, no DELETE, not even in a transaction.
    let update = db.execute("UPDATE audit_log SET actor_name = $1", &["someone else".into()]).await;
    assert!(update.is_err(), "UPDATE on audit_log must fail: {update:?}");
    let delete = db.execute("DELETE FROM audit_log WHERE id = $1", &[history[0].id.into()]).await;
    assert!(delete.is_err(), "DELETE on audit_log must fail: {delete:?}");
    let mut tx = db.begin().await.expect("begin");
    assert!(tx.execute("DELETE FROM audit_log", &[]).await.is_err());
    drop(tx);
    assert_eq!(audit::count(db).await.expect("count"), 4);
    let again = audit::history(db, "customer", customer, 10).await.expect("history");
    assert_eq!(again[0].actor_name, "Liisa Virtanen");

    // An audit row written in a transaction that is not committed disappears with it.
    let mut tx = db.begin().await.expect("begin");
    let about_customer =
        Target { entity: "customer", entity_id: Some(customer), subject: Some(("customer", customer)) };
    audit::record(&mut tx, &person, Action::Delete, about_customer, &[]).await.expect("record");
    drop(tx);
    assert_eq!(audit::count(db).await.expect("count"), 4);
}

pub async fn check_dropped_transaction_leaves_nothing(db: &Db) {
    let mut tx = db.begin().await.expect("begin");
    let valid = kumppani_domain::CatalogEntryDraft { name: "Väliaikainen".into(), description: None }
        .validate()
        .expect("valid");
    let seg = catalog::insert(&mut tx, Kind::Segment, &valid).await.expect("insert segment");
    let user = users::insert(&mut tx, &valid_user("temp", "Temp", "unit_head", true), None).await.expect("user");
    let mut draft = customer_draft("Väliaikainen Oy", Some("0211675-2"), "limited_company", seg);
    draft.manager_id = Some(user);
    customers::insert(&mut tx, &draft.validate().expect("valid")).await.expect("insert customer");
    sessions::create(&mut tx, "temp-session", user).await.expect("session");
    let seen: i64 = tx.fetch_one("SELECT COUNT(*) AS n FROM customers", &[]).await.expect("count").get("n").expect("n");
    assert_eq!(seen, 1, "the transaction sees its own write");
    drop(tx);

    assert_eq!(customers::count(db).await.expect("count"), 0);
    assert_eq!(users::count(db).await.expect("count"), 0);
    assert!(catalog::list(db, Kind::Segment).await.expect("list").is_empty());
    let terms: i64 =
        db.fetch_one("SELECT COUNT(*) AS n FROM customer_terms", &[]).await.expect("terms").get("n").expect("n");
    assert_eq!(terms, 0);
    assert!(sessions::lookup(db, "temp-session").await.expect("lookup").is_none());

    // The dropped transaction released its locks: a new writer gets through at once,
    // and the same unique values are free again.
    let write = async {
        let seg = add_catalog_entry(db, Kind::Segment, "Väliaikainen").await;
        add_customer(db, &customer_draft("Pysyvä Oy", Some("0211675-2"), "limited_company", seg)).await
    };
    let id = tokio::time::timeout(Duration::from_secs(5), write).await.expect("writer was not blocked");
    assert_eq!(customers::get(db, id).await.expect("get").name, "Pysyvä Oy");

    // A transaction that failed part-way and is dropped keeps none of its writes either.
    let mut tx = db.begin().await.expect("begin");
    let valid =
        kumppani_domain::CatalogEntryDraft { name: "Toinen".into(), description: None }.validate().expect("valid");
    catalog::insert(&mut tx, Kind::Segment, &valid).await.expect("insert");
    let dup = catalog::insert(&mut tx, Kind::Segment, &valid).await;
    assert!(matches!(dup, Err(StoreError::Duplicate { .. })), "{dup:?}");
    drop(tx);
    let names: Vec<_> = catalog::list(db, Kind::Segment).await.expect("list").into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["Väliaikainen"]);
}

pub async fn check_sessions(db: &Db) {
    let anna = add_user(db, "anna", "Anna", true).await;
    let disabled = add_user(db, "pois", "Pois Käytöstä", false).await;
    let cecilia = add_user(db, "cecilia", "Cecilia", true).await;
    let since = clock();
    let mut tx = db.begin().await.expect("begin");
    for (hash, user) in [("a1", anna), ("a2", anna), ("d1", disabled), ("c1", cecilia)] {
        sessions::create(&mut tx, hash, user).await.expect("create session");
    }
    tx.commit().await.expect("commit");

    let (user, created, seen) = sessions::lookup(db, "a1").await.expect("lookup").expect("live session");
    assert_eq!((user.id, created), (anna, seen));
    assert_recent(created, since);
    assert!(sessions::lookup(db, "d1").await.expect("lookup").is_none(), "inactive users have no sessions");
    assert!(sessions::lookup(db, "nope").await.expect("lookup").is_none());

    tokio::time::sleep(Duration::from_millis(20)).await;
    sessions::touch(db, "a1").await.expect("touch");
    sessions::touch(db, "nope").await.expect("touching a missing session is harmless");
    let (_, created_after, seen_after) = sessions::lookup(db, "a1").await.expect("lookup").expect("live");
    assert_eq!(created_after, created, "touch keeps the start");
    assert!(seen_after > seen, "touch moves last_seen: {seen} -> {seen_after}");
    let (_, _, other_seen) = sessions::lookup(db, "a2").await.expect("lookup").expect("live");
    assert!(other_seen < seen_after, "touch moves only its own session");

    // Disabling a user hides their sessions; enabling shows them again.
    for (active, version) in [(false, 1), (true, 2)] {
        let mut tx = db.begin().await.expect("begin");
        users::update(&mut tx, cecilia, version, &valid_user("cecilia", "Cecilia", "partnership_manager", active))
            .await
            .expect("update");
        tx.commit().await.expect("commit");
        assert_eq!(sessions::lookup(db, "c1").await.expect("lookup").is_some(), active);
    }

    let mut tx = db.begin().await.expect("begin");
    sessions::delete(&mut tx, "a1").await.expect("delete");
    tx.commit().await.expect("commit");
    assert!(sessions::lookup(db, "a1").await.expect("lookup").is_none());
    assert!(sessions::lookup(db, "a2").await.expect("lookup").is_some());

    let mut tx = db.begin().await.expect("begin");
    sessions::create(&mut tx, "a3", anna).await.expect("create");
    sessions::delete_for_user(&mut tx, anna).await.expect("delete for user");
    tx.commit().await.expect("commit");
    for hash in ["a2", "a3"] {
        assert!(sessions::lookup(db, hash).await.expect("lookup").is_none(), "{hash}");
    }
    assert_eq!(sessions::lookup(db, "c1").await.expect("lookup").map(|s| s.0.id), Some(cecilia));

    let mut tx = db.begin().await.expect("begin");
    let dup = sessions::create(&mut tx, "c1", anna).await;
    assert!(matches!(dup, Err(StoreError::Duplicate { .. })), "{dup:?}");
    drop(tx);
    let mut tx = db.begin().await.expect("begin");
    let orphan = sessions::create(&mut tx, "x1", 987_654).await.expect_err("FK");
    assert!(is_db_error(&orphan, ErrorKind::ForeignKeyViolation), "{orphan:?}");
}
