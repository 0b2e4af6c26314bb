//! The schema as the database itself describes it, in one shape for both
//! backends, so that the two migration trees can be compared after
//! migrating (`tests/conformance/parity.rs`): the same tables, columns,
//! nullability, CHECK constraints and indexes.
//!
//! What is compared is what the two can agree on. Types are left out (SQLite
//! declares `TEXT` where PostgreSQL has `timestamptz`); so are the parts
//! that exist on one side by design: SQLite's full-text tables and
//! PostgreSQL's generated and `tsvector` columns, and the expression parts
//! of indexes (`lower(...)`, `COLLATE "C"`) which the catalogues spell
//! differently. A CHECK is known by the columns it names.

use std::collections::{BTreeMap, BTreeSet};

use crate::StoreError;
use crate::db::{Backend, Db};

/// One table: its columns (name → nullable), its CHECK constraints (each
/// as the set of this table's columns its text names) and its indexes
/// (unique?, columns in order; an expression as `<expr>`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableShape {
    pub columns: BTreeMap<String, bool>,
    pub checks: BTreeSet<Vec<String>>,
    pub indexes: BTreeSet<(bool, Vec<String>)>,
}

/// Every ordinary table of the database (migration bookkeeping and
/// SQLite's full-text tables left out), by name.
pub async fn describe(db: &Db) -> Result<BTreeMap<String, TableShape>, StoreError> {
    let mut out = BTreeMap::new();
    for name in table_names(db).await? {
        let mut shape = TableShape { columns: columns(db, &name).await?, ..TableShape::default() };
        shape.checks = checks(db, &name).await?.iter().map(|text| named_columns(text, &shape.columns)).collect();
        // An index over a column left out above (PostgreSQL's full-text
        // `tsvector`) is the backend-specific search, also left out.
        let known = |c: &String| c == "<expr>" || shape.columns.contains_key(c);
        shape.indexes = indexes(db, &name).await?.into_iter().filter(|(_, cols)| cols.iter().all(known)).collect();
        out.insert(name, shape);
    }
    Ok(out)
}

async fn table_names(db: &Db) -> Result<Vec<String>, StoreError> {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master m WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE '\\_sqlx%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%' \
             AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL%' \
                             AND m.name LIKE v.name || '\\_%' ESCAPE '\\') ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_sqlx%' ORDER BY table_name"
        }
    };
    db.fetch_all_scalar(sql, &[]).await
}

async fn columns(db: &Db, table: &str) -> Result<BTreeMap<String, bool>, StoreError> {
    let sql = match db.backend() {
        // A primary key column is NOT NULL in effect on both (SQLite's
        // INTEGER PRIMARY KEY is the rowid).
        Backend::Sqlite => "SELECT name, (\"notnull\" = 0 AND pk = 0) AS nullable FROM pragma_table_info($1)",
        Backend::Postgres => {
            "SELECT column_name::text AS name, (is_nullable = 'YES') AS nullable FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' \
             AND data_type <> 'tsvector'"
        }
    };
    let mut out = BTreeMap::new();
    for row in db.fetch_all(sql, &[table.into()]).await? {
        out.insert(row.get::<String>("name")?, row.get::<bool>("nullable")?);
    }
    Ok(out)
}

/// The text of each CHECK constraint of `table`, as the database keeps it
/// (the parity tests compare the two dialects' spellings).
pub async fn checks(db: &Db, table: &str) -> Result<Vec<String>, StoreError> {
    match db.backend() {
        Backend::Postgres => {
            let sql = "SELECT pg_get_constraintdef(c.oid) AS text FROM pg_constraint c \
                       JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace \
                       WHERE c.contype = 'c' AND t.relname = $1 AND n.nspname = current_schema()";
            db.fetch_all_scalar(sql, &[table.into()]).await
        }
        Backend::Sqlite => {
            let sql = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $1";
            let rows = db.fetch_all(sql, &[table.into()]).await?;
            let create: String = rows.first().map(|r| r.get("sql")).transpose()?.unwrap_or_default();
            Ok(sqlite_checks(&create))
        }
    }
}

/// The bodies of the `CHECK (…)` clauses in a SQLite `CREATE TABLE`.
fn sqlite_checks(create: &str) -> Vec<String> {
    let upper = create.to_ascii_uppercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = upper[from..].find("CHECK").map(|i| i + from) {
        let Some(open) = create[at..].find('(').map(|i| i + at) else { break };
        let mut depth = 0usize;
        let mut end = create.len();
        for (i, ch) in create[open..].char_indices() {
            match ch {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push(create[open + 1..end].to_owned());
        from = end.min(create.len());
    }
    out
}

/// The table's columns a constraint's text names, as whole words.
fn named_columns(text: &str, columns: &BTreeMap<String, bool>) -> Vec<String> {
    let words: BTreeSet<&str> =
        text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
    columns.keys().filter(|c| words.contains(c.as_str())).cloned().collect()
}

async fn indexes(db: &Db, table: &str) -> Result<BTreeSet<(bool, Vec<String>)>, StoreError> {
    let mut out = BTreeSet::new();
    match db.backend() {
        Backend::Sqlite => {
            // Primary keys are compared as columns, not as indexes: SQLite
            // has none for an INTEGER PRIMARY KEY.
            let list = "SELECT name, \"unique\" AS is_unique FROM pragma_index_list($1) WHERE origin <> 'pk'";
            for index in db.fetch_all(list, &[table.into()]).await? {
                let name: String = index.get("name")?;
                let cols = db
                    .fetch_all("SELECT name FROM pragma_index_info($1) ORDER BY seqno", &[name.as_str().into()])
                    .await?;
                let cols = cols
                    .iter()
                    .map(|c| Ok(c.get::<Option<String>>("name")?.unwrap_or_else(|| "<expr>".to_owned())))
                    .collect::<Result<Vec<_>, StoreError>>()?;
                out.insert((index.get::<i64>("is_unique")? != 0, cols));
            }
        }
        Backend::Postgres => {
            let sql = "SELECT i.indisunique AS is_unique, \
                       COALESCE((SELECT string_agg(COALESCE(a.attname::text, '<expr>'), ',' ORDER BY k.n) \
                         FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) \
                         LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0), '') AS cols \
                       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid \
                       JOIN pg_namespace n ON n.oid = t.relnamespace \
                       WHERE t.relname = $1 AND n.nspname = current_schema() AND NOT i.indisprimary";
            for index in db.fetch_all(sql, &[table.into()]).await? {
                let cols: String = index.get("cols")?;
                out.insert((index.get::<bool>("is_unique")?, cols.split(',').map(str::to_owned).collect()));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_check_clauses_and_their_columns() {
        let create = "CREATE TABLE t (id INTEGER PRIMARY KEY, w INTEGER NOT NULL CHECK (w BETWEEN 1 AND 100), \
                      a TEXT, b TEXT, CHECK ((a IS NULL) = (b IS NULL)))";
        let found = sqlite_checks(create);
        assert_eq!(found, ["w BETWEEN 1 AND 100", "(a IS NULL) = (b IS NULL)"]);
        let columns =
            BTreeMap::from([("w".into(), false), ("a".into(), true), ("b".into(), true), ("ab".into(), true)]);
        assert_eq!(named_columns(&found[1], &columns), ["a", "b"]);
    }
}
