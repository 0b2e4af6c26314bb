//! The bulk import writes a customer's columns from the same list as the
//! customer form does: nothing the form keeps is lost on the way in.

use kumppani_domain::CustomerDraft;
use kumppani_store::named::Kind;
use kumppani_store::{Db, customers, data_import};

use super::harness::{self, add_named, customer_draft};

pub async fn check_imported_customer_keeps_its_workload_weight(db: &Db) {
    let seg = add_named(db, Kind::Segment, "Kunnat").await;
    let draft = CustomerDraft { workload_weight: Some(7), ..customer_draft("Raskas", None, "municipality", seg) };
    let valid = draft.validate().expect("valid customer");
    let mut tx = db.begin().await.expect("begin");
    let ids = data_import::insert_customers(&mut tx, &[("ext-7".to_owned(), valid)]).await.expect("import");
    tx.commit().await.expect("commit");
    let [(id, external_id)] = ids.as_slice() else { panic!("one customer imported, got {ids:?}") };
    assert_eq!(external_id, "ext-7");
    assert_eq!(customers::get(db, *id).await.expect("read back").workload_weight, 7);
}

#[tokio::test]
async fn sqlite_imported_customer_keeps_its_workload_weight() {
    let t = harness::sqlite().await;
    check_imported_customer_keeps_its_workload_weight(&t.db).await;
    t.finish().await;
}

#[tokio::test]
async fn postgres_imported_customer_keeps_its_workload_weight() {
    let Some(t) = harness::postgres().await else { return };
    check_imported_customer_keeps_its_workload_weight(&t.db).await;
    t.finish().await;
}
