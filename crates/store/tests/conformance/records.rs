//! Schema, plain records, optimistic concurrency and constraints.
use kumppani_store::testing::RawSql;

use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use kumppani_domain::{CatalogEntryDraft, ContactDraft, Name, OrgType, Role, Text, ValidCustomer};
use kumppani_store::catalog::{self, Kind};
use kumppani_store::customers::EditScope;
use kumppani_store::{Backend, Db, StoreError, Value, audit, contacts, customers, subscriptions, users};
use sqlx::error::ErrorKind;

use crate::harness::*;

pub async fn check_migrations_are_idempotent(db: &Db) {
    // The harness migrated once already.
    db.migrate().await.expect("second migrate");
    db.migrate().await.expect("third migrate");
    db.ping().await.expect("ping");
    let folder = match db.backend() {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let dir = format!("{}/migrations/{folder}", env!("CARGO_MANIFEST_DIR"));
    let files = std::fs::read_dir(&dir)
        .expect("migrations folder")
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql")))
        .count() as i64;
    assert!(files > 0);
    let applied: i64 = db
        .fetch_one("SELECT COUNT(*) AS n FROM _sqlx_migrations WHERE success", &[])
        .await
        .expect("migrations table")
        .get("n")
        .expect("n");
    assert_eq!(applied, files, "each migration is recorded once");
    assert_eq!(users::count(db).await.expect("users"), 0);
    assert_eq!(customers::count(db).await.expect("customers"), 0);
    assert_eq!(audit::count(db).await.expect("audit"), 0);
}

pub async fn check_values_round_trip(db: &Db) {
    let at = Utc.with_ymd_and_hms(2024, 2, 29, 23, 59, 58).single().expect("time") + TimeDelta::microseconds(123_456);
    let day = NaiveDate::from_ymd_opt(2024, 2, 29).expect("date");
    let sql = "SELECT $1 AS i, $2 AS t, $3 AS b, $4 AS f, $5 AS ts, $6 AS d";
    let params: Vec<Value> =
        vec![(-42_i64).into(), "Åke Ärölä".into(), true.into(), false.into(), at.into(), day.into()];
    let row = db.fetch_one(sql, &params).await.expect("select values");
    assert_eq!(row.get::<i64>("i").expect("i"), -42);
    assert_eq!(row.get::<String>("t").expect("t"), "Åke Ärölä");
    assert!(row.get::<bool>("b").expect("b"));
    assert!(!row.get::<bool>("f").expect("f"));
    assert_eq!(row.get::<chrono::DateTime<Utc>>("ts").expect("ts"), at);
    assert_eq!(row.get::<NaiveDate>("d").expect("d"), day);

    let nulls = [
        Value::Int(None),
        Value::Text(None),
        Value::Bool(None),
        Value::Bool(None),
        Value::Time(None),
        Value::Date(None),
    ];
    let row = db.fetch_one(sql, &nulls).await.expect("select nulls");
    assert_eq!(row.get::<Option<i64>>("i").expect("i"), None);
    assert_eq!(row.get::<Option<String>>("t").expect("t"), None);
    assert_eq!(row.get::<Option<bool>>("b").expect("b"), None);
    assert_eq!(row.get::<Option<chrono::DateTime<Utc>>>("ts").expect("ts"), None);
    assert_eq!(row.get::<Option<NaiveDate>>("d").expect("d"), None);
    assert!(matches!(db.fetch_one("SELECT 1 AS one WHERE 1 = 0", &[]).await, Err(StoreError::NotFound)));
}

pub async fn check_users(db: &Db) {
    let since = clock();
    let mut tx = db.begin().await.expect("begin");
    let mut liisa = valid_user(" Liisa.V ", "Liisa Virtanen", "unit_head", true);
    liisa.email = Some(kumppani_domain::Email::parse("liisa@tampere.fi").expect("email"));
    let liisa_id = users::insert(&mut tx, &liisa, Some("$argon2id$hash")).await.expect("insert liisa");
    let aino_id = users::insert(&mut tx, &valid_user("aino", "Aino Äijälä", "staff", false), None).await.expect("aino");
    tx.commit().await.expect("commit");

    let u = users::get(db, liisa_id).await.expect("get");
    assert_eq!((u.username.as_str(), u.display_name.as_str()), ("liisa.v", "Liisa Virtanen"));
    assert_eq!(u.email.as_deref(), Some("liisa@tampere.fi"));
    assert_eq!((u.role, u.active, u.version), (Role::UnitHead, true, 1));
    assert_recent(u.created_at, since);
    assert_eq!(u.created_at, u.updated_at);
    let a = users::get(db, aino_id).await.expect("get aino");
    assert_eq!((a.email, a.role, a.active), (None, Role::Staff, false));

    let names: Vec<_> = users::list(db).await.expect("list").into_iter().map(|u| u.display_name).collect();
    assert_eq!(names, ["Aino Äijälä", "Liisa Virtanen"]);
    assert_eq!(users::count(db).await.expect("count"), 2);
    let (found, hash) = users::credentials(db, "liisa.v").await.expect("credentials").expect("liisa exists");
    assert_eq!((found.id, hash.as_deref()), (liisa_id, Some("$argon2id$hash")));
    let (_, no_hash) = users::credentials(db, "aino").await.expect("credentials").expect("aino exists");
    assert_eq!(no_hash, None);
    assert!(users::credentials(db, "nobody").await.expect("credentials").is_none());
    assert!(matches!(users::get(db, 987_654).await, Err(StoreError::NotFound)));

    // Optimistic updates: the version moves by one per write.
    let mut tx = db.begin().await.expect("begin");
    users::update(&mut tx, aino_id, 1, &valid_user("aino.a", "Aino Ä", "project_manager", true)).await.expect("update");
    tx.commit().await.expect("commit");
    let a = users::get(db, aino_id).await.expect("get");
    assert_eq!((a.username.as_str(), a.role, a.active, a.version), ("aino.a", Role::ProjectManager, true, 2));
    assert!(a.updated_at >= a.created_at);

    let mut tx = db.begin().await.expect("begin");
    let stale = users::update(&mut tx, aino_id, 1, &valid_user("aino.b", "Aino B", "staff", true)).await;
    assert!(matches!(stale, Err(StoreError::Conflict { current: 2 })), "{stale:?}");
    let missing = users::update(&mut tx, 987_654, 1, &valid_user("ghost", "Ghost", "staff", true)).await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
    users::set_password(&mut tx, aino_id, "new-hash").await.expect("set password");
    assert!(matches!(users::set_password(&mut tx, 987_654, "x").await, Err(StoreError::NotFound)));
    tx.commit().await.expect("commit");
    assert_eq!(users::get(db, aino_id).await.expect("get").version, 3);
    let (_, hash) = users::credentials(db, "aino.a").await.expect("credentials").expect("exists");
    assert_eq!(hash.as_deref(), Some("new-hash"));
    assert_eq!(users::get(db, aino_id).await.expect("get").username, "aino.a", "stale update wrote nothing");

    // Usernames are unique, on insert and on update.
    let mut tx = db.begin().await.expect("begin");
    let dup = users::insert(&mut tx, &valid_user("liisa.v", "Toinen Liisa", "staff", true), None).await;
    assert!(matches!(&dup, Err(StoreError::Duplicate { column: Some(c) }) if c == "username"), "{dup:?}");
    drop(tx);
    let mut tx = db.begin().await.expect("begin");
    let dup = users::update(&mut tx, aino_id, 3, &valid_user("liisa.v", "Aino", "staff", true)).await;
    assert!(matches!(dup, Err(StoreError::Duplicate { .. })), "{dup:?}");
    drop(tx);
    assert_eq!(users::count(db).await.expect("count"), 2);
}

pub async fn check_named_records(db: &Db) {
    for kind in [Kind::Segment, Kind::Service] {
        let since = clock();
        let b = add_catalog_entry(db, kind, "Kuntayhtymät").await;
        let a = add_catalog_entry(db, kind, "Alueelliset palvelut").await;
        let list = catalog::list(db, kind).await.expect("list");
        let names: Vec<_> = list.iter().map(|n| (n.id, n.name.as_str())).collect();
        assert_eq!(names, [(a, "Alueelliset palvelut"), (b, "Kuntayhtymät")], "{kind:?}");
        let got = catalog::get(db, kind, b).await.expect("get");
        assert_eq!((got.description.as_str(), got.customer_count, got.version), ("Kuvaus: Kuntayhtymät", 0, 1));
        assert_recent(got.created_at, since);

        let renamed =
            CatalogEntryDraft { name: "Kuntayhtymät ja liitot".into(), description: None }.validate().expect("valid");
        let mut tx = db.begin().await.expect("begin");
        catalog::update(&mut tx, kind, b, 1, &renamed).await.expect("update");
        let stale = catalog::update(&mut tx, kind, b, 1, &renamed).await;
        assert!(matches!(stale, Err(StoreError::Conflict { current: 2 })), "{stale:?}");
        let missing = catalog::update(&mut tx, kind, 987_654, 1, &renamed).await;
        assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
        tx.commit().await.expect("commit");
        let got = catalog::get(db, kind, b).await.expect("get");
        assert_eq!((got.name.as_str(), got.description.as_str(), got.version), ("Kuntayhtymät ja liitot", "", 2));

        // Names are unique within a kind, on insert and on update.
        let dup = try_add_catalog_entry(db, kind, "Alueelliset palvelut").await;
        assert!(matches!(dup, Err(StoreError::Duplicate { .. })), "{kind:?}: {dup:?}");
        let mut tx = db.begin().await.expect("begin");
        let taken =
            CatalogEntryDraft { name: "Alueelliset palvelut".into(), description: None }.validate().expect("valid");
        let dup = catalog::update(&mut tx, kind, b, 2, &taken).await;
        assert!(matches!(dup, Err(StoreError::Duplicate { .. })), "{kind:?}: {dup:?}");
        drop(tx);
        assert_eq!(catalog::list(db, kind).await.expect("list").len(), 2);
        assert!(matches!(catalog::get(db, kind, 987_654).await, Err(StoreError::NotFound)));
    }
}

pub async fn check_customers(db: &Db) {
    let seg = add_catalog_entry(db, Kind::Segment, "Kunnat").await;
    let other_seg = add_catalog_entry(db, Kind::Segment, "Hyvinvointialueet").await;
    let manager = add_user(db, "matti", "Matti Meikäläinen", true).await;
    let deputy = add_user(db, "maija", "Maija Mäkelä", true).await;
    let since = clock();
    let mut draft = customer_draft("Tampereen  kaupunki", Some("0211675-2"), "municipality", seg);
    draft.manager_id = Some(manager);
    draft.deputy_id = Some(deputy);
    draft.notes = Some("Sopimus uusittava\n2026".into());
    let id = add_customer(db, &draft).await;

    let c = customers::get(db, id).await.expect("get");
    assert_eq!((c.name.as_str(), c.business_id.as_deref()), ("Tampereen kaupunki", Some("0211675-2")));
    assert_eq!((c.org_type, c.segment_id, c.segment_name.as_str()), (OrgType::Municipality, seg, "Kunnat"));
    assert_eq!((c.manager_id, c.manager_name.as_deref()), (Some(manager), Some("Matti Meikäläinen")));
    assert_eq!((c.deputy_id, c.deputy_name.as_deref()), (Some(deputy), Some("Maija Mäkelä")));
    assert_eq!((c.notes.as_str(), c.version), ("Sopimus uusittava\n2026", 1));
    assert_recent(c.created_at, since);
    assert_eq!(catalog::get(db, Kind::Segment, seg).await.expect("segment").customer_count, 1);

    let mut changed = customer_draft("Tampere", Some("0211675-2"), "other", other_seg);
    changed.manager_id = Some(deputy);
    let changed = changed.validate().expect("valid");
    let mut tx = db.begin().await.expect("begin");
    assert!(customers::business_id_taken(&mut tx, "0211675-2", None).await.expect("taken"));
    assert!(!customers::business_id_taken(&mut tx, "0211675-2", Some(id)).await.expect("taken"));
    assert!(!customers::business_id_taken(&mut tx, "0737546-2", None).await.expect("taken"));
    customers::update(&mut tx, id, 1, &changed, &EditScope::All).await.expect("update");
    let stale = customers::update(&mut tx, id, 1, &changed, &EditScope::All).await;
    assert!(matches!(stale, Err(StoreError::Conflict { current: 2 })), "{stale:?}");
    assert!(matches!(
        customers::update(&mut tx, 987_654, 1, &changed, &EditScope::All).await,
        Err(StoreError::NotFound)
    ));
    tx.commit().await.expect("commit");
    let c = customers::get(db, id).await.expect("get");
    assert_eq!(
        (c.name.as_str(), c.org_type, c.segment_name.as_str(), c.version),
        ("Tampere", OrgType::Other, "Hyvinvointialueet", 2)
    );
    assert_eq!((c.manager_name.as_deref(), c.deputy_id, c.deputy_name), (Some("Maija Mäkelä"), None, None));
    assert_eq!(c.notes, "");
    assert!(matches!(customers::get(db, 987_654).await, Err(StoreError::NotFound)));

    // The business ID is unique; a customer without one never collides.
    let dup = try_add_customer(db, &customer_draft("Toinen", Some("0211675-2"), "other", seg)).await;
    assert!(matches!(&dup, Err(StoreError::Duplicate { column: Some(c) }) if c == "business_id"), "{dup:?}");
    let second = add_customer(db, &customer_draft("Ilman tunnusta", None, "other", seg)).await;
    add_customer(db, &customer_draft("Myös ilman", Some(" "), "other", seg)).await;
    let mut tx = db.begin().await.expect("begin");
    let renamed = customer_draft("X", Some("0211675-2"), "other", seg).validate().expect("valid");
    let dup = customers::update(&mut tx, second, 1, &renamed, &EditScope::All).await;
    assert!(matches!(dup, Err(StoreError::Duplicate { .. })), "{dup:?}");
    drop(tx);

    // The database itself refuses a deputy who is the manager, and unknown references.
    let same_person = ValidCustomer {
        name: Name::parse("Sama henkilö").expect("name"),
        business_id: None,
        org_type: OrgType::Agency,
        segment_id: seg,
        manager_id: Some(manager),
        deputy_id: Some(manager),
        notes: Text::default(),
        workload_weight: 1,
    };
    let mut tx = db.begin().await.expect("begin");
    let refused = customers::insert(&mut tx, &same_person).await.expect_err("CHECK refuses");
    assert!(is_db_error(&refused, ErrorKind::CheckViolation), "{refused:?}");
    drop(tx);
    let mut tx = db.begin().await.expect("begin");
    let refused =
        customers::update(&mut tx, second, 1, &same_person, &EditScope::All).await.expect_err("CHECK refuses");
    assert!(is_db_error(&refused, ErrorKind::CheckViolation), "{refused:?}");
    drop(tx);
    // Workload weights outside 1–100 are refused by the database too.
    for weight in [0, 101] {
        let heavy = ValidCustomer { deputy_id: None, workload_weight: weight, ..same_person.clone() };
        let mut tx = db.begin().await.expect("begin");
        let refused = customers::insert(&mut tx, &heavy).await.expect_err("CHECK refuses the weight");
        assert!(is_db_error(&refused, ErrorKind::CheckViolation), "{weight}: {refused:?}");
        drop(tx);
    }
    let unknown = try_add_customer(db, &customer_draft("Orpo", None, "other", 987_654)).await.expect_err("FK");
    assert!(is_db_error(&unknown, ErrorKind::ForeignKeyViolation), "{unknown:?}");
    assert_eq!(customers::count(db).await.expect("count"), 3);
    assert_eq!(customers::get(db, second).await.expect("get").version, 1);
}

pub async fn check_contacts(db: &Db) {
    let seg = add_catalog_entry(db, Kind::Segment, "Kunnat").await;
    let customer = add_customer(db, &customer_draft("Oulun kaupunki", None, "municipality", seg)).await;
    let draft = |name: &str, email: Option<&str>, phone: Option<&str>| {
        ContactDraft {
            name: name.into(),
            title: Some("Tietohallintojohtaja".into()),
            email: email.map(Into::into),
            phone: phone.map(Into::into),
        }
        .validate()
        .expect("valid contact")
    };
    let since = clock();
    let mut tx = db.begin().await.expect("begin");
    let ville =
        contacts::insert(&mut tx, customer, &draft("Ville Östman", Some("ville@ouka.fi"), Some("+358  40 123 4567")))
            .await
            .expect("insert");
    let anna = contacts::insert(&mut tx, customer, &draft("Anna Åberg", None, None)).await.expect("insert");
    tx.commit().await.expect("commit");

    let list = contacts::for_customer(db, customer).await.expect("list");
    assert_eq!(list.iter().map(|c| c.id).collect::<Vec<_>>(), [anna, ville]);
    let v = contacts::get(db, ville).await.expect("get");
    assert_eq!((v.customer_id, v.name.as_str(), v.title.as_str()), (customer, "Ville Östman", "Tietohallintojohtaja"));
    assert_eq!(
        (v.email.as_deref(), v.phone.as_deref(), v.version),
        (Some("ville@ouka.fi"), Some("+358 40 123 4567"), 1)
    );
    assert_recent(v.created_at, since);
    assert_eq!((list[0].email.as_deref(), list[0].phone.as_deref()), (None, None));
    assert!(contacts::for_customer(db, customer + 1).await.expect("list").is_empty());

    let mut tx = db.begin().await.expect("begin");
    contacts::update(&mut tx, ville, 1, &draft("Ville Östman", None, Some("040 1234567"))).await.expect("update");
    let stale = contacts::update(&mut tx, ville, 1, &draft("X", None, None)).await;
    assert!(matches!(stale, Err(StoreError::Conflict { current: 2 })), "{stale:?}");
    assert!(matches!(contacts::update(&mut tx, 987_654, 1, &draft("X", None, None)).await, Err(StoreError::NotFound)));
    assert!(matches!(contacts::delete(&mut tx, ville, 1).await, Err(StoreError::Conflict { current: 2 })));
    tx.commit().await.expect("commit");
    let v = contacts::get(db, ville).await.expect("get");
    assert_eq!((v.email, v.phone.as_deref(), v.version), (None, Some("040 1234567"), 2));

    let mut tx = db.begin().await.expect("begin");
    contacts::delete(&mut tx, ville, 2).await.expect("delete");
    assert!(matches!(contacts::delete(&mut tx, ville, 2).await, Err(StoreError::NotFound)));
    tx.commit().await.expect("commit");
    assert!(matches!(contacts::get(db, ville).await, Err(StoreError::NotFound)));
    assert_eq!(contacts::for_customer(db, customer).await.expect("list").len(), 1);

    let mut tx = db.begin().await.expect("begin");
    let orphan = contacts::insert(&mut tx, 987_654, &draft("Orpo", None, None)).await.expect_err("FK");
    assert!(is_db_error(&orphan, ErrorKind::ForeignKeyViolation), "{orphan:?}");
}

pub async fn check_subscriptions(db: &Db) {
    let seg = add_catalog_entry(db, Kind::Segment, "Kunnat").await;
    let customer = add_customer(db, &customer_draft("Porin kaupunki", None, "municipality", seg)).await;
    let other = add_customer(db, &customer_draft("Rauman kaupunki", None, "municipality", seg)).await;
    let payroll = add_catalog_entry(db, Kind::Service, "Palkanlaskenta").await;
    let records = add_catalog_entry(db, Kind::Service, "Asianhallinta").await;
    let finance = add_catalog_entry(db, Kind::Service, "Taloushallinto").await;
    let since = clock();
    let mut tx = db.begin().await.expect("begin");
    let p = subscriptions::insert(&mut tx, customer, payroll, false).await.expect("insert");
    let f = subscriptions::insert(&mut tx, customer, finance, false).await.expect("insert");
    let r = subscriptions::insert(&mut tx, customer, records, true).await.expect("insert");
    subscriptions::insert(&mut tx, other, payroll, true).await.expect("insert");
    tx.commit().await.expect("commit");

    // Critical first, then by service name.
    let list = subscriptions::for_customer(db, customer).await.expect("list");
    let got: Vec<_> = list.iter().map(|s| (s.id, s.service_name.as_str(), s.critical)).collect();
    assert_eq!(got, [(r, "Asianhallinta", true), (p, "Palkanlaskenta", false), (f, "Taloushallinto", false)]);
    let s = subscriptions::get(db, p).await.expect("get");
    assert_eq!((s.customer_id, s.service_id, s.critical, s.version), (customer, payroll, false, 1));
    assert_recent(s.created_at, since);
    assert_eq!(catalog::get(db, Kind::Service, payroll).await.expect("service").customer_count, 2);
    assert_eq!(catalog::get(db, Kind::Service, records).await.expect("service").customer_count, 1);

    let mut tx = db.begin().await.expect("begin");
    subscriptions::set_critical(&mut tx, p, 1, true).await.expect("set critical");
    assert!(matches!(
        subscriptions::set_critical(&mut tx, p, 1, false).await,
        Err(StoreError::Conflict { current: 2 })
    ));
    assert!(matches!(subscriptions::set_critical(&mut tx, 987_654, 1, false).await, Err(StoreError::NotFound)));
    tx.commit().await.expect("commit");
    let s = subscriptions::get(db, p).await.expect("get");
    assert_eq!((s.critical, s.version), (true, 2));
    let mut tx = db.begin().await.expect("begin");
    subscriptions::set_critical(&mut tx, r, 1, false).await.expect("clear critical");
    tx.commit().await.expect("commit");
    assert!(!subscriptions::get(db, r).await.expect("get").critical);

    let mut tx = db.begin().await.expect("begin");
    let dup = subscriptions::insert(&mut tx, customer, payroll, true).await;
    assert!(matches!(dup, Err(StoreError::Duplicate { .. })), "{dup:?}");
    drop(tx);

    let mut tx = db.begin().await.expect("begin");
    assert!(matches!(subscriptions::delete(&mut tx, f, 2).await, Err(StoreError::Conflict { current: 1 })));
    subscriptions::delete(&mut tx, f, 1).await.expect("delete");
    assert!(matches!(subscriptions::delete(&mut tx, f, 1).await, Err(StoreError::NotFound)));
    tx.commit().await.expect("commit");
    assert!(matches!(subscriptions::get(db, f).await, Err(StoreError::NotFound)));
    let ids: Vec<_> = subscriptions::for_customer(db, customer).await.expect("list").iter().map(|s| s.id).collect();
    assert_eq!(ids, [p, r]);
}

/// Every list orders by code point (then id) on both backends, whatever the
/// PostgreSQL server's locale: upper case before lower case, Ä before Å before Ö.
pub async fn check_lists_order_by_code_point(db: &Db) {
    let names = ["Ville Virta", "aino Aalto", "Äijälä Äimä", "Östman Öhman", "Zeta Zoo", "Åke Åberg", "Oy Ab"];
    let mut expected: Vec<&str> = names.to_vec();
    expected.sort();
    assert_eq!(
        expected,
        ["Oy Ab", "Ville Virta", "Zeta Zoo", "aino Aalto", "Äijälä Äimä", "Åke Åberg", "Östman Öhman"]
    );

    let seg = add_catalog_entry(db, Kind::Segment, "Kunnat").await;
    let customer = add_customer(db, &customer_draft("Kuopion kaupunki", None, "municipality", seg)).await;
    let mut tx = db.begin().await.expect("begin");
    for (i, name) in names.iter().enumerate() {
        users::insert(&mut tx, &valid_user(&format!("user{i}"), name, "staff", true), None).await.expect("user");
        let contact = ContactDraft { name: (*name).into(), ..ContactDraft::default() }.validate().expect("valid");
        contacts::insert(&mut tx, customer, &contact).await.expect("contact");
    }
    tx.commit().await.expect("commit");
    for name in names {
        add_catalog_entry(db, Kind::Service, name).await;
        if name != "Kunnat" {
            add_catalog_entry(db, Kind::Segment, name).await;
        }
    }
    let services_list = catalog::list(db, Kind::Service).await.expect("services");
    let mut tx = db.begin().await.expect("begin");
    for s in &services_list {
        subscriptions::insert(&mut tx, customer, s.id, false).await.expect("subscribe");
    }
    tx.commit().await.expect("commit");

    let users_order: Vec<_> = users::list(db).await.expect("users").into_iter().map(|u| u.display_name).collect();
    assert_eq!(users_order, expected, "users::list");
    let contacts_order: Vec<_> =
        contacts::for_customer(db, customer).await.expect("contacts").into_iter().map(|c| c.name).collect();
    assert_eq!(contacts_order, expected, "contacts::for_customer");
    let service_order: Vec<_> = services_list.into_iter().map(|s| s.name).collect();
    assert_eq!(service_order, expected, "catalog::list(Service)");
    let mut with_kunnat = expected.clone();
    with_kunnat.insert(0, "Kunnat");
    let segment_order: Vec<_> =
        catalog::list(db, Kind::Segment).await.expect("segments").into_iter().map(|s| s.name).collect();
    assert_eq!(segment_order, with_kunnat, "catalog::list(Segment)");
    let subscription_order: Vec<_> = subscriptions::for_customer(db, customer)
        .await
        .expect("subscriptions")
        .into_iter()
        .map(|s| s.service_name)
        .collect();
    assert_eq!(subscription_order, expected, "subscriptions::for_customer");
}
