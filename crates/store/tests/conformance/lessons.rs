//! The lessons log, the one module with SQL of its own per backend (FTS5 on
//! SQLite, a `tsvector` on PostgreSQL): for the same data and words both
//! must find the same lessons. Ranks differ by engine (bm25, ts_rank), so
//! results are compared as sets where more than one lesson matches.

use std::collections::BTreeSet;

use kumppani_domain::lesson::{LessonDraft, SearchTerms};
use kumppani_domain::{Actor, ProjectType};
use kumppani_store::lessons::{self, Query};
use kumppani_store::projects::{self, Child};
use kumppani_store::{Db, StoreError};

use crate::fixtures::*;
use crate::harness::{self, TestDb};
use kumppani_testkit::on_both_backends;

on_both_backends! { TestDb;
    check_lessons_log => sqlite_lessons_log, postgres_lessons_log;
    check_lesson_search_finds_the_same => sqlite_lesson_search_finds_the_same, postgres_lesson_search_finds_the_same;
    check_lesson_search_finds_words_in_addresses => sqlite_lesson_search_finds_words_in_addresses, postgres_lesson_search_finds_words_in_addresses;
    check_similar_lessons => sqlite_similar_lessons, postgres_similar_lessons;
}

fn draft(summary: &str, happened: &str, advice: &str, kind: &str, category: &str) -> LessonDraft {
    LessonDraft {
        summary: summary.into(),
        happened: happened.into(),
        advice: Some(advice.into()).filter(|a: &String| !a.is_empty()),
        kind: kind.into(),
        category: category.into(),
    }
}

async fn add_lesson(db: &Db, project: i64, d: &LessonDraft, by: &Actor) -> i64 {
    let mut tx = db.begin().await.expect("begin");
    let id = lessons::insert(&mut tx, project, &d.validate().expect("valid lesson"), by).await.expect("insert lesson");
    tx.commit().await.expect("commit");
    id
}

/// The ids found for `q` (and the other narrowing in `query`), as a set.
async fn found(db: &Db, q: &str, query: Query) -> BTreeSet<i64> {
    let query = Query { q: Some(SearchTerms::parse(q)), ..query };
    let list = lessons::search(db, &query).await.unwrap_or_else(|e| panic!("search {q:?}: {e}"));
    list.iter().map(|l| l.id).collect()
}

fn set<const N: usize>(ids: [i64; N]) -> BTreeSet<i64> {
    ids.into_iter().collect()
}

pub async fn check_lessons_log(db: &Db) {
    let w = world(db).await;
    let by = acting(w.manager, "Päivi Projektinen");
    let project = add_project(db, &w, "Palkanlaskenta", Some(w.customer), Some("deployment")).await;
    let first =
        add_lesson(db, project, &draft("Koulutus ajoissa", "Käyttäjät koulutettiin.", "", "repeat", "quality"), &by)
            .await;
    let second =
        add_lesson(db, project, &draft("Sopimus", "Liite puuttui.", "Tarkista liitteet", "avoid", "supplier"), &by)
            .await;

    let log = lessons::of_project(db, project).await.expect("log");
    assert_eq!(log.iter().map(|l| l.id).collect::<Vec<_>>(), [second, first], "newest first");
    let l = lessons::get(db, second).await.expect("get");
    assert_eq!(
        (l.project_name.as_str(), l.project_type, l.segment_id),
        ("Palkanlaskenta", Some(ProjectType::Deployment), Some(w.segment))
    );
    assert_eq!(
        (l.logged_by_id, l.logged_by_name.as_str(), l.advice.as_str()),
        (Some(w.manager), "Päivi Projektinen", "Tarkista liitteet")
    );
    assert_eq!(lessons::get(db, first).await.expect("get").advice, "", "no advice is empty text");

    let mut tx = db.begin().await.expect("begin");
    assert_eq!(projects::project_of(&mut tx, Child::Lesson, first).await.expect("project of"), project);
    assert!(matches!(lessons::get_in(&mut tx, project + 99, first).await, Err(StoreError::NotFound)));
    let changed = draft("Koulutus ajoissa", "Pääkäyttäjät koulutettiin ensin.", "", "repeat", "quality").validate();
    lessons::update(&mut tx, first, 1, &changed.expect("valid")).await.expect("update");
    let again = draft("x", "y", "", "repeat", "quality").validate().expect("valid");
    assert!(matches!(lessons::update(&mut tx, first, 1, &again).await, Err(StoreError::Conflict { current: 2 })));
    tx.commit().await.expect("commit");

    // The index follows an update: the new words are found, the old are not.
    assert_eq!(found(db, "pääkäyttäjät", Query::default()).await, set([first]));
    assert_eq!(found(db, "Käyttäjät", Query::default()).await, set([]), "a prefix, not a substring");

    // Without words: newest first, narrowed all the same.
    let all = lessons::search(db, &Query::default()).await.expect("all");
    assert_eq!(all.iter().map(|l| l.id).collect::<Vec<_>>(), [second, first]);
    let blank =
        Query { q: Some(SearchTerms::parse(" * \" : ( ")), category: Some("supplier".into()), ..Query::default() };
    assert_eq!(lessons::search(db, &blank).await.expect("blank").iter().map(|l| l.id).collect::<Vec<_>>(), [second]);
    let limited = Query { limit: Some(1), ..Query::default() };
    assert_eq!(lessons::search(db, &limited).await.expect("limited").len(), 1);
}

pub async fn check_lesson_search_finds_the_same(db: &Db) {
    let w = world(db).await;
    let by = acting(w.manager, "Päivi Projektinen");
    let other_segment =
        harness::add_catalog_entry(db, kumppani_store::catalog::Kind::Segment, "Hyvinvointialueet").await;
    let region = harness::add_customer(
        db,
        &harness::customer_draft("Pirkanmaan hyvinvointialue", None, "joint_authority", other_segment),
    )
    .await;
    let city = add_project(db, &w, "Palkat", Some(w.customer), Some("deployment")).await;
    let regional = add_project(db, &w, "Potilastieto", Some(region), Some("upgrade")).await;
    let internal = add_project(db, &w, "Sisäinen", None, None).await;
    let lessons = [
        (city, draft("Koulutus ennen käyttöönottoa", "Koulutuksen ajoitus onnistui.", "", "repeat", "quality")),
        (
            city,
            draft(
                "Palkanlaskennan testaus",
                "Rinnakkaisajo paljasti virheet.",
                "Varaa aikaa testaukselle",
                "repeat",
                "schedule",
            ),
        ),
        (
            regional,
            draft("Sopimusmuutos myöhässä", "Toimittajan sopimus ei kattanut koulutusta.", "", "avoid", "supplier"),
        ),
        (
            regional,
            draft(
                "Åtgärder på svenska",
                "Översättning av utbildningen blev försenad.",
                "Börja översättningen tidigt",
                "avoid",
                "communication",
            ),
        ),
        (
            internal,
            draft(
                "SAP-integraatio",
                "Rajapinnan (API) versio 2.0 vaihtui kesken; \"hotfix\" tarvittiin.",
                "",
                "avoid",
                "technology",
            ),
        ),
    ];
    let mut ids = Vec::new();
    for (project, d) in &lessons {
        ids.push(add_lesson(db, *project, d, &by).await);
    }
    let any = Query::default;
    // A word finds its inflected forms by prefix; every word must match.
    assert_eq!(found(db, "koulutus", any()).await, set([ids[0], ids[2]]));
    assert_eq!(found(db, "KOULUTUS sopimus", any()).await, set([ids[2]]));
    assert_eq!(found(db, "palkanlaskenta", any()).await, set([ids[1]]));
    assert_eq!(found(db, "testaus", any()).await, set([ids[1]]), "advice is searched too");
    // Swedish words, with å, ä and ö as letters of their own.
    assert_eq!(found(db, "översättning", any()).await, set([ids[3]]));
    assert_eq!(found(db, "åtgärder", any()).await, set([ids[3]]));
    assert_eq!(found(db, "atgarder", any()).await, set([]), "ä is not a");
    // Hyphens, parentheses, dots and quotes in the text split words.
    assert_eq!(found(db, "sap", any()).await, set([ids[4]]));
    assert_eq!(found(db, "integraatio", any()).await, set([ids[4]]));
    assert_eq!(found(db, "api hotfix", any()).await, set([ids[4]]));
    assert_eq!(found(db, "xyzzy", any()).await, set([]));
    // Words of query syntax are words; operators and quotes are nothing.
    for hostile in
        ["\"koulutus", "koulutus*", "koulutus:*", "(koulutus)", "koulutus OR", "koulutus & !", "NEAR(koulutus)"]
    {
        let expected = if hostile.contains("OR") || hostile.contains("NEAR") { set([]) } else { set([ids[0], ids[2]]) };
        assert_eq!(found(db, hostile, any()).await, expected, "{hostile}");
    }
    // Narrowing combines with the words.
    assert_eq!(found(db, "koulutus", Query { segment_id: Some(w.segment), ..any() }).await, set([ids[0]]));
    assert_eq!(found(db, "koulutus", Query { customer_id: Some(region), ..any() }).await, set([ids[2]]));
    assert_eq!(found(db, "koulutus", Query { project_type: Some("upgrade".into()), ..any() }).await, set([ids[2]]));
    assert_eq!(found(db, "koulutus", Query { category: Some("quality".into()), ..any() }).await, set([ids[0]]));
    // The summary weighs more than the text: there the order is the same too.
    let ranked =
        lessons::search(db, &Query { q: Some(SearchTerms::parse("koulutus")), ..any() }).await.expect("ranked");
    assert_eq!(ranked.first().map(|l| l.id), Some(ids[0]));
}

/// Words inside e-mail addresses, web addresses and file paths are words
/// of the text, found like any other (SQLite's tokenizer splits them at
/// every punctuation mark; PostgreSQL's parser would keep each as one token).
pub async fn check_lesson_search_finds_words_in_addresses(db: &Db) {
    let w = world(db).await;
    let by = acting(w.manager, "Päivi Projektinen");
    let project = add_project(db, &w, "Osoitteet", Some(w.customer), None).await;
    let mail = add_lesson(
        db,
        project,
        &draft("Yhteyshenkilö", "Kysy liisa.virtanen@tampere.fi ennen muutoksia.", "", "repeat", "communication"),
        &by,
    )
    .await;
    let url = add_lesson(
        db,
        project,
        &draft("Ohjeet", "Katso https://intra.example.fi/ohjeet/palkat-2024 ensin.", "", "repeat", "planning"),
        &by,
    )
    .await;
    let path = add_lesson(
        db,
        project,
        &draft("Raportti", "Tiedosto /srv/jako/budjetti_2024.xlsx puuttui.", "", "avoid", "cost"),
        &by,
    )
    .await;
    let any = Query::default;
    assert_eq!(found(db, "liisa.virtanen@tampere.fi", any()).await, set([mail]), "the whole address");
    assert_eq!(found(db, "virtanen", any()).await, set([mail]));
    assert_eq!(found(db, "tampere", any()).await, set([mail]));
    assert_eq!(found(db, "intra.example.fi", any()).await, set([url]));
    assert_eq!(found(db, "ohjeet palkat", any()).await, set([url]));
    assert_eq!(found(db, "budjetti", any()).await, set([path]));
    assert_eq!(found(db, "xlsx", any()).await, set([path]));
    assert_eq!(found(db, "fi", any()).await, set([mail, url]));
}

pub async fn check_similar_lessons(db: &Db) {
    let w = world(db).await;
    let by = acting(w.manager, "Päivi Projektinen");
    let this = add_project(db, &w, "Palkanlaskennan uudistus", Some(w.customer), Some("upgrade")).await;
    let same_type = add_project(db, &w, "Toinen", None, Some("upgrade")).await;
    let same_segment = add_project(db, &w, "Kolmas", Some(w.customer), Some("deployment")).await;
    let unrelated = add_project(db, &w, "Neljäs", None, Some("migration")).await;
    let own = add_lesson(db, this, &draft("Palkanlaskenta", "Oma.", "", "repeat", "quality"), &by).await;
    let matching =
        add_lesson(db, same_type, &draft("Palkanlaskennan testaus", "Ajoissa.", "", "repeat", "quality"), &by).await;
    let newest = add_lesson(db, same_segment, &draft("Viestintä", "Ajoissa.", "", "repeat", "quality"), &by).await;
    add_lesson(db, unrelated, &draft("Palkanlaskenta", "Ei samanlainen.", "", "repeat", "quality"), &by).await;

    let similar =
        lessons::similar(db, this, Some(ProjectType::Upgrade), Some(w.segment), "Palkanlaskennan uudistus", 5)
            .await
            .expect("similar");
    let ids: Vec<i64> = similar.iter().map(|l| l.id).collect();
    assert_eq!(ids, [matching, newest], "the word match first, then the newest of similar projects");
    assert!(!ids.contains(&own));
    let one = lessons::similar(db, this, Some(ProjectType::Upgrade), None, "Palkanlaskennan uudistus", 1).await;
    assert_eq!(one.expect("one").iter().map(|l| l.id).collect::<Vec<_>>(), [matching]);
    assert!(lessons::similar(db, this, None, None, "Palkanlaskenta", 5).await.expect("nothing alike").is_empty());
}
