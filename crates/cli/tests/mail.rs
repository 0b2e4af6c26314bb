//! `kumppani read-mail` on the binary: a message from a demo contact person
//! becomes a contact, a second run reads nothing new, and a message from a
//! stranger is refused with its reason while the rest is still read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

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

#[test]
fn read_mail_records_once_and_says_why_it_refuses() {
    let dir = tempfile::TempDir::new().unwrap();
    let url = format!("sqlite://{}/mail.db", dir.path().display());
    ok(kumppani(&url, &["demo", "--customers", "5"]));
    // A demo contact person's address, from the portable dump.
    let dump = dir.path().join("dump.jsonl");
    ok(kumppani(&url, &["export", "--out", &dump.display().to_string()]));
    let text = std::fs::read_to_string(&dump).unwrap();
    // Rows are JSON arrays after their table's header line: the first
    // contact row's e-mail column.
    let contacts = text.split("\"table\":\"contacts\"}").nth(1).expect("the contacts table");
    let address = contacts
        .split('"')
        .find(|s| s.contains('@') && !s.contains(' '))
        .expect("a contact person's address")
        .to_owned();
    let mbox = format!(
        "From {address} Fri Dec  4 07:15:00 2026\nFrom: {address}\nSubject: Raportti puuttuu\nMessage-ID: <cli-1@example.fi>\n\nHei!\n\
         From stranger@nowhere.example Fri Dec  4 07:16:00 2026\nFrom: stranger@nowhere.example\nSubject: Tarjous\n\nOstakaa.\n"
    );
    let file = dir.path().join("inbox.mbox");
    std::fs::write(&file, mbox).unwrap();
    let file = file.display().to_string();

    let first = kumppani(&url, &["read-mail", &file, "--lang", "fi"]);
    let out = ok(first.clone());
    assert!(out.contains("1 contacts recorded, 0 already read, 1 refused"), "{out}");
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(err.contains("Tarjous") && err.contains("Lähettäjä ei ole minkään asiakkaan yhteyshenkilö"), "{err}");
    let again = ok(kumppani(&url, &["read-mail", &file]));
    assert!(again.contains("0 contacts recorded, 1 already read, 1 refused"), "{again}");
}
