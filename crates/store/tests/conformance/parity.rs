//! The two migration trees describe one schema: after migrating, SQLite and
//! PostgreSQL have the same tables, columns, nullability, CHECK constraints
//! and indexes (as `kumppani_store::schema` compares them), the same index
//! names and CHECK constraints (`catalogue`), and the same seeded rows.

use std::collections::{BTreeMap, BTreeSet};

use kumppani_store::schema;

use crate::{catalogue, harness};

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

/// Indexes only one backend has, by design: (table, index, why).
const ONE_SIDED_INDEXES: &[(&str, &str, &str)] = &[
    // PostgreSQL's full-text search is a GIN index over a generated
    // `tsvector` column; SQLite's is the `lessons_fts` FTS5 table.
    ("lessons", "lessons_search", "full text: GIN on PostgreSQL, FTS5 table on SQLite"),
];

#[tokio::test]
async fn both_migration_trees_name_the_same_indexes_and_checks() {
    let Some(pg) = harness::postgres().await else { return };
    let lite = harness::sqlite().await;
    let tables = |m: std::collections::BTreeMap<String, schema::TableShape>| {
        m.into_iter()
            .map(|(t, shape)| (t, shape.columns.into_keys().collect()))
            .collect::<BTreeMap<String, BTreeSet<String>>>()
    };
    let lite_tables = tables(schema::describe(&lite.db).await.expect("SQLite schema"));
    let pg_tables = tables(schema::describe(&pg.db).await.expect("PostgreSQL schema"));
    let one_sided: BTreeSet<(String, String)> =
        ONE_SIDED_INDEXES.iter().map(|(t, i, _)| ((*t).to_owned(), (*i).to_owned())).collect();
    let names = |all: BTreeSet<(String, String)>| all.difference(&one_sided).cloned().collect::<BTreeSet<_>>();
    let (lite_indexes, pg_indexes) =
        (names(catalogue::index_names(&lite.db).await), names(catalogue::index_names(&pg.db).await));
    let (lite_checks, pg_checks) =
        (catalogue::checks(&lite.db, &lite_tables).await, catalogue::checks(&pg.db, &pg_tables).await);
    lite.finish().await;
    pg.finish().await;

    assert!(lite_indexes.len() > 20, "the indexes were read: {lite_indexes:?}");
    assert!(lite_checks.values().map(Vec::len).sum::<usize>() > 10, "the checks were read: {lite_checks:?}");
    let only =
        |a: &BTreeSet<(String, String)>, b: &BTreeSet<(String, String)>| a.difference(b).cloned().collect::<Vec<_>>();
    assert!(
        lite_indexes == pg_indexes,
        "index names differ:\n  only SQLite     {:?}\n  only PostgreSQL {:?}",
        only(&lite_indexes, &pg_indexes),
        only(&pg_indexes, &lite_indexes)
    );
    let differences: Vec<String> = lite_checks
        .iter()
        .filter(|(table, checks)| pg_checks.get(*table) != Some(checks))
        .map(|(table, checks)| format!("{table}:\n  SQLite     {checks:?}\n  PostgreSQL {:?}", pg_checks.get(table)))
        .collect();
    assert!(differences.is_empty(), "CHECK constraints differ:\n{}", differences.join("\n"));
}

/// The rows the migrations seed (glossary terms, plan sections, the plan
/// template) are written out in each tree's SQL; after migrating, both
/// hold exactly the same, as the portable dump shows them.
#[tokio::test]
async fn both_migration_trees_seed_the_same_rows() {
    let Some(pg) = harness::postgres().await else { return };
    let lite = harness::sqlite().await;
    let (lite_rows, pg_rows) = (seeded(&lite.db).await, seeded(&pg.db).await);
    lite.finish().await;
    pg.finish().await;
    assert!(lite_rows.get("glossary_terms").is_some_and(|rows| rows.len() >= 20), "the glossary is seeded");
    assert!(lite_rows.get("plan_sections").is_some_and(|rows| rows.len() >= 6), "the plan template is seeded");
    for (table, rows) in lite_rows.iter().chain(&pg_rows) {
        assert_eq!(lite_rows.get(table), pg_rows.get(table), "seeded rows of {table} differ ({} rows)", rows.len());
    }
}

/// Each table that holds rows after migrating: its rows, each as column → value.
async fn seeded(db: &kumppani_store::Db) -> BTreeMap<String, Vec<BTreeMap<String, serde_json::Value>>> {
    let mut out = Vec::new();
    kumppani_store::dump::export(db, &mut out).await.expect("export");
    let text = String::from_utf8(out).expect("UTF-8 dump");
    let mut tables: BTreeMap<String, Vec<BTreeMap<String, serde_json::Value>>> = BTreeMap::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for line in text.lines().skip(1) {
        let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        if let Some(name) = value["table"].as_str() {
            let columns = value["columns"].as_array().expect("columns").iter();
            current = Some((name.to_owned(), columns.map(|c| c.as_str().expect("name").to_owned()).collect()));
            continue;
        }
        let (table, columns) = current.as_ref().expect("a row after its table");
        let row = columns.iter().cloned().zip(value.as_array().expect("a row").iter().cloned()).collect();
        tables.entry(table.clone()).or_default().push(row);
    }
    tables
}
