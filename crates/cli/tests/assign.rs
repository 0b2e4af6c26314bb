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

    // By workload weight: the output says so, and names the method and whether it is proven optimal.
    let weighted = stdout(&kumppani(dir.path(), &["assign", "--by-weight", "--leaving", "kp.laine"]));
    assert!(weighted.contains("Workload measured by: Balance by workload weight"), "{weighted}");
    assert!(weighted.contains("Workload moved: "), "{weighted}");
    assert!(weighted.contains("Method: Minimum-cost flow"), "{weighted}");
    assert!(weighted.contains("Optimal: Proven optimal") || weighted.contains("Optimal: Not proven optimal"));
    assert!(dry.contains("Workload measured by: Balance by customer count"), "{dry}");

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

/// The fewest customers any assignment meeting the benchmark model's bounds
/// moves (per manager: floor/ceil of customers ÷ managers; per manager ×
/// segment: floor/ceil of the segment's size ÷ managers), by enumeration.
fn brute_force(segments: &[usize], current: &[usize], managers: usize, n_segments: usize) -> Option<usize> {
    let n = segments.len();
    let within = |x: usize, total: usize| total / managers <= x && x <= total.div_ceil(managers);
    let sizes: Vec<usize> = (0..n_segments).map(|s| segments.iter().filter(|&&x| x == s).count()).collect();
    let mut best = None;
    let mut to = vec![0; n];
    for mut code in 0..managers.pow(n as u32) {
        for d in to.iter_mut() {
            *d = code % managers;
            code /= managers;
        }
        let ok = (0..managers).all(|m| {
            within(to.iter().filter(|&&d| d == m).count(), n)
                && (0..n_segments).all(|s| within((0..n).filter(|&i| to[i] == m && segments[i] == s).count(), sizes[s]))
        });
        if ok {
            let moved = (0..n).filter(|&i| to[i] != current[i]).count();
            best = Some(best.map_or(moved, |b: usize| b.min(moved)));
        }
    }
    best
}

#[test]
fn assign_solves_benchmark_instances_exactly() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut rnd = |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m) as usize
    };
    let (input, output) = (dir.path().join("instance.json"), dir.path().join("solution.json"));
    for round in 0..12 {
        let (managers, n_segments, n) = (1 + rnd(3), 1 + rnd(3), rnd(8));
        let segments: Vec<usize> = (0..n).map(|_| rnd(n_segments as u64)).collect();
        // Skewed towards manager 0, as in the benchmark's generator.
        let current: Vec<usize> = (0..n).map(|_| if rnd(2) == 0 { 0 } else { rnd(managers as u64) }).collect();
        let customers: Vec<serde_json::Value> = (0..n)
            .map(|i| serde_json::json!({ "id": i, "segment": segments[i], "current_manager": current[i] }))
            .collect();
        let instance = serde_json::json!({ "seed": round, "n_customers": n, "n_managers": managers,
            "n_segments": n_segments, "customers": customers });
        std::fs::write(&input, instance.to_string()).unwrap();
        let args = ["assign", "--instance", input.to_str().unwrap(), "--out", output.to_str().unwrap()];
        let run = Command::new(env!("CARGO_BIN_EXE_kumppani")).current_dir(dir.path()).args(args).output().unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        assert!(String::from_utf8_lossy(&run.stderr).contains("proven optimal: true"));
        let solution: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
        let assignment: Vec<usize> =
            solution["assignment"].as_array().unwrap().iter().map(|m| m.as_u64().unwrap() as usize).collect();
        assert_eq!(assignment.len(), n);
        let moved = (0..n).filter(|&i| assignment[i] != current[i]).count();
        assert_eq!(solution["objective"].as_u64(), Some(moved as u64), "the objective counts the moves");
        // Even bounds always have a solution: the minimum is what brute force finds.
        assert_eq!(brute_force(&segments, &current, managers, n_segments), Some(moved), "{instance}");
        // The assignment itself keeps the bounds: moving the same customers costs the same.
        assert_eq!(
            brute_force(&segments, &assignment, managers, n_segments),
            Some(0),
            "the solution meets the bounds: {instance} -> {assignment:?}"
        );
    }
    // A broken instance is refused with a message, not a panic.
    std::fs::write(&input, "{\"customers\": 3}").unwrap();
    let args = ["assign", "--instance", input.to_str().unwrap(), "--out", output.to_str().unwrap()];
    let run = Command::new(env!("CARGO_BIN_EXE_kumppani")).current_dir(dir.path()).args(args).output().unwrap();
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("is not an instance"));
}
