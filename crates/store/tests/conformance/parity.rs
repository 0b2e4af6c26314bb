//! The two migration trees describe one schema: after migrating, SQLite and
//! PostgreSQL have the same tables, columns, nullability, CHECK constraints
//! and indexes (as `kumppani_store::schema` compares them).

use kumppani_store::schema;

use crate::harness;

#[tokio::test]
async fn both_migration_trees_give_the_same_schema() {
    let Some(pg) = harness::postgres().await else { return };
    let lite = harness::sqlite().await;
    let (a, b) = (
        schema::describe(&lite.db).await.expect("SQLite schema"),
        schema::describe(&pg.db).await.expect("PostgreSQL schema"),
    );
    lite.finish().await;
    pg.finish().await;
    let names = |m: &std::collections::BTreeMap<String, schema::TableShape>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "the same tables");
    assert!(a.len() > 20, "the schema was read: {:?}", names(&a));
    let checks =
        |m: &std::collections::BTreeMap<String, schema::TableShape>| m.values().map(|t| t.checks.len()).sum::<usize>();
    let indexes =
        |m: &std::collections::BTreeMap<String, schema::TableShape>| m.values().map(|t| t.indexes.len()).sum::<usize>();
    assert!(
        checks(&a) > 10 && indexes(&a) > 10,
        "constraints were read: {} checks, {} indexes",
        checks(&a),
        indexes(&a)
    );
    let mut differences = Vec::new();
    for (table, sqlite) in &a {
        let postgres = &b[table];
        if sqlite.columns != postgres.columns {
            differences.push(format!(
                "{table} columns (name → nullable):\n  SQLite     {:?}\n  PostgreSQL {:?}",
                sqlite.columns, postgres.columns
            ));
        }
        if sqlite.checks != postgres.checks {
            differences.push(format!(
                "{table} CHECKs (columns named):\n  SQLite     {:?}\n  PostgreSQL {:?}",
                sqlite.checks, postgres.checks
            ));
        }
        if sqlite.indexes != postgres.indexes {
            differences.push(format!(
                "{table} indexes (unique, columns):\n  SQLite     {:?}\n  PostgreSQL {:?}",
                sqlite.indexes, postgres.indexes
            ));
        }
    }
    assert!(differences.is_empty(), "the migration trees differ:\n{}", differences.join("\n"));
}
