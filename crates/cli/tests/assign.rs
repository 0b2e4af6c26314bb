//! `kumppani assign` end to end: the binary on a demo SQLite database.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

fn kumppani(dir: &std::path::Path, args: &[&str]) -> Output {
    let url = format!("sqlite://{}/kumppani.db", dir.display());
    Command::new(env!("CARGO_BIN_EXE_kumppani"))
        .current_dir(dir)
        .env_remove("KUMPPANI_CONFIG")
        .arg("--database-url")
        .arg(url)
        .args(args)
        .output()
        .expect("run kumppani")
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn assign_prints_then_applies_the_proposal() {
    let dir = tempfile::TempDir::new().unwrap();
    stdout(&kumppani(dir.path(), &["demo", "--customers", "40"]));

    let dry = stdout(&kumppani(dir.path(), &["assign", "--dry-run", "--leaving", "kp.laine"]));
    assert!(dry.contains("Method: Minimum-cost flow (exact)"), "{dry}");
    assert!(dry.contains("Optimal: Proven optimal"), "{dry}");
    assert!(dry.contains("Nothing was changed (dry run)"), "{dry}");
    let leaving: Vec<&str> = dry.lines().filter(|l| l.ends_with("The manager is leaving.")).collect();
    assert!(!leaving.is_empty(), "{dry}");
    // Dry runs change nothing: the same proposal again.
    let again = stdout(&kumppani(dir.path(), &["assign", "--leaving", "kp.laine"]));
    assert_eq!(again, dry);

    // Pinning a customer of a leaving manager cannot be met.
    let pinned = leaving[0].split_whitespace().next().unwrap();
    let refused = kumppani(dir.path(), &["assign", "--leaving", "kp.laine", "--pin", pinned]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("These goals cannot be met"));
    let invalid = kumppani(dir.path(), &["assign", "--tolerance", "5000"]);
    assert!(!invalid.status.success());

    let applied = stdout(&kumppani(dir.path(), &["assign", "--apply", "--deputies", "--leaving", "kp.laine"]));
    assert!(applied.contains("The changes have been applied."), "{applied}");
    let after = stdout(&kumppani(dir.path(), &["assign", "--deputies", "--leaving", "kp.laine", "--lang", "fi"]));
    assert!(after.contains("Yhdenkään asiakkaan ei tarvitse siirtyä"), "{after}");
    assert!(after.contains("Uudet sijaiset (0)"), "{after}");
}
