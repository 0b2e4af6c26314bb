//! A portable copy of the whole database: every table, row by row, as JSON
//! lines, readable by either backend. `export` writes it from a live
//! database inside one read transaction (a consistent snapshot while writers
//! keep going); `restore` loads it into an empty, migrated database in one
//! transaction, so a failed restore leaves nothing behind. Exporting the
//! restored database gives the same bytes: SQLite → PostgreSQL → SQLite
//! round trips exactly.
//!
//! The tables and their columns are read from the database itself, so a new
//! migration is covered without touching this file. Derived data (SQLite
//! full-text tables, PostgreSQL generated columns) is left out and rebuilt
//! by the target's own triggers and generated columns.

use crate::StoreError;
use crate::db::{Backend, Db, Row, Tx, Value};
use chrono::{DateTime, NaiveDate, SecondsFormat, SubsecRound, Utc};
use serde_json::{Value as Json, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};

const FORMAT: &str = "kumppani-dump";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Bool,
    Date,
    Time,
    Text,
}

struct Table {
    name: String,
    columns: Vec<(String, Kind)>,
    key: Vec<String>,
}

/// What an export or restore moved.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DumpSummary {
    pub tables: usize,
    pub rows: u64,
}

/// Writes every table of `db` to `out` as JSON lines: a header naming the
/// applied migrations, then for each table a line with its columns followed
/// by one line per row, ordered by primary key.
pub async fn export(db: &Db, out: &mut impl Write) -> Result<DumpSummary, StoreError> {
    let mut tx = db.begin_read().await?;
    let tables = tables(&mut tx, db.backend()).await?;
    let migrations = migrations(&mut tx).await?;
    write_line(out, &json!({ "format": FORMAT, "migrations": migrations }))?;
    let mut summary = DumpSummary { tables: tables.len(), rows: 0 };
    for table in &tables {
        let names: Vec<&str> = table.columns.iter().map(|(n, _)| n.as_str()).collect();
        write_line(out, &json!({ "table": table.name, "columns": names }))?;
        let sql = format!(
            "SELECT {} FROM {} ORDER BY {}",
            quoted(&names),
            quote(&table.name),
            quoted(&table.key.iter().map(String::as_str).collect::<Vec<_>>())
        );
        for row in tx.fetch_all(&sql, &[]).await? {
            let values =
                table.columns.iter().map(|(name, kind)| read(&row, name, *kind)).collect::<Result<Vec<_>, _>>()?;
            write_line(out, &Json::Array(values))?;
            summary.rows += 1;
        }
    }
    tx.commit().await?;
    Ok(summary)
}

/// Loads a dump into `db`, which must be migrated to the same migrations and
/// hold no rows. All or nothing.
pub async fn restore(db: &Db, input: impl BufRead) -> Result<DumpSummary, StoreError> {
    let mut tx = db.begin().await?;
    let backend = db.backend();
    let tables: BTreeMap<String, Table> =
        tables(&mut tx, backend).await?.into_iter().map(|t| (t.name.clone(), t)).collect();
    let mut lines = input.lines();
    let header: Json = parse(lines.next().transpose().map_err(io)?.as_deref())?;
    if header["format"] != FORMAT {
        return Err(StoreError::Malformed("not a Kumppani dump".into()));
    }
    if header["migrations"] != json!(migrations(&mut tx).await?) {
        return Err(StoreError::Malformed("the dump was made at a different schema version; migrate first".into()));
    }
    // A freshly migrated database may hold rows the migrations seeded (the
    // glossary, say); they are replaced. Anything a person made is not.
    for guarded in ["users", "audit_log"] {
        let sql = format!("SELECT COUNT(*) AS n FROM {}", quote(guarded));
        if tables.contains_key(guarded) && tx.fetch_one(&sql, &[]).await?.get::<i64>("n")? > 0 {
            return Err(StoreError::Malformed("restore needs an empty database".into()));
        }
    }
    let order: Vec<&Table> = ordered(&mut tx, backend).await?.into_iter().filter_map(|n| tables.get(&n)).collect();
    for table in order.iter().rev() {
        tx.execute(&format!("DELETE FROM {}", quote(&table.name)), &[]).await?;
    }
    let mut summary = DumpSummary::default();
    // The current table's columns, as the dump orders them, and its INSERT.
    let mut current: Option<(Vec<(String, Kind)>, String)> = None;
    for line in lines {
        let line: Json = parse(Some(&line.map_err(io)?))?;
        if let Some(name) = line["table"].as_str() {
            let table = tables.get(name).ok_or_else(|| StoreError::Malformed(format!("unknown table {name}")))?;
            let columns = dump_columns(table, &line["columns"])?;
            let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
            let params: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
            let overriding = if backend == Backend::Postgres { " OVERRIDING SYSTEM VALUE" } else { "" };
            let sql =
                format!("INSERT INTO {} ({}){overriding} VALUES ({})", quote(name), quoted(&names), params.join(", "));
            current = Some((columns, sql));
            summary.tables += 1;
            continue;
        }
        let (columns, sql) = current.as_ref().ok_or_else(|| StoreError::Malformed("row before its table".into()))?;
        let Json::Array(values) = line else { return Err(StoreError::Malformed("a row must be an array".into())) };
        if values.len() != columns.len() {
            return Err(StoreError::Malformed("a row has the wrong number of values".into()));
        }
        let params =
            values.iter().zip(columns).map(|(v, (_, kind))| bind(v, *kind, backend)).collect::<Result<Vec<_>, _>>()?;
        tx.execute(sql, &params).await?;
        summary.rows += 1;
    }
    if backend == Backend::Postgres {
        // Identity columns continue after the restored ids.
        for table in tables.values().filter(|t| t.columns.iter().any(|(n, k)| n == "id" && *k == Kind::Int)) {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{}', 'id'), MAX(id)) FROM {} HAVING MAX(id) IS NOT NULL",
                table.name,
                quote(&table.name)
            );
            if tx
                .fetch_optional("SELECT pg_get_serial_sequence($1, 'id') AS s", &[table.name.as_str().into()])
                .await?
                .and_then(|r| r.get::<Option<String>>("s").ok().flatten())
                .is_some()
            {
                tx.fetch_optional(&sql, &[]).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(summary)
}

/// The dump's columns must be the table's columns, in any order.
fn dump_columns(table: &Table, columns: &Json) -> Result<Vec<(String, Kind)>, StoreError> {
    let names: Vec<&str> = columns.as_array().into_iter().flatten().filter_map(Json::as_str).collect();
    let wanted: BTreeSet<&str> = table.columns.iter().map(|(n, _)| n.as_str()).collect();
    if names.iter().copied().collect::<BTreeSet<_>>() != wanted {
        return Err(StoreError::Malformed(format!("the columns of {} differ from the database's", table.name)));
    }
    Ok(names.iter().filter_map(|n| table.columns.iter().find(|(c, _)| c == n).cloned()).collect())
}

async fn migrations(tx: &mut Tx) -> Result<Vec<i64>, StoreError> {
    let rows = tx.fetch_all("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version", &[]).await?;
    rows.iter().map(|r| r.get::<i64>("version")).collect()
}

/// The tables in an order that satisfies foreign keys (parents first), with
/// their columns and primary key.
async fn tables(tx: &mut Tx, backend: Backend) -> Result<Vec<Table>, StoreError> {
    let mut tables = Vec::new();
    for name in ordered(tx, backend).await? {
        tables.push(describe(tx, backend, name).await?);
    }
    Ok(tables)
}

async fn ordered(tx: &mut Tx, backend: Backend) -> Result<Vec<String>, StoreError> {
    let (names_sql, parents_sql) = match backend {
        Backend::Sqlite => (
            "SELECT name FROM sqlite_master m WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE '\\_sqlx%' ESCAPE '\\' AND sql NOT LIKE 'CREATE VIRTUAL%' \
             AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL%' \
                             AND m.name LIKE v.name || '\\_%' ESCAPE '\\') ORDER BY name",
            "SELECT m.name AS child, p.\"table\" AS parent FROM sqlite_master m, pragma_foreign_key_list(m.name) p \
             WHERE m.type = 'table'",
        ),
        Backend::Postgres => (
            "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_sqlx%' ORDER BY table_name",
            "SELECT tc.table_name::text AS child, ccu.table_name::text AS parent \
             FROM information_schema.table_constraints tc JOIN information_schema.constraint_column_usage ccu \
             ON tc.constraint_name = ccu.constraint_name AND tc.table_schema = ccu.table_schema \
             WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()",
        ),
    };
    let names: Vec<String> = tx.fetch_all_scalar(names_sql, &[]).await?;
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in tx.fetch_all(parents_sql, &[]).await? {
        let (child, parent): (String, String) = (row.get("child")?, row.get("parent")?);
        if child != parent {
            parents.entry(child).or_default().insert(parent);
        }
    }
    let mut ordered = Vec::new();
    let mut placed = BTreeSet::new();
    while ordered.len() < names.len() {
        let ready: Vec<&String> = names
            .iter()
            .filter(|n| !placed.contains(*n))
            .filter(|n| parents.get(*n).is_none_or(|ps| ps.iter().all(|p| placed.contains(p) || !names.contains(p))))
            .collect();
        if ready.is_empty() {
            return Err(StoreError::Malformed("foreign keys form a cycle".into()));
        }
        for name in ready {
            placed.insert(name.clone());
            ordered.push(name.clone());
        }
    }
    Ok(ordered)
}

async fn describe(tx: &mut Tx, backend: Backend, name: String) -> Result<Table, StoreError> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name, type AS kind, pk FROM pragma_table_info($1) ORDER BY cid",
        Backend::Postgres => {
            "SELECT c.column_name::text AS name, c.data_type::text AS kind, \
             COALESCE((SELECT k.ordinal_position FROM information_schema.table_constraints t \
               JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name \
               AND k.table_schema = t.table_schema AND k.table_name = t.table_name \
               WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_name = c.table_name \
               AND t.table_schema = c.table_schema AND k.column_name = c.column_name), 0)::bigint AS pk \
             FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = $1 \
             AND c.is_generated = 'NEVER' AND c.data_type <> 'tsvector' ORDER BY c.ordinal_position"
        }
    };
    let rows = tx.fetch_all(sql, &[name.as_str().into()]).await?;
    let mut columns = Vec::new();
    let mut key = Vec::new();
    for row in &rows {
        let column: String = row.get("name")?;
        let declared: String = row.get::<Option<String>>("kind")?.unwrap_or_default();
        let pk = row.get::<i64>("pk")?;
        if pk > 0 {
            key.push((pk, column.clone()));
        }
        columns.push((column.clone(), kind_of(&column, &declared.to_uppercase())));
    }
    key.sort();
    let mut key: Vec<String> = key.into_iter().map(|(_, c)| c).collect();
    if key.is_empty() {
        key = columns.iter().map(|(c, _)| c.clone()).collect();
    }
    Ok(Table { name, columns, key })
}

/// SQLite stores timestamps as text, so its declared type cannot tell; our
/// schema names them `at`, `last_seen` or `…_at`.
fn kind_of(column: &str, declared: &str) -> Kind {
    if declared.contains("INT") {
        Kind::Int
    } else if declared.contains("BOOL") {
        Kind::Bool
    } else if declared == "DATE" {
        Kind::Date
    } else if declared.contains("TIMESTAMP") || column == "at" || column == "last_seen" || column.ends_with("_at") {
        Kind::Time
    } else {
        Kind::Text
    }
}

fn read(row: &Row, column: &str, kind: Kind) -> Result<Json, StoreError> {
    Ok(match kind {
        Kind::Int => row.get::<Option<i64>>(column)?.map_or(Json::Null, Json::from),
        Kind::Bool => row.get::<Option<bool>>(column)?.map_or(Json::Null, Json::from),
        Kind::Date => row.get::<Option<NaiveDate>>(column)?.map_or(Json::Null, |d| d.to_string().into()),
        Kind::Time => row.get::<Option<DateTime<Utc>>>(column)?.map_or(Json::Null, |t| canonical(t).into()),
        Kind::Text => row.get::<Option<String>>(column)?.map_or(Json::Null, Json::from),
    })
}

/// PostgreSQL keeps microseconds; so does the dump, whatever the source.
fn canonical(t: DateTime<Utc>) -> String {
    t.trunc_subsecs(6).to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

fn bind(value: &Json, kind: Kind, backend: Backend) -> Result<Value, StoreError> {
    let bad = || StoreError::Malformed(format!("value {value} does not fit its column"));
    Ok(match kind {
        Kind::Int => Value::Int(if value.is_null() { None } else { Some(value.as_i64().ok_or_else(bad)?) }),
        Kind::Bool => Value::Bool(if value.is_null() { None } else { Some(value.as_bool().ok_or_else(bad)?) }),
        Kind::Text => {
            Value::Text(if value.is_null() { None } else { Some(value.as_str().ok_or_else(bad)?.to_owned()) })
        }
        Kind::Date => Value::Date(match value.as_str() {
            None if value.is_null() => None,
            text => Some(text.and_then(|t| t.parse().ok()).ok_or_else(bad)?),
        }),
        Kind::Time => {
            let time = match value.as_str() {
                None if value.is_null() => None,
                text => Some(text.and_then(|t| DateTime::parse_from_rfc3339(t).ok()).ok_or_else(bad)?.to_utc()),
            };
            match backend {
                // SQLite keeps the exact dump text, so a second export matches.
                Backend::Sqlite => Value::Text(time.map(canonical)),
                Backend::Postgres => Value::Time(time),
            }
        }
    })
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| quote(n)).collect::<Vec<_>>().join(", ")
}

fn write_line(out: &mut impl Write, value: &Json) -> Result<(), StoreError> {
    serde_json::to_writer(&mut *out, value).map_err(|e| StoreError::Malformed(e.to_string()))?;
    out.write_all(b"\n").map_err(io)
}

fn parse(line: Option<&str>) -> Result<Json, StoreError> {
    serde_json::from_str(line.ok_or_else(|| StoreError::Malformed("the dump is empty".into()))?)
        .map_err(|e| StoreError::Malformed(format!("not JSON: {e}")))
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Unavailable(e.to_string())
}
