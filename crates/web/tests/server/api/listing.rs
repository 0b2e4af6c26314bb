//! The customer list: keyset pagination both ways, search and filters.

use std::collections::BTreeSet;

use kumppani_domain::search::sort_key;
use reqwest::StatusCode;
use serde_json::Value;

use crate::harness::{CUSTOMERS, Client, TestApp, all_customers, enc};

on_both_backends! { TestApp;
    pages_cover_every_customer_once => sqlite_pages_cover_every_customer_once, postgres_pages_cover_every_customer_once;
    before_goes_back => sqlite_before_goes_back, postgres_before_goes_back;
    search_by_word_prefix => sqlite_search_by_word_prefix, postgres_search_by_word_prefix;
    search_by_business_id => sqlite_search_by_business_id, postgres_search_by_business_id;
    filters_narrow_the_list => sqlite_filters_narrow_the_list, postgres_filters_narrow_the_list;
}

async fn page(c: &Client, query: &str) -> Value {
    let r = c.get(&format!("/api/v1/customers?{query}")).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.body);
    r.json()
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"].as_array().expect("items").iter().map(|c| c["id"].as_i64().expect("id")).collect()
}

/// Walks every page of `filter` with `after` cursors, `limit` at a time.
async fn walk(c: &Client, filter: &str, limit: usize) -> (Vec<Value>, i64) {
    let mut items: Vec<Value> = Vec::new();
    let mut query = format!("limit={limit}{filter}");
    let first = page(c, &query).await;
    let total = first["total"].as_i64().expect("total");
    assert!(first["prev_cursor"].is_null(), "the first page has no previous page: {first}");
    let mut p = first;
    for _ in 0..=CUSTOMERS {
        let batch = p["items"].as_array().expect("items").clone();
        assert!(batch.len() <= limit, "page longer than the limit");
        assert_eq!(p["total"].as_i64(), Some(total), "total is the same on every page");
        items.extend(batch.iter().cloned());
        match p["next_cursor"].as_i64() {
            Some(next) => {
                assert_eq!(batch.len(), limit, "only the last page may be short");
                assert_eq!(batch.last().and_then(|c| c["id"].as_i64()), Some(next), "next_cursor is the last item");
                query = format!("limit={limit}{filter}&after={next}");
                p = page(c, &query).await;
                assert!(p["prev_cursor"].is_i64(), "a later page has a previous page: {p}");
            }
            None => return (items, total),
        }
    }
    panic!("pagination did not end");
}

/// The order the list promises: by name (case-insensitive, single-spaced), then id.
fn assert_name_order(items: &[Value]) {
    let keys: Vec<(String, i64)> =
        items.iter().map(|c| (sort_key(c["name"].as_str().expect("name")), c["id"].as_i64().expect("id"))).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "customers are in name order");
}

fn id_set(items: &[Value]) -> BTreeSet<i64> {
    items.iter().map(|c| c["id"].as_i64().expect("id")).collect()
}

async fn pages_cover_every_customer_once(app: &TestApp) {
    let c = app.client_as("marko.ahonen").await;
    let (items, total) = walk(&c, "", 7).await;
    let stored = app.count("customers").await;
    assert_eq!(total, stored);
    assert_eq!(total, CUSTOMERS as i64);
    assert_eq!(items.len(), CUSTOMERS, "every customer once");
    assert_eq!(id_set(&items).len(), CUSTOMERS, "no customer twice");
    assert_name_order(&items);
    // Names may repeat; the id breaks the tie and nothing is skipped.
    let default = page(&c, "").await;
    assert_eq!(ids(&default).len(), 25, "the default page size");
    assert_eq!(ids(&default), items.iter().take(25).map(|c| c["id"].as_i64().expect("id")).collect::<Vec<_>>());
    // The limit is kept within 1–100.
    assert_eq!(ids(&page(&c, "limit=0").await).len(), 1);
    assert_eq!(ids(&page(&c, "limit=1000").await).len(), CUSTOMERS);
}

async fn before_goes_back(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let p1 = page(&c, "limit=7").await;
    let p2 = page(&c, &format!("limit=7&after={}", p1["next_cursor"])).await;
    let p3 = page(&c, &format!("limit=7&after={}", p2["next_cursor"])).await;
    assert_eq!(p3["prev_cursor"].as_i64(), ids(&p3).first().copied());

    let back2 = page(&c, &format!("limit=7&before={}", p3["prev_cursor"])).await;
    assert_eq!(ids(&back2), ids(&p2), "before the third page is the second");
    assert_eq!(back2["next_cursor"], p2["next_cursor"]);
    assert!(back2["prev_cursor"].is_i64());
    let back1 = page(&c, &format!("limit=7&before={}", back2["prev_cursor"])).await;
    assert_eq!(ids(&back1), ids(&p1), "before the second page is the first");
    assert!(back1["prev_cursor"].is_null(), "nothing before the first page: {back1}");
    assert_eq!(back1["next_cursor"], p1["next_cursor"]);
    assert_eq!(back1["total"], p1["total"]);

    // From the end back to the start visits the same customers.
    let (forward, _) = walk(&c, "", 7).await;
    let last_id = forward.last().and_then(|c| c["id"].as_i64()).expect("a customer");
    let mut backward: Vec<i64> = vec![last_id];
    let mut cursor = last_id;
    for _ in 0..=CUSTOMERS {
        let p = page(&c, &format!("limit=7&before={cursor}")).await;
        let mut batch = ids(&p);
        batch.extend(backward);
        backward = batch;
        match p["prev_cursor"].as_i64() {
            Some(prev) => cursor = prev,
            None => break,
        }
    }
    let forward_ids: Vec<i64> = forward.iter().map(|c| c["id"].as_i64().expect("id")).collect();
    assert_eq!(backward, forward_ids);
}

/// The words a customer is found by, as the search promises them.
fn words(name: &str) -> Vec<String> {
    sort_key(name).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

async fn search_by_word_prefix(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let all = all_customers(&c, "").await;
    // A word that is not the first of its name, so the match is by word.
    let (target, word) = all
        .iter()
        .find_map(|cu| {
            let w = words(cu["name"].as_str()?);
            w.get(1).filter(|w| w.chars().count() >= 5).map(|w| (cu.clone(), w.clone()))
        })
        .expect("a customer with a long second word");
    let prefix: String = word.chars().take(4).collect();
    let shouted = prefix.to_uppercase();
    let expected: BTreeSet<i64> = all
        .iter()
        .filter(|cu| words(cu["name"].as_str().unwrap_or("")).iter().any(|w| w.starts_with(&prefix)))
        .map(|cu| cu["id"].as_i64().expect("id"))
        .collect();

    let (found, total) = walk(&c, &format!("&q={}", enc(&shouted)), 7).await;
    assert!(id_set(&found).contains(&target["id"].as_i64().expect("id")), "{shouted} finds {target}");
    assert_eq!(id_set(&found), expected, "q={shouted}");
    assert_eq!(total as usize, expected.len());
    assert_name_order(&found);

    // Two words: both must match.
    let first: String = words(target["name"].as_str().expect("name"))[0].chars().take(3).collect();
    let q = format!("{first} {prefix}");
    let both: BTreeSet<i64> = all
        .iter()
        .filter(|cu| {
            let w = words(cu["name"].as_str().unwrap_or(""));
            w.iter().any(|w| w.starts_with(&first)) && w.iter().any(|w| w.starts_with(&prefix))
        })
        .map(|cu| cu["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(id_set(&all_customers(&c, &format!("&q={}", enc(&q))).await), both, "q={q}");

    // Inside a word is not a prefix; nothing matches gibberish.
    let inner: String = word.chars().skip(1).take(4).collect();
    let inner_expected =
        all.iter().filter(|cu| words(cu["name"].as_str().unwrap_or("")).iter().any(|w| w.starts_with(&inner))).count();
    let inner_page = page(&c, &format!("q={}", enc(&inner))).await;
    assert_eq!(inner_page["total"].as_i64(), Some(inner_expected as i64), "q={inner}");
    let none = page(&c, "q=qxqxqx").await;
    assert_eq!(none["total"], 0);
    assert!(ids(&none).is_empty() && none["next_cursor"].is_null());
}

async fn search_by_business_id(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let all = all_customers(&c, "").await;
    let target = all.iter().find(|cu| cu["business_id"].is_string()).expect("a customer with a business ID");
    let id = target["id"].as_i64().expect("id");
    let bid = target["business_id"].as_str().expect("business ID");
    for q in [bid.to_owned(), bid.replace('-', ""), bid[..7].to_owned()] {
        let p = page(&c, &format!("q={}", enc(&q))).await;
        assert!(ids(&p).contains(&id), "q={q} finds {bid}: {p}");
        let expected = all
            .iter()
            .filter(|cu| {
                cu["business_id"].as_str().is_some_and(|b| b.starts_with(&q) || b.replace('-', "").starts_with(&q))
            })
            .count();
        assert_eq!(p["total"].as_i64(), Some(expected as i64), "q={q}");
    }
    let exact = page(&c, &format!("q={}", enc(bid))).await;
    assert_eq!(exact["total"], 1, "a business ID names one customer");
}

async fn filters_narrow_the_list(app: &TestApp) {
    let c = app.client_as("kp.virtanen").await;
    let all = all_customers(&c, "").await;
    let segments = c.get("/api/v1/segments").await.json();
    let segment = segments
        .as_array()
        .expect("segments")
        .iter()
        .find(|s| s["customer_count"].as_i64().is_some_and(|n| n > 7))
        .expect("a segment with more than one page of customers")
        .clone();
    let sid = segment["id"].as_i64().expect("id");

    let count_where = |pred: &dyn Fn(&Value) -> bool| all.iter().filter(|cu| pred(cu)).count();
    let (in_segment, total) = walk(&c, &format!("&segment_id={sid}"), 7).await;
    assert!(in_segment.iter().all(|cu| cu["segment_id"] == sid));
    assert_eq!(in_segment.len(), count_where(&|cu| cu["segment_id"] == sid));
    assert_eq!(Some(total), segment["customer_count"].as_i64());
    assert_name_order(&in_segment);

    let manager = app.user_id("kp.virtanen").await;
    let (managed, total) = walk(&c, &format!("&manager_id={manager}"), 7).await;
    assert!(!managed.is_empty(), "kp.virtanen manages demo customers");
    assert!(managed.iter().all(|cu| cu["manager_id"] == manager && cu["manager_name"] == "Sanna Virtanen"));
    assert_eq!(total as usize, count_where(&|cu| cu["manager_id"] == manager));

    let (municipalities, _) = walk(&c, "&org_type=municipality", 7).await;
    assert!(!municipalities.is_empty());
    assert!(municipalities.iter().all(|cu| cu["org_type"] == "municipality"));
    assert_eq!(municipalities.len(), count_where(&|cu| cu["org_type"] == "municipality"));

    let both = all_customers(&c, &format!("&segment_id={sid}&org_type=municipality")).await;
    assert_eq!(both.len(), count_where(&|cu| cu["segment_id"] == sid && cu["org_type"] == "municipality"));
    let nobody = page(&c, "org_type=kingdom").await;
    assert_eq!(nobody["total"], 0);
    let unknown = page(&c, "manager_id=999999").await;
    assert_eq!(unknown["total"], 0);
}
