use super::*;
use crate::policy;
use kumppani_store::audit;
use kumppani_testkit::{RawSql, TestDb};

async fn temp_db() -> TestDb {
    let db = kumppani_testkit::sqlite().await;
    for (name, role) in [("kp.one", "partnership_manager"), ("staffer", "staff")] {
        db.execute(
            "INSERT INTO users (username, display_name, role, created_at, updated_at) VALUES ($1, $1, $2, $3, $3)",
            &[name.into(), role.into(), chrono::Utc::now().into()],
        )
        .await
        .expect("user");
    }
    db
}

async fn import(db: &Db, kind: ImportKind, csv: &str) -> ImportReport {
    let permit = policy::permit::<ImportData>(db, &Actor::system()).await.expect("system may import");
    run(db, &permit, kind, "test.csv", csv.as_bytes(), &|_| {}).await.expect("import runs")
}

async fn count(db: &Db, table: &str) -> i64 {
    db.fetch_one(&format!("SELECT COUNT(*) AS n FROM {table}"), &[]).await.expect("count").get("n").expect("n")
}

const CUSTOMERS: &str = "external_id,name,business_id,org_type,segment,manager,notes
c1,Tampereen kaupunki,0211675-2,municipality,Kunnat,kp.one,
c2,  ,,,Kunnat,,
c3,Staff Owned Oy,,limited_company,Yritykset,staffer,
c4,Bad Id Oy,1234567-2,,Yritykset,,
c1,Again,,,Kunnat,,
c5,Pirkkala,,,Kunnat,nobody,
c6,Espoo,,,Kunnat,,\"multi
line note\"
";

#[tokio::test]
async fn customers_import_reports_bad_rows_by_line_and_is_idempotent() {
    let db = temp_db().await;
    let report = import(&db, ImportKind::Customers, CUSTOMERS).await;
    assert_eq!((report.rows, report.created, report.rejected, report.unchanged), (7, 2, 5, 0), "{report:?}");
    assert_eq!(report.segments_created, 2);
    let errors: Vec<(u64, &str, &str)> =
        report.errors.iter().map(|e| (e.line, e.field.as_str(), e.code.as_str())).collect();
    assert_eq!(
        errors,
        [
            (3, "name", "error-required"),
            (4, "manager", "error-not-a-manager"),
            (5, "business_id", "error-business-id-checksum"),
            (6, "external_id", "error-import-duplicate"),
            (7, "manager", "error-not-found"),
        ]
    );
    assert_eq!(count(&db, "customers").await, 2);
    // Found by search like any customer.
    assert_eq!(count(&db, "customer_terms WHERE term = 'tampereen'").await, 1);
    let notes: String = db
        .fetch_one("SELECT notes FROM customers WHERE external_id = 'c6'", &[])
        .await
        .expect("c6")
        .get("notes")
        .expect("notes");
    assert_eq!(notes, "multi\nline note");

    // One summary audit row for the batch, not one per customer.
    let audit_rows = audit::count(&db).await.expect("audit");
    assert_eq!(audit_rows, 1);

    // Every row whose external id is now here (c1 twice, c6) is left alone.
    let again = import(&db, ImportKind::Customers, CUSTOMERS).await;
    assert_eq!((again.created, again.unchanged), (0, 3), "{again:?}");
    assert_eq!(count(&db, "customers").await, 2);
}

#[tokio::test]
async fn contacts_and_activities_attach_to_imported_customers() {
    let db = temp_db().await;
    import(&db, ImportKind::Customers, CUSTOMERS).await;
    let contacts = "external_id,customer,name,email,phone\n\
                    p1,c1,Liisa Virtanen,liisa@example.fi,+358 40 123 4567\n\
                    p2,c9,Nobody,,\n\
                    p3,c1,Bad Mail,nope,\n";
    let report = import(&db, ImportKind::Contacts, contacts).await;
    assert_eq!((report.created, report.rejected), (1, 2), "{report:?}");
    assert_eq!(report.errors[0].field, "customer");
    assert_eq!((report.errors[1].line, report.errors[1].field.as_str()), (4, "email"));

    let activities = "external_id,customer,date,kind,title,owner\n\
                      a1,c1,2026-03-01 10:00:00+00:00,meeting,Kick-off,kp.one\n\
                      a2,c1,2026-03-02,party,Fun,\n\
                      a3,c6,2026-03-03,call,Check-in,ghost\n\
                      a4,c6,2026-03-04,email,Offer,\n";
    let report = import(&db, ImportKind::Activities, activities).await;
    assert_eq!((report.created, report.rejected), (2, 2), "{report:?}");
    assert_eq!(count(&db, "customer_activities").await, 2);
    let again = import(&db, ImportKind::Activities, activities).await;
    assert_eq!((again.created, again.unchanged), (0, 2));
}

#[tokio::test]
async fn a_file_without_required_columns_is_refused_whole() {
    let db = temp_db().await;
    let permit = policy::permit::<ImportData>(&db, &Actor::system()).await.expect("permit");
    let err = run(&db, &permit, ImportKind::Contacts, "x.csv", "name,email\nA,a@b.fi\n".as_bytes(), &|_| {})
        .await
        .expect_err("missing columns");
    let AppError::Invalid(invalid) = err else { panic!("{err:?}") };
    let fields: Vec<_> = invalid.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["external_id", "customer"]);
}

#[tokio::test]
async fn large_files_are_written_in_batches_with_one_audit_row_each() {
    let db = temp_db().await;
    let mut csv = String::from("external_id,name,segment\n");
    let n = BATCH_ROWS + 7;
    for i in 0..n {
        csv.push_str(&format!("x{i},Asiakas {i},Kunnat\n"));
    }
    let seen = std::sync::Mutex::new(Vec::new());
    let permit = policy::permit::<ImportData>(&db, &Actor::system()).await.expect("permit");
    let report = run(&db, &permit, ImportKind::Customers, "big.csv", csv.as_bytes(), &|p| {
        seen.lock().expect("lock").push(p.rows)
    })
    .await
    .expect("import");
    assert_eq!(report.created, n as u64);
    assert_eq!(*seen.lock().expect("lock"), [BATCH_ROWS as u64, n as u64]);
    assert_eq!(audit::count(&db).await.expect("audit"), 2);
    assert_eq!(count(&db, "customers").await, n as i64);
}

#[test]
fn file_names_are_base_names_of_bounded_length() {
    assert_eq!(file_name("asiakkaat.csv"), "asiakkaat.csv");
    assert_eq!(file_name("/home/esimies/Lataukset/asiakkaat.csv"), "asiakkaat.csv");
    assert_eq!(file_name("C:\\Users\\esimies\\asiakkaat.csv"), "asiakkaat.csv");
    assert_eq!(file_name(" ../../x\n.csv "), "x.csv");
    assert_eq!(file_name("kansio/"), "import.csv");
    let long = "ä".repeat(1024 * 1024);
    assert_eq!(file_name(&long), "ä".repeat(MAX_FILE_NAME_CHARS));
}
