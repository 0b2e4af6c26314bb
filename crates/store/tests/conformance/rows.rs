//! Rows as the store writes and reads them: the bulk import writes a
//! customer's columns from the same list as the customer form does, and a
//! stored key that its list does not hold reads as an error naming it.

use kumppani_domain::CustomerDraft;
use kumppani_store::catalog::Kind;
use kumppani_store::testing::RawSql;
use kumppani_store::{Db, StoreError, customers, data_import, users};

use super::harness::{TestDb, add_catalog_entry, add_customer, add_user, customer_draft};
use kumppani_testkit::on_both_backends;

pub async fn check_imported_customer_keeps_its_workload_weight(db: &Db) {
    let seg = add_catalog_entry(db, Kind::Segment, "Kunnat").await;
    let draft = CustomerDraft { workload_weight: Some(7), ..customer_draft("Raskas", None, "municipality", seg) };
    let valid = draft.validate().expect("valid customer");
    let mut tx = db.begin().await.expect("begin");
    let ids = data_import::insert_customers(&mut tx, &[("ext-7".to_owned(), valid)]).await.expect("import");
    tx.commit().await.expect("commit");
    let [(id, external_id)] = ids.as_slice() else { panic!("one customer imported, got {ids:?}") };
    assert_eq!(external_id, "ext-7");
    assert_eq!(customers::get(db, *id).await.expect("read back").workload_weight, 7);
}

pub async fn check_unknown_stored_key_is_an_error(db: &Db) {
    let user = add_user(db, "maija", "Maija", true).await;
    db.execute("UPDATE users SET role = 'emperor' WHERE id = $1", &[user.into()]).await.expect("set role");
    match users::get(db, user).await {
        Err(StoreError::Malformed(message)) => assert!(message.contains("emperor"), "{message}"),
        other => panic!("expected a malformed row, got {other:?}"),
    }

    let seg = add_catalog_entry(db, Kind::Segment, "Kunnat").await;
    let customer = add_customer(db, &customer_draft("Eka", None, "municipality", seg)).await;
    db.execute("UPDATE customers SET org_type = 'guild' WHERE id = $1", &[customer.into()]).await.expect("set type");
    match customers::get(db, customer).await {
        Err(StoreError::Malformed(message)) => assert!(message.contains("guild"), "{message}"),
        other => panic!("expected a malformed row, got {other:?}"),
    }
}

// The macro of `conformance.rs`, declared before this module.
on_both_backends! { TestDb;
    check_imported_customer_keeps_its_workload_weight => sqlite_imported_customer_keeps_its_workload_weight, postgres_imported_customer_keeps_its_workload_weight;
    check_unknown_stored_key_is_an_error => sqlite_unknown_stored_key_is_an_error, postgres_unknown_stored_key_is_an_error;
}
