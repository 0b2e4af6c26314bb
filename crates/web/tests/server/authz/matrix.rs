//! RELIABILITY S2: every route × role × own/other record, compared with the
//! reviewed matrix in `expected.txt`. `KUMPPANI_BLESS=1` rewrites the file
//! instead (a human then reviews the git diff). Whatever the file says, the
//! rules of SPEC §1 checked in [`rules`] must hold too.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::probe::{cell, probe};
use super::routes::{self, Route, kind_of};
use super::world::{ROLES, World};
use crate::harness::TestApp;

on_both_backends! { TestApp;
    authorization_matrix => sqlite_authorization_matrix, postgres_authorization_matrix;
}

const EXPECTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/server/authz/expected.txt");

const HEADER: &str = "\
# Kumppani authorization matrix (RELIABILITY S2). Reviewed by a human: every
# change to this file is a change to who may do what, so read the diff.
#
# Checked by `cargo test -p kumppani-web --test server authz` on SQLite and PostgreSQL.
# Regenerate with `KUMPPANI_BLESS=1 cargo test -p kumppani-web --test server authz`,
# then review `git diff` against SPEC §1 before committing.
#
# One line per route (from the OpenAPI document and the router's route table) and
# record. Columns:
#   area     api = JSON API under /api, page = everything else
#   method   path   the route as declared
#   record   what the path's id names, from the caller's point of view:
#            own     the caller's own record (their user, token, absence; for
#                    customers, contacts, services: a customer the
#                    partnership manager manages). For callers who cannot own
#                    one it is the same record as `other`.
#            other   someone else's (another partnership manager's customer;
#                    laura.saarinen's user, token, absence)
#            any     a record nobody owns (segment, catalogue service)
#            missing an id that names nothing (999999999)
#            -       the path has no id
#   then the answer each caller gets:
#     admin = administrator (admin)         head = unit head (esimies)
#     partner = partnership manager (kp.virtanen)
#     project = project manager (pp.jokinen)  staff = staff (marko.ahonen)
#     external = external board member (ulkoinen)   anon = not signed in
#   Cells are HTTP statuses; redirects say where: 303:signin = to the sign-in
#   page, 303:stale = back with the \"someone else saved first\" notice.
#
# Requests change nothing: writes carry bodies every use case refuses (blank
# names, ids of nothing), stale versions (If-Match \"999\" / version=999), a
# wrong password for sign-in and password change; sign-out uses a session
# signed in for just that request.
";

struct Line {
    key: String,
    cells: Vec<String>,
}

fn key(route: &Route, row: &str) -> String {
    let area = if route.is_api() { "api" } else { "page" };
    format!("{area:<4} {:<6} {:<40} {row:<7}", route.method, route.path)
}

fn render(lines: &[Line]) -> String {
    let mut out = HEADER.to_owned();
    let labels: Vec<&str> = ROLES.iter().map(|r| r.0).collect();
    let head = format!("{:<4} {:<6} {:<40} {:<7}", "#", "method", "path", "record");
    let _ = writeln!(out, "{head}{}", cols(&labels));
    for l in lines {
        let _ = writeln!(out, "{}{}", l.key, cols(&l.cells));
    }
    out
}

fn cols<S: AsRef<str>>(cells: &[S]) -> String {
    cells.iter().map(|c| format!(" {:<9}", c.as_ref())).collect::<String>().trim_end().to_owned()
}

/// The expected file as key → cells, plus malformed lines.
fn parse(text: &str) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let (mut map, mut bad) = (BTreeMap::new(), Vec::new());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let t: Vec<&str> = line.split_whitespace().collect();
        if t.len() != 4 + ROLES.len() {
            bad.push(line.to_owned());
            continue;
        }
        let key = format!("{:<4} {:<6} {:<40} {:<7}", t[0], t[1], t[2], t[3]);
        map.insert(key, t[4..].iter().map(|s| (*s).to_owned()).collect());
    }
    (map, bad)
}

async fn authorization_matrix(app: &TestApp) {
    let world = World::build(app).await;
    let (mut lines, mut broken) = (Vec::new(), Vec::new());
    for route in routes::all(app).await {
        for row in routes::rows(&route.path) {
            let mut cells = Vec::new();
            for actor in &world.actors {
                let id = kind_of(&route.path).map(|k| world.record(k, row, actor));
                cells.push(cell(&probe(app, &route, actor, id).await));
            }
            broken.extend(rules(&route, row, &cells));
            lines.push(Line { key: key(&route, row), cells });
        }
    }
    let cell_count: usize = lines.iter().map(|l| l.cells.len()).sum();
    eprintln!("authz matrix: {} lines, {cell_count} cells", lines.len());
    let bless = std::env::var("KUMPPANI_BLESS").is_ok_and(|v| v == "1");
    if bless {
        let tmp = format!("{EXPECTED}.{:?}.tmp", app.db.backend());
        std::fs::write(&tmp, render(&lines)).expect("write the matrix");
        std::fs::rename(&tmp, EXPECTED).expect("replace expected.txt");
        eprintln!("KUMPPANI_BLESS=1: wrote {EXPECTED}; review `git diff` before committing");
    }
    // Whatever the file says: a blessed matrix cannot break these.
    assert!(broken.is_empty(), "the matrix breaks SPEC §1 ({:?}):\n{}", app.db.backend(), broken.join("\n"));
    if bless {
        return;
    }
    let text = std::fs::read_to_string(EXPECTED).unwrap_or_default();
    let (expected, malformed) = parse(&text);
    let mut report = String::new();
    let added: Vec<&Line> = lines.iter().filter(|l| !expected.contains_key(&l.key)).collect();
    if !added.is_empty() {
        let _ = writeln!(report, "\nRoutes with no line in expected.txt. Review and add these lines:");
        for l in added {
            let _ = writeln!(report, "{}{}", l.key, cols(&l.cells));
        }
    }
    let gone: Vec<&String> = expected.keys().filter(|k| !lines.iter().any(|l| &l.key == *k)).collect();
    if !gone.is_empty() {
        let _ = writeln!(report, "\nLines in expected.txt for routes that no longer exist (remove them):");
        for k in gone {
            let _ = writeln!(report, "{}", k.trim_end());
        }
    }
    let mut heading = "\nStatuses that differ (- expected.txt, + measured):";
    for l in &lines {
        let Some(want) = expected.get(&l.key) else { continue };
        if want == &l.cells {
            continue;
        }
        let _ = write!(report, "{}", std::mem::take(&mut heading));
        let _ = writeln!(report, "\n  {}\n- {}{}\n+ {}{}", l.key.trim_end(), l.key, cols(want), l.key, cols(&l.cells));
        for ((role, _), (w, g)) in ROLES.iter().zip(want.iter().zip(&l.cells)) {
            if w != g {
                let _ = writeln!(report, "    {role}: expected {w}, got {g}");
            }
        }
    }
    for m in malformed {
        let _ = writeln!(report, "\nMalformed line in expected.txt: {m}");
    }
    assert!(
        report.is_empty(),
        "authorization matrix differs from {EXPECTED} ({:?}):{report}\n\
         If the change is intended, run with KUMPPANI_BLESS=1 and have a human review the diff.",
        app.db.backend()
    );
}

/// Which part of the product a route belongs to.
#[derive(Debug, PartialEq, Eq)]
enum Area {
    /// Answers without a session.
    Public,
    /// The caller's own session, password and tokens.
    Own,
    Customers,
    Catalog,
    Users,
    Absences,
    /// A project's board, meetings, decisions, guidance and summary: an
    /// external member reads those of their own boards.
    Boards,
    /// Account plans and customer events: internal, for those who look
    /// after customers only.
    Plans,
    /// Calendar feeds: each user's own, like API tokens, over plan data.
    Feeds,
    /// Reached with a secret in the path instead of a session (a feed's
    /// URL): every caller gets the same 404 for a guess.
    Secret,
    /// Anything new: treated as internal.
    Other,
}

fn area(route: &Route) -> Area {
    let p = route.path.strip_prefix("/api/v1").or_else(|| route.path.strip_prefix("/api")).unwrap_or(&route.path);
    let first = p.trim_start_matches('/').split('/').next().unwrap_or("");
    match first {
        "session" if route.method == "POST" => Area::Public,
        "" | "login" | "lang" | "healthz" | "readyz" | "assets" | "openapi.json" => Area::Public,
        "me" | "session" | "account" | "logout" | "my-projects" => Area::Own,
        "projects" if ["/board", "/meetings", "/decisions", "/guidance", "/summary"].iter().any(|s| p.contains(s)) => {
            Area::Boards
        }
        _ if p.contains("absences") => Area::Absences,
        "plans" | "plan-template" | "events" => Area::Plans,
        "calendars" | "calendar-feeds" => Area::Feeds,
        "feeds" => Area::Secret,
        "customers" if p.contains("/plan") || p.contains("/events") => Area::Plans,
        "customers" | "contacts" | "subscriptions" => Area::Customers,
        "segments" | "services" => Area::Catalog,
        "users" => Area::Users,
        _ => Area::Other,
    }
}

/// SPEC §1 and issue 3, as rules on one measured line; the broken ones.
fn rules(route: &Route, row: &str, cells: &[String]) -> Vec<String> {
    let at = |label: &str| -> &str {
        let i = ROLES.iter().position(|r| r.0 == label).unwrap_or(0);
        cells[i].as_str()
    };
    let what = format!("{} {} [{row}]", route.method, route.path);
    let mut broken = Vec::new();
    let mut check = |ok: bool, rule: &str| {
        if !ok {
            broken.push(format!("{what}: {rule}; got {cells:?}"));
        }
    };
    check(cells.iter().all(|c| !c.starts_with('5')), "no server errors");
    let area = area(route);
    if area == Area::Secret {
        check(cells.iter().all(|c| c == "404"), "a guessed secret answers 404 to everyone");
        return broken;
    }
    if area != Area::Public {
        let want = if route.is_api() { "401" } else { "303:signin" };
        check(at("anon") == want, "a signed-out caller is sent to sign in");
    }
    let internal = !matches!(area, Area::Public | Area::Own | Area::Boards);
    if internal {
        check(at("external") == "404", "the external board member sees nothing internal (404)");
    }
    if area == Area::Boards {
        let reads_own = route.method == "GET" && row == "own";
        check(at("external") == "404" || reads_own, "the external board member reads only their own boards");
    }
    if route.method == "GET" && row == "missing" {
        for (label, _) in ROLES.iter().filter(|r| r.1.is_some()) {
            check(at(label) == "404", &format!("{label}: a missing record answers 404"));
        }
    }
    // Someone else's feed is theirs alone, and looks missing to everyone.
    if area == Area::Feeds && row == "other" {
        for (label, _) in ROLES.iter().filter(|r| r.1.is_some()) {
            check(at(label) == "404", &format!("{label}: another's feed looks missing (404)"));
        }
    }
    if row != "missing" && (internal || area == Area::Boards) && !(area == Area::Feeds && row == "other") {
        for label in ["admin", "head"] {
            check(!matches!(at(label), "403" | "404"), &format!("{label} may do everything"));
        }
    }
    // Account plans are not for project managers and staff: not even
    // whether one exists.
    if matches!(area, Area::Plans | Area::Feeds) {
        for label in ["staff", "project"] {
            check(at(label) == "404", &format!("{label} cannot see account plans (404)"));
        }
    }
    // (A missing record may answer 404 before the role is checked.)
    if route.is_write() && row != "missing" {
        let refused = |label: &str| (at(label) == "403", format!("{label} is refused (403)"));
        let mut must_refuse = Vec::new();
        if matches!(area, Area::Customers | Area::Catalog | Area::Users) {
            must_refuse.extend(["staff", "project"]);
        }
        if matches!(area, Area::Catalog | Area::Users) {
            must_refuse.push("partner");
        }
        if matches!(area, Area::Customers | Area::Plans) && kind_of(&route.path).is_some() && row == "other" {
            must_refuse.push("partner");
        }
        if area == Area::Plans && route.path.contains("template") {
            must_refuse.push("partner");
        }
        for label in must_refuse {
            let (ok, rule) = refused(label);
            check(ok, &rule);
        }
        if matches!(area, Area::Customers | Area::Plans) && row == "own" {
            check(!matches!(at("partner"), "403" | "404"), "the partnership manager edits their own customers");
        }
    }
    broken
}
