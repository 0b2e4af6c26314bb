//! RELIABILITY S3: markers in every internal-only field; the external board
//! member requests every GET route with every planted id, follows every
//! same-site link, and must see none of them. And S2's "another's record
//! answers 404 like a missing one": byte for byte.

use std::collections::{BTreeSet, VecDeque};

use super::probe::probe;
use super::routes::{self, Kind, MISSING, fill, kind_of};
use super::world::{EXTERNAL, World};
use crate::harness::{Client, Resp, TestApp};

on_both_backends! { TestApp;
    external_member_sees_no_marker => sqlite_external_member_sees_no_marker, postgres_external_member_sees_no_marker;
    forbidden_records_look_missing => sqlite_forbidden_records_look_missing, postgres_forbidden_records_look_missing;
}

/// Links followed beyond the seeded requests.
const LINK_BUDGET: usize = 300;

const KINDS: [Kind; 19] = [
    Kind::Customer,
    Kind::Contact,
    Kind::Subscription,
    Kind::Segment,
    Kind::Service,
    Kind::User,
    Kind::Token,
    Kind::Absence,
    Kind::Project,
    Kind::Event,
    Kind::Stakeholder,
    Kind::Communication,
    Kind::Lesson,
    Kind::Term,
    Kind::Feed,
    Kind::Request,
    Kind::Rule,
    Kind::Process,
    Kind::Step,
];

/// Every planted id of every kind, and one that names nothing.
fn all_ids(world: &World) -> BTreeSet<i64> {
    KINDS.iter().flat_map(|k| world.planted(*k)).map(|(id, _)| id).chain([MISSING]).collect()
}

/// Every GET route, each id-taking one with every id.
async fn seeds(app: &TestApp, world: &World) -> Vec<String> {
    let ids = all_ids(world);
    let mut out = Vec::new();
    for route in routes::all(app).await.into_iter().filter(|r| r.method == "GET") {
        match kind_of(&route.path) {
            Some(_) => out.extend(ids.iter().map(|id| fill(&route.path, Some(*id)))),
            None => out.push(fill(&route.path, None)),
        }
    }
    out
}

/// Same-site links (`href`) of an HTML page and where a redirect points.
fn links(r: &Resp) -> Vec<String> {
    let mut found: Vec<String> = r.header("location").map(str::to_owned).into_iter().collect();
    if r.header("content-type").is_some_and(|t| t.starts_with("text/html")) {
        found.extend(r.body.split("href=\"").skip(1).filter_map(|s| s.split('"').next()).map(str::to_owned));
    }
    found
        .into_iter()
        .map(|l| l.replace("&amp;", "&").replace("&#x2F;", "/"))
        .map(|l| l.split('#').next().unwrap_or("").to_owned())
        .filter(|l| l.starts_with('/') && !l.starts_with("//"))
        .collect()
}

/// Requests every seed, then follows links breadth-first within the
/// budget; returns (address, response text incl. headers) for each visit.
async fn crawl(client: &Client, seeds: Vec<String>) -> Vec<(String, String)> {
    let mut seen: BTreeSet<String> = seeds.iter().cloned().collect();
    let mut queue: VecDeque<String> = seeds.into();
    let (mut out, mut extra) = (Vec::new(), 0usize);
    while let Some(path) = queue.pop_front() {
        let r = client.get(&path).await;
        assert!(!r.status.is_server_error(), "crawl: {path} answered {}: {}", r.status, r.body);
        for l in links(&r) {
            if extra < LINK_BUDGET && seen.insert(l.clone()) {
                extra += 1;
                queue.push_back(l);
            }
        }
        let headers: String = r.headers.iter().map(|(k, v)| format!("{k}: {}\n", v.to_str().unwrap_or(""))).collect();
        out.push((path, format!("{headers}\n{}", r.body)));
    }
    out
}

/// The markers (and any other `LEAKMARK` text) in a response, with context.
fn markers_in(world: &World, text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found: Vec<String> =
        world.markers.iter().filter(|m| lower.contains(&m.text.to_lowercase())).map(|m| m.text.clone()).collect();
    if let Some(at) = lower.find("leakmark") {
        let end = text.len().min(at + 60);
        found.push(format!("…{}…", text.get(at..end).unwrap_or("leakmark")));
    }
    found
}

async fn external_member_sees_no_marker(app: &TestApp) {
    let world = World::build(app).await;
    let seeds = seeds(app, &world).await;

    // The control: the unit head, crawling the same way, finds every marker
    // they may read, so the markers are planted and the crawl reaches them.
    let mut unseen: BTreeSet<&str> = world.markers.iter().filter(|m| m.head_sees).map(|m| m.text.as_str()).collect();
    for (_, text) in crawl(&world.actor("head").client, seeds.clone()).await {
        let lower = text.to_lowercase();
        unseen.retain(|m| !lower.contains(&m.to_lowercase()));
    }
    assert!(unseen.is_empty(), "the crawl as the unit head never saw {unseen:?}: planting or crawling is broken");

    let visits = crawl(&world.actor("external").client, seeds).await;
    let leaks: Vec<String> = visits
        .iter()
        .flat_map(|(path, text)| markers_in(&world, text).into_iter().map(move |m| format!("{path}: {m}")))
        .collect();
    eprintln!("leak crawl as {EXTERNAL}: {} requests, {} markers planted", visits.len(), world.markers.len());
    assert!(visits.len() > 100, "the crawl made only {} requests", visits.len());
    assert!(leaks.is_empty(), "the external board member saw internal data:\n{}", leaks.join("\n"));
}

/// A response as compared: status, headers except the date, body.
fn shape(r: &Resp) -> String {
    let mut headers: Vec<String> = r
        .headers
        .iter()
        .filter(|(k, _)| k.as_str() != "date")
        .map(|(k, v)| format!("{k}: {}", v.to_str().unwrap_or("")))
        .collect();
    headers.sort();
    format!("{}\n{}\n\n{}", r.status, headers.join("\n"), r.body)
}

async fn forbidden_records_look_missing(app: &TestApp) {
    let world = World::build(app).await;
    let ext = world.actor("external");
    let ids = all_ids(&world);
    let (mut compared, mut differ) = (0usize, Vec::new());
    for route in routes::all(app).await {
        let Some(kind) = kind_of(&route.path) else { continue };
        let missing = shape(&probe(app, &route, ext, Some(MISSING)).await);
        // Reads try every planted id; writes every planted record of their kind.
        let candidates: Vec<i64> = if route.method == "GET" {
            ids.iter().copied().filter(|id| *id != MISSING).collect()
        } else {
            world.planted(kind).into_iter().map(|(id, _)| id).collect()
        };
        for id in candidates {
            if matches!(kind, Kind::Token | Kind::Project) && world.planted(kind).contains(&(id, Some(EXTERNAL))) {
                continue; // the member's own token is theirs to revoke, their own board theirs to read
            }
            let got = shape(&probe(app, &route, ext, Some(id)).await);
            compared += 1;
            if got != missing {
                differ.push(format!(
                    "{} {} with id {id}:\n{got}\n--- vs a missing id:\n{missing}",
                    route.method, route.path
                ));
            }
        }
    }
    eprintln!("{compared} answers to {EXTERNAL} compared with those for a missing id");
    assert!(compared > 100, "only {compared} comparisons");
    assert!(differ.is_empty(), "existing records answer differently from missing ones:\n{}", differ.join("\n\n"));
}
