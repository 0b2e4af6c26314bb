//! What `kumppani_store::schema` leaves out of its comparison, read from
//! each catalogue: the names of the indexes a migration creates, and the
//! text of each CHECK constraint reduced to what both dialects keep of it.

use std::collections::{BTreeMap, BTreeSet};

use kumppani_store::testing::RawSql;
use kumppani_store::{Backend, Db, schema};

/// A migration's `CREATE [UNIQUE] INDEX name ON table`: (table, name).
/// Indexes the database makes for a PRIMARY KEY or UNIQUE constraint are
/// left out, as their names are the dialect's own (`sqlite_autoindex_…`,
/// `…_key`); `schema::describe` compares them by columns.
pub async fn index_names(db: &Db) -> BTreeSet<(String, String)> {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT m.tbl_name AS tbl, m.name AS name FROM sqlite_master m
             WHERE m.type = 'index' AND m.sql IS NOT NULL AND m.tbl_name NOT LIKE '\\_sqlx%' ESCAPE '\\'"
        }
        Backend::Postgres => {
            "SELECT t.relname::text AS tbl, ix.relname::text AS name FROM pg_index i
             JOIN pg_class ix ON ix.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = current_schema() AND t.relname NOT LIKE '\\_sqlx%'
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
        }
    };
    let rows = db.fetch_all(sql, &[]).await.expect("index names");
    rows.iter().map(|r| (r.get("tbl").expect("table"), r.get("name").expect("name"))).collect()
}

/// Each table's CHECK constraints, each reduced to the words that are the
/// table's columns, its string literals and its numbers, sorted: PostgreSQL
/// rewrites `side IN ('a', 'b')` as `side = ANY (ARRAY['a'::text, …])` and
/// `BETWEEN` as two comparisons, but keeps those.
pub async fn checks(db: &Db, tables: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (table, columns) in tables {
        let texts = schema::checks(db, table).await.expect("checks");
        let mut reduced: Vec<String> = texts.iter().map(|t| reduce(t, columns)).collect();
        reduced.sort();
        out.insert(table.clone(), reduced);
    }
    out
}

/// `columns: … | literals: … | numbers: …`, each part sorted.
fn reduce(text: &str, columns: &BTreeSet<String>) -> String {
    let mut named = BTreeSet::new();
    let mut literals = Vec::new();
    let mut numbers = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c == '\'' {
            let mut literal = String::new();
            while let Some((_, c)) = chars.next() {
                if c == '\'' {
                    if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                        chars.next();
                    } else {
                        break;
                    }
                }
                literal.push(c);
            }
            literals.push(literal);
        } else if c.is_ascii_alphanumeric() || c == '_' {
            let mut end = start + c.len_utf8();
            while let Some((i, n)) = chars.peek().copied() {
                if !(n.is_ascii_alphanumeric() || n == '_' || n == '.') {
                    break;
                }
                end = i + n.len_utf8();
                chars.next();
            }
            let word = text[start..end].trim_end_matches('.');
            if columns.contains(word) {
                named.insert(word.to_owned());
            } else if word.starts_with(|c: char| c.is_ascii_digit()) && word.parse::<f64>().is_ok() {
                numbers.push(word.to_owned());
            }
        }
    }
    literals.sort();
    numbers.sort();
    format!("columns: {named:?} | literals: {literals:?} | numbers: {numbers:?}")
}

#[test]
fn both_spellings_of_a_check_reduce_alike() {
    let columns: BTreeSet<String> = ["side", "w", "note"].map(String::from).into();
    let lite = reduce("side IN ('customer', 'supplier', 'centre''s')", &columns);
    let pg = reduce("CHECK ((side = ANY (ARRAY['customer'::text, 'supplier'::text, 'centre''s'::text])))", &columns);
    assert_eq!(lite, pg);
    assert_eq!(reduce("w BETWEEN 1 AND 100", &columns), reduce("CHECK (((w >= 1) AND (w <= 100)))", &columns));
    assert_ne!(reduce("w BETWEEN 1 AND 100", &columns), reduce("CHECK (((w >= 1) AND (w <= 10)))", &columns));
}
