//! The customer list: word-prefix search, filters and keyset pagination.

use kumppani_store::catalog::Kind;
use kumppani_store::customers::{self, Customer, EditScope, Filter};
use kumppani_store::{Db, Page};

use crate::harness::*;

async fn list(db: &Db, f: Filter) -> Page<Customer> {
    customers::list(db, &f).await.expect("list customers")
}

/// Names of the first page (of up to 100) matching `q`.
async fn search(db: &Db, q: &str) -> Vec<String> {
    let page = list(db, Filter { q: Some(q.into()), limit: Some(100), ..Filter::default() }).await;
    assert_eq!(page.total, page.items.len() as i64, "total for {q:?}");
    assert_eq!((page.next_cursor, page.prev_cursor), (None, None), "cursors for {q:?}");
    page.items.into_iter().map(|c| c.name).collect()
}

pub async fn check_customer_search_and_filters(db: &Db) {
    let kunnat = add_catalog_entry(db, Kind::Segment, "Kunnat").await;
    let muut = add_catalog_entry(db, Kind::Segment, "Muut").await;
    let m1 = add_user(db, "m1", "Manageri Yksi", true).await;
    let m2 = add_user(db, "m2", "Manageri Kaksi", true).await;
    let rows = [
        ("Tampereen kaupunki", Some("0211675-2"), "municipality", kunnat, Some(m1)),
        ("Äänekosken kaupunki", Some("0737546-2"), "municipality", kunnat, Some(m2)),
        ("Öljynjalostus Oy", Some("1572860-0"), "limited_company", muut, Some(m1)),
        ("Keski-Suomen liitto", Some("0201256-6"), "joint_authority", muut, None),
        ("Espoon kaupunki", None, "municipality", muut, None),
        ("ÄÄNESEUDUN Energia Oy", Some("2331972-7"), "limited_company", muut, Some(m2)),
    ];
    for (name, business_id, org_type, segment, manager) in rows {
        let mut draft = customer_draft(name, business_id, org_type, segment);
        draft.manager_id = manager;
        add_customer(db, &draft).await;
    }

    // Word prefixes, case-insensitive, Finnish letters included; results in name order.
    assert_eq!(search(db, "kau").await, ["Espoon kaupunki", "Tampereen kaupunki", "Äänekosken kaupunki"]);
    assert_eq!(search(db, "ÄÄNE").await, ["Äänekosken kaupunki", "ÄÄNESEUDUN Energia Oy"]);
    assert_eq!(search(db, "äänekosken").await, ["Äänekosken kaupunki"]);
    assert_eq!(search(db, "ääne KAU").await, ["Äänekosken kaupunki"], "every word must match");
    assert_eq!(search(db, "kaupunki tampereen").await, ["Tampereen kaupunki"]);
    assert_eq!(search(db, "öljy").await, ["Öljynjalostus Oy"]);
    assert_eq!(search(db, "ÖLJYNJALOSTUS oy").await, ["Öljynjalostus Oy"]);
    assert_eq!(search(db, "oy").await, ["ÄÄNESEUDUN Energia Oy", "Öljynjalostus Oy"], "ä sorts before ö");
    assert_eq!(search(db, "suomen").await, ["Keski-Suomen liitto"]);
    assert_eq!(search(db, "keski-suomen").await, ["Keski-Suomen liitto"]);
    assert_eq!(search(db, "aupunki").await, Vec::<String>::new(), "prefixes only, not infixes");
    assert_eq!(search(db, "zz").await, Vec::<String>::new());
    assert_eq!(search(db, "  ").await.len(), 6, "a blank query matches everyone");

    // Business IDs with and without the hyphen, and by prefix.
    assert_eq!(search(db, "0211675-2").await, ["Tampereen kaupunki"]);
    assert_eq!(search(db, "02116752").await, ["Tampereen kaupunki"]);
    assert_eq!(search(db, "0211").await, ["Tampereen kaupunki"]);
    assert_eq!(search(db, "07375462").await, ["Äänekosken kaupunki"]);
    assert_eq!(search(db, "0211675-3").await, Vec::<String>::new());

    // Filters, alone and combined with each other and with a query.
    let names = |p: Page<Customer>| p.items.into_iter().map(|c| c.name).collect::<Vec<_>>();
    let by_segment = list(db, Filter { segment_id: Some(kunnat), ..Filter::default() }).await;
    assert_eq!(by_segment.total, 2);
    assert_eq!(names(by_segment), ["Tampereen kaupunki", "Äänekosken kaupunki"]);
    let by_manager = list(db, Filter { manager_id: Some(m1), ..Filter::default() }).await;
    assert_eq!(names(by_manager), ["Tampereen kaupunki", "Öljynjalostus Oy"]);
    let by_type = list(db, Filter { org_type: Some("municipality".into()), ..Filter::default() }).await;
    assert_eq!(names(by_type), ["Espoon kaupunki", "Tampereen kaupunki", "Äänekosken kaupunki"]);
    let combined = Filter { q: Some("kaupunki".into()), segment_id: Some(muut), ..Filter::default() };
    assert_eq!(names(list(db, combined).await), ["Espoon kaupunki"]);
    let combined = Filter { manager_id: Some(m2), org_type: Some("limited_company".into()), ..Filter::default() };
    assert_eq!(names(list(db, combined).await), ["ÄÄNESEUDUN Energia Oy"]);
    assert_eq!(list(db, Filter { org_type: Some(String::new()), ..Filter::default() }).await.total, 6);
    let none = list(db, Filter { org_type: Some("kingdom".into()), ..Filter::default() }).await;
    assert_eq!((none.total, none.items.len(), none.next_cursor, none.prev_cursor), (0, 0, None, None));

    // Renaming rewrites the search terms: the old name no longer matches.
    let espoo = search_ids(db, "espoon").await;
    let mut tx = db.begin().await.expect("begin");
    let renamed =
        customer_draft("Vantaan kaupunki", Some("0124610-9"), "municipality", muut).validate().expect("valid");
    customers::update(&mut tx, espoo, 1, &renamed, &EditScope::All).await.expect("rename");
    tx.commit().await.expect("commit");
    assert_eq!(search(db, "espoon").await, Vec::<String>::new());
    assert_eq!(search(db, "vantaa").await, ["Vantaan kaupunki"]);
    assert_eq!(search(db, "01246109").await, ["Vantaan kaupunki"]);
    assert_eq!(search(db, "kaupunki").await.len(), 3);
}

async fn search_ids(db: &Db, q: &str) -> i64 {
    let page = list(db, Filter { q: Some(q.into()), ..Filter::default() }).await;
    assert_eq!(page.items.len(), 1, "exactly one match for {q:?}");
    page.items[0].id
}

const WORDS: [&str; 12] =
    ["Äänekoski", "aura", "Öljy", "Oulu", "zeta", "Ähtäri", "Alavus", "kemi", "Kemi", "Ylöjärvi", "Åland", "ii"];

/// Pages through `filter` forwards, then backwards from the last page, and
/// checks both walks against `expected` (ids in name order).
async fn walk(db: &Db, filter: &Filter, expected: &[i64]) {
    let limit = filter.limit.expect("walks set a limit");
    let total = expected.len() as i64;
    let mut forward: Vec<Vec<i64>> = Vec::new();
    let mut after = None;
    loop {
        let page = list(db, Filter { after, before: None, ..filter.clone() }).await;
        let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
        assert_eq!(page.total, total);
        assert!(!ids.is_empty() && ids.len() as i64 <= limit, "page size {}", ids.len());
        assert_eq!(page.prev_cursor, after.and(ids.first().copied()), "prev_cursor");
        forward.push(ids.clone());
        match page.next_cursor {
            Some(next) => {
                assert_eq!(Some(next), ids.last().copied(), "next_cursor is the last item");
                assert_eq!(ids.len() as i64, limit, "only the last page is short");
                after = Some(next);
            }
            None => break,
        }
        assert!(forward.len() <= expected.len(), "pagination does not end");
    }
    assert_eq!(forward.concat(), expected, "forward pages are the whole list, in order");

    let last = forward.last().cloned().unwrap_or_default();
    let mut backward: Vec<Vec<i64>> = vec![last.clone()];
    let mut before = (forward.len() > 1).then(|| last[0]);
    while let Some(cursor) = before {
        let page = list(db, Filter { after: None, before: Some(cursor), ..filter.clone() }).await;
        let ids: Vec<i64> = page.items.iter().map(|c| c.id).collect();
        assert_eq!(page.total, total);
        assert!(!ids.is_empty() && ids.len() as i64 <= limit);
        assert_eq!(page.next_cursor, ids.last().copied(), "a page before another has a next page");
        before = page.prev_cursor;
        if let Some(prev) = before {
            assert_eq!(Some(prev), ids.first().copied(), "prev_cursor is the first item");
        }
        backward.push(ids);
        assert!(backward.len() <= expected.len() + 1, "backward pagination does not end");
    }
    backward.reverse();
    assert_eq!(backward.concat(), expected, "backward pages are the whole list, in order");
    // Forward pages start at multiples of `limit`, and so do pages walked
    // back from the last one: both walks see the same pages.
    assert_eq!(backward, forward);
}

pub async fn check_keyset_pagination(db: &Db) {
    let even = add_catalog_entry(db, Kind::Segment, "Parilliset").await;
    let odd = add_catalog_entry(db, Kind::Segment, "Parittomat").await;
    let mut all: Vec<(String, i64, i64)> = Vec::new();
    // Inserted out of name order; "kemi"/"Kemi" give equal sort keys, so ids break ties.
    for i in 0..60_i64 {
        let name = format!("{} {}", WORDS[(i as usize * 7) % WORDS.len()], i % 5);
        let segment = if i % 3 == 0 { even } else { odd };
        let id = add_customer(db, &customer_draft(&name, None, "other", segment)).await;
        all.push((name.to_lowercase(), id, segment));
    }
    all.sort();
    let ids = |seg: Option<i64>| all.iter().filter(|c| seg.is_none_or(|s| c.2 == s)).map(|c| c.1).collect::<Vec<_>>();
    let everyone = ids(None);
    assert_eq!(everyone.len(), 60);

    walk(db, &Filter { limit: Some(7), ..Filter::default() }, &everyone).await;
    walk(db, &Filter { limit: Some(10), ..Filter::default() }, &everyone).await;
    walk(db, &Filter { limit: Some(1), ..Filter::default() }, &everyone[..]).await;
    walk(db, &Filter { limit: Some(4), segment_id: Some(even), ..Filter::default() }, &ids(Some(even))).await;
    let kemi: Vec<i64> = all.iter().filter(|c| c.0.starts_with("kemi")).map(|c| c.1).collect();
    assert_eq!(kemi.len(), 10);
    walk(db, &Filter { limit: Some(3), q: Some("KEMI".into()), ..Filter::default() }, &kemi).await;

    // Page size defaults to 25 and is held to 1..=100.
    let first = list(db, Filter::default()).await;
    assert_eq!((first.items.len(), first.total, first.prev_cursor), (25, 60, None));
    assert_eq!(first.next_cursor, Some(everyone[24]));
    let big = list(db, Filter { limit: Some(1000), ..Filter::default() }).await;
    assert_eq!((big.items.len(), big.next_cursor), (60, None));
    let tiny = list(db, Filter { limit: Some(0), ..Filter::default() }).await;
    assert_eq!(tiny.items.iter().map(|c| c.id).collect::<Vec<_>>(), [everyone[0]]);

    // Before the first item there is nothing; after the last, nothing either.
    let empty = list(db, Filter { before: Some(everyone[0]), limit: Some(5), ..Filter::default() }).await;
    assert_eq!((empty.items.len(), empty.total, empty.prev_cursor, empty.next_cursor), (0, 60, None, None));
    let empty = list(db, Filter { after: Some(everyone[59]), limit: Some(5), ..Filter::default() }).await;
    assert_eq!((empty.items.len(), empty.next_cursor), (0, None));
}
