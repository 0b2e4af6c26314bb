//! `kumppani backup | export | restore` end to end on the binary: a demo
//! database survives SQLite → PostgreSQL → SQLite byte for byte, a SQLite
//! backup is a working database, and a restore never half-happens.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

fn kumppani(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kumppani"))
        .env_remove("KUMPPANI_CONFIG")
        .arg("--database-url")
        .arg(url)
        .args(args)
        .output()
        .expect("run kumppani")
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn sqlite(dir: &Path, name: &str) -> String {
    format!("sqlite://{}/{name}", dir.display())
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

#[test]
fn export_restore_round_trips_and_backup_is_a_working_database() {
    let dir = tempfile::TempDir::new().unwrap();
    let d = dir.path();
    let source = sqlite(d, "source.db");
    ok(kumppani(&source, &["demo", "--customers", "30"]));
    ok(kumppani(&source, &["export", "--out", &path(d, "a.jsonl")]));
    let a = std::fs::read_to_string(d.join("a.jsonl")).unwrap();
    assert!(a.lines().count() > 200, "a demo centre has hundreds of rows");
    assert!(a.contains(r#""table":"customers"}"#) && a.contains(r#""table":"audit_log"}"#));

    // Through PostgreSQL when there is one, else through a second SQLite.
    let pg = std::env::var("KUMPPANI_TEST_POSTGRES_URL").ok().filter(|u| !u.trim().is_empty());
    let (middle, guard) = match &pg {
        Some(admin) => {
            let name = format!("kt_backup_{}", std::process::id());
            let db = PgDatabase::create(admin, &name);
            (db.url.clone(), Some(db))
        }
        None => (sqlite(d, "middle.db"), None),
    };
    ok(kumppani(&middle, &["restore", "--from", &path(d, "a.jsonl")]));
    ok(kumppani(&middle, &["export", "--out", &path(d, "b.jsonl")]));
    let b = std::fs::read_to_string(d.join("b.jsonl")).unwrap();
    assert_eq!(a, b, "the restored database exports the same dump");

    let back = sqlite(d, "back.db");
    ok(kumppani(&back, &["restore", "--from", &path(d, "b.jsonl")]));
    ok(kumppani(&back, &["export", "--out", &path(d, "c.jsonl")]));
    assert_eq!(a, std::fs::read_to_string(d.join("c.jsonl")).unwrap());
    // The restored database takes new rows after the restored ids.
    ok(kumppani(&middle, &["user", "add", "--username", "uusi.kayttaja", "--name", "Uusi Käyttäjä"]));
    drop(guard);

    // A second restore into a database with data is refused and changes nothing.
    let refused = kumppani(&back, &["restore", "--from", &path(d, "a.jsonl")]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("empty database"));
    ok(kumppani(&back, &["export", "--out", &path(d, "d.jsonl")]));
    assert_eq!(a, std::fs::read_to_string(d.join("d.jsonl")).unwrap());

    // A SQLite backup is a database that exports the same dump.
    ok(kumppani(&source, &["backup", "--out", &path(d, "copy.db")]));
    ok(kumppani(&sqlite(d, "copy.db"), &["export", "--out", &path(d, "e.jsonl")]));
    assert_eq!(a, std::fs::read_to_string(d.join("e.jsonl")).unwrap());
    // Never over an existing file.
    assert!(!kumppani(&source, &["backup", "--out", &path(d, "copy.db")]).status.success());
}

#[test]
fn a_broken_dump_restores_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    let d = dir.path();
    let source = sqlite(d, "source.db");
    ok(kumppani(&source, &["demo", "--customers", "10"]));
    ok(kumppani(&source, &["export", "--out", &path(d, "a.jsonl")]));
    let dump = std::fs::read_to_string(d.join("a.jsonl")).unwrap();
    // Cut the dump inside the audit trail, after customers were written.
    let cut = dump.find(r#""table":"audit_log"}"#).expect("audit table") + 200;
    std::fs::write(d.join("broken.jsonl"), &dump[..cut]).unwrap();
    let target = sqlite(d, "target.db");
    let failed = kumppani(&target, &["restore", "--from", &path(d, "broken.jsonl")]);
    assert!(!failed.status.success());
    assert!(String::from_utf8_lossy(&failed.stderr).contains("nothing was written"));
    // The target is still empty: a complete restore now succeeds.
    ok(kumppani(&target, &["restore", "--from", &path(d, "a.jsonl")]));
}

/// A PostgreSQL database for one test, dropped afterwards.
struct PgDatabase {
    admin: String,
    name: String,
    url: String,
}

impl PgDatabase {
    fn create(admin: &str, name: &str) -> PgDatabase {
        let status = Command::new("psql").arg(admin).arg("-qc").arg(format!("CREATE DATABASE {name}")).status();
        assert!(status.is_ok_and(|s| s.success()), "create {name}");
        let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
        PgDatabase { admin: admin.to_owned(), name: name.to_owned(), url: format!("{base}/{name}") }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let _ = Command::new("psql")
            .arg(&self.admin)
            .arg("-qc")
            .arg(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
            .status();
    }
}
