//! Sign-in throttling (crates/app/src/auth.rs, docs/ARCHITECTURE.md): it
//! slows guessers without letting them lock anyone out. Most checks run
//! behind a configured trusted proxy header, so that each request can come
//! from an address of its own.

use kumppani_app::demo::DEMO_PASSWORD;
use kumppani_web::WebConfig;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::harness::{Configure, Resp, TestApp, send, session_token};
use kumppani_testkit::RawSql;

/// The server behind a reverse proxy that appends the client's address to
/// `X-Forwarded-For`.
fn proxied(c: WebConfig) -> WebConfig {
    WebConfig { trusted_proxy_header: Some("x-forwarded-for".into()), ..c }
}

on_both_backends! { TestApp, Configure(proxied);
    a_guesser_does_not_lock_out_the_user => sqlite_a_guesser_does_not_lock_out_the_user, postgres_a_guesser_does_not_lock_out_the_user;
    unknown_and_known_users_are_throttled_alike => sqlite_unknown_and_known_users_are_throttled_alike, postgres_unknown_and_known_users_are_throttled_alike;
    made_up_usernames_do_not_block_an_address => sqlite_made_up_usernames_do_not_block_an_address, postgres_made_up_usernames_do_not_block_an_address;
    distributed_guessing_slows_the_account => sqlite_distributed_guessing_slows_the_account, postgres_distributed_guessing_slows_the_account;
    only_the_address_the_proxy_appended_counts => sqlite_only_the_address_the_proxy_appended_counts, postgres_only_the_address_the_proxy_appended_counts;
}

on_both_backends! { TestApp;
    the_header_is_ignored_unless_configured => sqlite_the_header_is_ignored_unless_configured, postgres_the_header_is_ignored_unless_configured;
    parallel_guesses_are_throttled_too => sqlite_parallel_guesses_are_throttled_too, postgres_parallel_guesses_are_throttled_too;
}

/// Failed sign-ins allowed for one username from one address, from all
/// addresses to one account, and from one address to any usernames.
const PER_PAIR: usize = 5;
const ACCOUNT_CEILING: usize = 20;
const PER_ADDRESS: usize = 20;
const WRONG: &str = "väärä salasana";

/// An API sign-in from `from` (the proxy's `X-Forwarded-For`, if any).
async fn sign_in_from(app: &TestApp, from: Option<&str>, username: &str, password: &str) -> Resp {
    let mut rb = app.anonymous().request(Method::POST, "/api/v1/session");
    if let Some(from) = from {
        rb = rb.header("x-forwarded-for", from);
    }
    send(rb.json(&json!({"username": username, "password": password}))).await
}

async fn at(app: &TestApp, from: &str, username: &str, password: &str) -> Resp {
    sign_in_from(app, Some(from), username, password).await
}

fn assert_in(what: &str, r: &Resp) {
    assert_eq!(r.status, StatusCode::OK, "{what}: {}", r.body);
    assert!(session_token(r).is_some(), "{what}: a session");
}

/// Asserts a throttled API sign-in: 429 problem+json, a Retry-After of at
/// most `max` seconds, no session. Returns the Retry-After.
fn assert_throttled_within(what: &str, r: &Resp, max: u64) -> u64 {
    let p = r.problem(429);
    assert_eq!(p["type"], "https://kumppani.fi/problems/throttled", "{what}: {p}");
    assert!(p["detail"].as_str().is_some_and(|d| !d.is_empty()), "{what}: {p}");
    let wait: u64 = r
        .header("retry-after")
        .unwrap_or_else(|| panic!("{what}: no Retry-After"))
        .parse()
        .unwrap_or_else(|e| panic!("{what}: Retry-After is not seconds: {e}"));
    assert!((1..=max).contains(&wait), "{what}: Retry-After {wait}");
    assert!(session_token(r).is_none(), "{what}: no session when throttled");
    wait
}

fn assert_throttled(what: &str, r: &Resp) {
    assert_throttled_within(what, r, 15 * 60);
}

/// Six wrong administrator passwords from one address: that address waits,
/// even with the right password; the administrator at their own address
/// signs in as usual.
async fn a_guesser_does_not_lock_out_the_user(app: &TestApp) {
    let (guesser, admin_desk) = ("198.51.100.66", "192.0.2.10");
    for _ in 0..PER_PAIR {
        at(app, guesser, "admin", WRONG).await.problem(401);
    }
    assert_throttled("a sixth guess", &at(app, guesser, "admin", WRONG).await);
    assert_throttled("the right password from the guesser's address", &at(app, guesser, "admin", DEMO_PASSWORD).await);
    assert_throttled("another spelling", &at(app, guesser, "  ADMIN ", DEMO_PASSWORD).await);
    assert_in("the administrator at their own address", &at(app, admin_desk, "admin", DEMO_PASSWORD).await);
    // The guesser may still try other accounts (within the other limits).
    assert_in("another account from the guesser's address", &at(app, guesser, "esimies", DEMO_PASSWORD).await);
}

/// Five wrong passwords, then the right one twice, from one address.
async fn guessing(app: &TestApp, from: &str, username: &str) -> Vec<Resp> {
    let mut out = Vec::new();
    for _ in 0..PER_PAIR {
        out.push(at(app, from, username, WRONG).await);
    }
    out.push(at(app, from, username, DEMO_PASSWORD).await);
    out.push(at(app, from, username, DEMO_PASSWORD).await);
    out
}

/// Someone who does not exist gets exactly the answers a real user gets.
async fn unknown_and_known_users_are_throttled_alike(app: &TestApp) {
    let known = guessing(app, "198.51.100.1", "kp.virtanen").await;
    let unknown = guessing(app, "198.51.100.2", "nobody.here").await;
    for r in &known[..PER_PAIR] {
        r.problem(401);
    }
    assert_throttled("the right password after five failures", &known[PER_PAIR]);
    assert_eq!(unknown.len(), known.len());
    for (i, (k, u)) in known.iter().zip(&unknown).enumerate() {
        assert_eq!(k.status, u.status, "attempt {}", i + 1);
        assert_eq!(k.body, u.body, "attempt {}: the bodies must not tell the users apart", i + 1);
        assert_eq!(k.header("content-type"), u.header("content-type"), "attempt {}", i + 1);
        assert_eq!(k.header("retry-after"), u.header("retry-after"), "attempt {}", i + 1);
    }
}

/// Made-up usernames from one address (behind a proxy, maybe everyone's)
/// do not stop a real user with the right password there. Past the address
/// limit the address gets one try per username: a username that failed
/// from it waits, known or not.
async fn made_up_usernames_do_not_block_an_address(app: &TestApp) {
    let office = "198.51.100.7";
    let session = app.client_as("kp.virtanen").await;
    for i in 0..PER_ADDRESS + 5 {
        at(app, office, &format!("arvaus.{i}"), WRONG).await.problem(401);
    }
    assert_in("a real user with the right password", &at(app, office, "kp.korhonen", DEMO_PASSWORD).await);
    // One try per username now: a typo, then the right password, waits.
    let typo = [at(app, office, "kp.laine", WRONG).await, at(app, office, "kp.laine", DEMO_PASSWORD).await];
    typo[0].problem(401);
    assert_throttled("the right password after a failure past the address limit", &typo[1]);
    let unknown = [at(app, office, "ei.ketaan", WRONG).await, at(app, office, "ei.ketaan", DEMO_PASSWORD).await];
    for (k, u) in typo.iter().zip(&unknown) {
        assert_eq!((k.status, &k.body), (u.status, &u.body), "unknown and known alike");
        assert_eq!(k.header("retry-after"), u.header("retry-after"));
    }
    // Elsewhere, and for sessions already open, nothing changed.
    assert_in("the same user elsewhere", &at(app, "192.0.2.44", "kp.laine", DEMO_PASSWORD).await);
    assert_eq!(session.get("/api/v1/me").await.status, StatusCode::OK);
}

/// Guesses at one account from many addresses: past the ceiling the account
/// is slowed (one check per interval from new addresses), not locked; an
/// address the user signed in from before is not slowed at all.
async fn distributed_guessing_slows_the_account(app: &TestApp) {
    let home = "192.0.2.99";
    assert_in("the user at home, before the attack", &at(app, home, "esimies", DEMO_PASSWORD).await);
    for i in 0..ACCOUNT_CEILING {
        let bot = format!("203.0.113.{}", i / 4 + 1);
        at(app, &bot, "esimies", WRONG).await.problem(401);
    }
    // A guess just happened: a new address waits a short while.
    let r = at(app, "198.51.100.200", "esimies", DEMO_PASSWORD).await;
    let wait = assert_throttled_within("the right password from a new address", &r, 30);
    assert_eq!(wait, 30);
    assert_in("the user at home", &at(app, home, "esimies", DEMO_PASSWORD).await);
    // Once the interval has passed (the attempts are aged rather than
    // waited for) a new address gets its check, and the next one waits.
    age_attempts(app, "esimies", 31).await;
    at(app, "203.0.113.50", "esimies", WRONG).await.problem(401);
    assert_throttled_within("straight after another check", &at(app, "203.0.113.51", "esimies", WRONG).await, 30);
    age_attempts(app, "esimies", 31).await;
    assert_in("slowed, not locked out", &at(app, "198.51.100.200", "esimies", DEMO_PASSWORD).await);
    // Other accounts are not slowed.
    assert_in("another account", &at(app, "198.51.100.201", "kp.laine", DEMO_PASSWORD).await);
}

/// Moves a username's attempts `seconds` into the past.
async fn age_attempts(app: &TestApp, username: &str, seconds: i64) {
    let rows = app
        .db
        .fetch_all("SELECT id, at FROM sign_in_attempts WHERE username = $1", &[username.into()])
        .await
        .expect("attempts");
    for row in rows {
        let (id, when): (i64, chrono::DateTime<chrono::Utc>) = (row.get("id").unwrap(), row.get("at").unwrap());
        let aged = when - chrono::Duration::seconds(seconds);
        app.db
            .execute("UPDATE sign_in_attempts SET at = $2 WHERE id = $1", &[id.into(), aged.into()])
            .await
            .expect("age an attempt");
    }
}

/// The client chooses what it writes into `X-Forwarded-For`; the proxy
/// appends the address it saw. Only that right-most entry counts.
async fn only_the_address_the_proxy_appended_counts(app: &TestApp) {
    let guesser = "198.51.100.9";
    for _ in 0..PER_PAIR {
        at(app, guesser, "kp.virtanen", WRONG).await.problem(401);
    }
    let forged = format!("192.0.2.1, {guesser}");
    assert_throttled("a forged entry on the left", &at(app, &forged, "kp.virtanen", DEMO_PASSWORD).await);
    assert_in(
        "another client behind the proxy",
        &at(app, &format!("{guesser}, 192.0.2.1"), "kp.virtanen", DEMO_PASSWORD).await,
    );
    // Without the header (not through the proxy) the connection's address.
    let direct = sign_in_from(app, None, "kp.virtanen", DEMO_PASSWORD).await;
    assert_in("straight to the server", &direct);
    // IPv6 clients are counted by their /64: one host holds all of it.
    for _ in 0..PER_PAIR {
        at(app, "2001:db8:1:2::1", "esimies", WRONG).await.problem(401);
    }
    assert_throttled("the same /64", &at(app, "2001:db8:1:2::beef", "esimies", DEMO_PASSWORD).await);
    assert_in("another /64", &at(app, "2001:db8:1:3::1", "esimies", DEMO_PASSWORD).await);
}

/// Without the setting, no header is believed: every request here comes
/// from the loopback address, whatever it claims.
async fn the_header_is_ignored_unless_configured(app: &TestApp) {
    for i in 0..PER_PAIR {
        at(app, &format!("198.51.100.{}", i + 1), "kp.virtanen", WRONG).await.problem(401);
    }
    assert_throttled("a claimed fresh address", &at(app, "192.0.2.77", "kp.virtanen", DEMO_PASSWORD).await);
    let recorded = app
        .db
        .fetch_all("SELECT DISTINCT address FROM sign_in_attempts WHERE username = 'kp.virtanen'", &[])
        .await
        .expect("attempts");
    let addresses: Vec<String> = recorded.iter().map(|r| r.get("address").unwrap()).collect();
    assert_eq!(addresses, ["127.0.0.1"]);
}

/// A burst of guesses sent at once cannot slip past the limit: each attempt
/// is recorded before it is judged, so at most the allowed number reach the
/// password check.
async fn parallel_guesses_are_throttled_too(app: &TestApp) {
    let burst = (0..15).map(|_| sign_in_from(app, None, "kp.laine", "wrong password!"));
    let answers = futures_join_all(burst).await;
    let judged = answers.iter().filter(|r| r.status == StatusCode::UNAUTHORIZED).count();
    let throttled = answers.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!(judged + throttled, 15, "only 401 or 429");
    assert!(judged <= PER_PAIR, "{judged} guesses were checked; the limit is {PER_PAIR}");
}

/// Runs the futures concurrently on this task (they borrow the test app, so
/// they cannot be spawned) and returns their outputs in completion order.
async fn futures_join_all<F: std::future::Future<Output = Resp>>(futures: impl Iterator<Item = F>) -> Vec<Resp> {
    let mut pending: Vec<_> = futures.map(|f| Some(Box::pin(f))).collect();
    let mut out = Vec::new();
    std::future::poll_fn(|cx| {
        for slot in pending.iter_mut() {
            if let Some(f) = slot
                && let std::task::Poll::Ready(r) = f.as_mut().poll(cx)
            {
                out.push(r);
                *slot = None;
            }
        }
        if pending.iter().all(Option::is_none) {
            std::task::Poll::Ready(std::mem::take(&mut out))
        } else {
            std::task::Poll::Pending
        }
    })
    .await
}
