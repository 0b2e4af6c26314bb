//! A duplicate is reported on the column whose unique constraint refused
//! it, the same on both backends: a table with two unique columns names
//! the one that clashed.

use kumppani_store::catalog::Kind;
use kumppani_store::data_import;
use kumppani_store::{Db, StoreError, subscriptions, users};

use super::harness::{
    TestDb, add_catalog_entry, add_customer, customer_draft, try_add_catalog_entry, try_add_customer, valid_user,
};
use kumppani_testkit::on_both_backends;

fn column(result: &Result<impl std::fmt::Debug, StoreError>) -> Option<String> {
    match result {
        Err(StoreError::Duplicate { column }) => column.clone(),
        other => panic!("expected a duplicate, got {other:?}"),
    }
}

/// Customers are unique by business ID and by external id (the import's).
pub async fn check_customer_business_id_and_external_id(db: &Db) {
    let seg = add_catalog_entry(db, Kind::Segment, "Kunnat").await;
    add_customer(db, &customer_draft("Eka", Some("0211675-2"), "municipality", seg)).await;
    let dup = try_add_customer(db, &customer_draft("Toka", Some("0211675-2"), "municipality", seg)).await;
    assert_eq!(column(&dup).as_deref(), Some("business_id"));

    let imported = |name: &str| {
        (String::from("ext-1"), customer_draft(name, None, "municipality", seg).validate().expect("valid customer"))
    };
    let mut tx = db.begin().await.expect("begin");
    data_import::insert_customers(&mut tx, &[imported("Kolmas")]).await.expect("first import");
    tx.commit().await.expect("commit");
    let mut tx = db.begin().await.expect("begin");
    let dup = data_import::insert_customers(&mut tx, &[imported("Neljäs")]).await;
    assert_eq!(column(&dup).as_deref(), Some("external_id"));
}

/// A user by username; segments and services by name; a subscription by
/// the service a customer already buys.
pub async fn check_other_tables(db: &Db) {
    let mut tx = db.begin().await.expect("begin");
    users::insert(&mut tx, &valid_user("maija", "Maija", "staff", true), None).await.expect("insert user");
    tx.commit().await.expect("commit");
    let mut tx = db.begin().await.expect("begin");
    let dup = users::insert(&mut tx, &valid_user("maija", "Toinen Maija", "staff", true), None).await;
    assert_eq!(column(&dup).as_deref(), Some("username"));
    drop(tx);

    let seg = add_catalog_entry(db, Kind::Segment, "Kunnat").await;
    assert_eq!(column(&try_add_catalog_entry(db, Kind::Segment, "Kunnat").await).as_deref(), Some("name"));
    let service = add_catalog_entry(db, Kind::Service, "Palkat").await;
    assert_eq!(column(&try_add_catalog_entry(db, Kind::Service, "Palkat").await).as_deref(), Some("name"));

    let customer = add_customer(db, &customer_draft("Eka", None, "municipality", seg)).await;
    let mut tx = db.begin().await.expect("begin");
    subscriptions::insert(&mut tx, customer, service, false).await.expect("subscribe");
    let dup = subscriptions::insert(&mut tx, customer, service, true).await;
    assert_eq!(column(&dup).as_deref(), Some("service_id"));
}

// The macro of `conformance.rs`, declared before this module.
on_both_backends! { TestDb;
    check_customer_business_id_and_external_id => sqlite_customer_uniques, postgres_customer_uniques;
    check_other_tables => sqlite_other_uniques, postgres_other_uniques;
}
