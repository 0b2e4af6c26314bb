//! Record-level edit scope (own customers, deputising during an absence),
//! API tokens and sign-in attempts.

use chrono::{Duration, NaiveDate, Utc};
use kumppani_store::catalog::Kind;
use kumppani_store::customers::{self, EditScope};
use kumppani_store::{Db, absences, attempts, tokens};

use crate::harness::*;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

pub async fn check_edit_scope_follows_managers_and_absences(db: &Db) {
    let seg = add_catalog_entry(db, Kind::Segment, "Kunnat").await;
    let (owner, deputy, other) = (
        add_user(db, "kp.owner", "Owner", true).await,
        add_user(db, "kp.dep", "Deputy", true).await,
        add_user(db, "kp.o", "Other", true).await,
    );
    let mut draft = customer_draft("Rajattu kunta", None, "municipality", seg);
    draft.manager_id = Some(owner);
    draft.deputy_id = Some(deputy);
    let id = add_customer(db, &draft).await;
    let valid = draft.validate().expect("valid");
    let today = day("2026-11-27");
    let own = |user_id| EditScope::Own { user_id, today };

    let mut tx = db.begin().await.expect("begin");
    assert!(customers::editable(&mut tx, id, &EditScope::All).await.expect("all"));
    assert!(customers::editable(&mut tx, id, &own(owner)).await.expect("owner"));
    assert!(!customers::editable(&mut tx, id, &own(deputy)).await.expect("deputy, owner present"));
    assert!(!customers::editable(&mut tx, id, &own(other)).await.expect("other"));
    // The scope is in the UPDATE itself: an out-of-scope write touches nothing.
    assert!(customers::update(&mut tx, id, 1, &valid, &own(other)).await.is_err());
    // An absence that covers today lets the deputy in, and only the deputy.
    absences::insert(&mut tx, owner, day("2026-11-20"), day("2026-11-27"), "loma").await.expect("absence");
    assert!(customers::editable(&mut tx, id, &own(deputy)).await.expect("deputy, owner away"));
    assert!(!customers::editable(&mut tx, id, &own(other)).await.expect("other, owner away"));
    customers::update(&mut tx, id, 1, &valid, &own(deputy)).await.expect("deputy edits");
    // An absence that ended yesterday does not.
    let tomorrow = EditScope::Own { user_id: deputy, today: day("2026-11-28") };
    assert!(!customers::editable(&mut tx, id, &tomorrow).await.expect("after the absence"));
    tx.commit().await.expect("commit");
    assert_eq!(absences::for_user(db, owner, day("2026-11-27")).await.expect("list").len(), 1);
    assert!(absences::for_user(db, owner, day("2026-11-28")).await.expect("list").is_empty());
}

pub async fn check_api_tokens(db: &Db) {
    let user = add_user(db, "kp.token", "Token", true).await;
    let now = Utc::now();
    let mut tx = db.begin().await.expect("begin");
    let id = tokens::insert(&mut tx, user, "raportti", "hash-1", now + Duration::days(90)).await.expect("insert");
    let short = tokens::insert(&mut tx, user, "lyhyt", "hash-3", now + Duration::hours(1)).await.expect("insert");
    let other = tokens::insert(&mut tx, user, "toinen", "hash-4", now + Duration::days(1)).await.expect("insert");
    tx.commit().await.expect("commit");
    assert_eq!(tokens::lookup(db, "hash-1", now).await.expect("lookup").map(|t| (t.0, t.1)), Some((id, user)));
    assert_eq!(tokens::lookup(db, "hash-2", now).await.expect("lookup"), None);
    // Expiry is compared in the database, on both backends alike.
    assert!(tokens::lookup(db, "hash-3", now + Duration::minutes(59)).await.expect("lookup").is_some());
    assert_eq!(tokens::lookup(db, "hash-3", now + Duration::hours(1)).await.expect("lookup"), None, "expired");
    let listed = tokens::for_user(db, user).await.expect("list");
    let expiry = listed.iter().find(|t| t.id == short).expect("listed").expires_at;
    assert!((expiry - (now + Duration::hours(1))).num_seconds().abs() <= 1, "{expiry}");
    tokens::touch(db, id).await.expect("touch");
    assert!(tokens::for_user(db, user).await.expect("list").iter().any(|t| t.id == id && t.last_used_at.is_some()));
    let mut tx = db.begin().await.expect("begin");
    tokens::revoke(&mut tx, id, 1).await.expect("revoke");
    assert!(tokens::revoke(&mut tx, id, 1).await.is_err(), "a stale revoke is refused");
    tx.commit().await.expect("commit");
    assert_eq!(tokens::lookup(db, "hash-1", now).await.expect("lookup"), None, "revoked tokens stop working");
    // Revoking all of a user's tokens touches only the live ones.
    let mut tx = db.begin().await.expect("begin");
    let revoked = tokens::revoke_all_for_user(&mut tx, user).await.expect("revoke all");
    tx.commit().await.expect("commit");
    let ids: Vec<(i64, i64)> = revoked.iter().map(|t| (t.id, t.version)).collect();
    assert_eq!(ids, [(short, 2), (other, 2)]);
    assert!(revoked.iter().all(|t| t.revoked_at.is_some()));
    assert_eq!(tokens::lookup(db, "hash-4", now).await.expect("lookup"), None);
}

pub async fn check_sign_in_attempts(db: &Db) {
    let now = Utc::now();
    let at = attempts::Since {
        since: now - Duration::minutes(15),
        recent: now - Duration::seconds(30),
        known: now - Duration::days(30),
    };
    let mut tx = db.begin().await.expect("begin");
    attempts::record(&mut tx, "liisa", "10.0.0.1").await.expect("record");
    attempts::record(&mut tx, "liisa", "10.0.0.1").await.expect("record");
    let ok = attempts::record(&mut tx, "liisa", "10.0.0.1").await.expect("record");
    attempts::mark_succeeded(&mut tx, ok).await.expect("success");
    attempts::record(&mut tx, "matti", "10.0.0.1").await.expect("record");
    attempts::record(&mut tx, "liisa", "10.0.0.2").await.expect("record");
    let refused = attempts::record(&mut tx, "liisa", "10.0.0.2").await.expect("record");
    tx.commit().await.expect("commit");
    attempts::mark_throttled(db, refused).await.expect("throttled");
    let counts = attempts::counts(db, "liisa", "10.0.0.1", at).await.expect("count");
    let expected = attempts::Counts { pair: 2, address: 3, account: 3, recent_checks: 4, successes_here: 1 };
    assert_eq!(counts, expected, "a throttled attempt counts nowhere");
    let there = attempts::counts(db, "liisa", "10.0.0.2", at).await.expect("count");
    assert_eq!((there.pair, there.address, there.successes_here), (1, 1, 0));
    let later = now + Duration::seconds(1);
    let gone = attempts::Since { since: later, recent: later, known: later };
    let counts = attempts::counts(db, "liisa", "10.0.0.1", gone).await.expect("count");
    assert_eq!(counts, attempts::Counts { pair: 0, address: 0, account: 0, recent_checks: 0, successes_here: 0 });
    // Pruning forgets failures after the window but keeps successes longer.
    assert_eq!(attempts::prune(db, later, now - Duration::days(30)).await.expect("prune"), 5);
    let kept = attempts::counts(db, "liisa", "10.0.0.1", at).await.expect("count");
    assert_eq!((kept.pair, kept.successes_here), (0, 1));
    assert_eq!(attempts::prune(db, later, later).await.expect("prune"), 1);
}
