//! Clients that do not play by the rules: bodies sent to pages by someone
//! not signed in, multipart bodies where no upload is taken, monstrous
//! boundaries, half-sent requests, and more connections than allowed.
//! Spoken over raw TCP where reqwest would be too polite.

use std::time::Duration;

use kumppani_web::{ConnectionLimits, WebConfig};
use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::harness::{TestApp, send};

on_both_backends! { TestApp;
    bodies_are_not_read_without_a_session => sqlite_bodies_are_not_read_without_a_session, postgres_bodies_are_not_read_without_a_session;
    multipart_only_where_files_are_uploaded => sqlite_multipart_only_where_files_are_uploaded, postgres_multipart_only_where_files_are_uploaded;
}

fn host(app: &TestApp) -> &str {
    app.base.trim_start_matches("http://")
}

/// Sends a request head announcing `length` bytes, then only `sent` of
/// them, and returns the status line of the answer (or "" when the server
/// closed without one). The body is never completed, so an answer proves
/// the server did not wait for it.
async fn answer_to_partial_body(app: &TestApp, path: &str, headers: &str, length: usize, sent: usize) -> String {
    let mut tcp = TcpStream::connect(host(app)).await.expect("connect");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\n{headers}Content-Length: {length}\r\nConnection: close\r\n\r\n",
        host(app)
    );
    tcp.write_all(head.as_bytes()).await.expect("send the head");
    tcp.write_all(&vec![b'a'; sent]).await.expect("send part of the body");
    status_line(&mut tcp, Duration::from_secs(10)).await
}

async fn status_line(tcp: &mut TcpStream, within: Duration) -> String {
    let mut buf = vec![0u8; 4096];
    let read = tokio::time::timeout(within, tcp.read(&mut buf)).await.expect("an answer before the timeout");
    let n = read.unwrap_or(0);
    String::from_utf8_lossy(&buf[..n]).lines().next().unwrap_or_default().to_owned()
}

/// A state-changing page request with no valid session is sent to sign-in
/// from its headers alone: an 8 MiB multipart body with a 128 KB boundary
/// behind a made-up session cookie, on a real page and on an unknown one.
async fn bodies_are_not_read_without_a_session(app: &TestApp) {
    let boundary = "x".repeat(128 * 1024);
    let headers =
        format!("Cookie: kumppani_session=made-up\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n");
    for path in ["/customers", "/import", "/no/such/page"] {
        let line = answer_to_partial_body(app, path, &headers, 8 * 1024 * 1024, 1024).await;
        assert!(line.contains(" 303 "), "{path}: {line}");
    }
    let form = "Content-Type: application/x-www-form-urlencoded\r\n";
    let line = answer_to_partial_body(app, "/customers", form, 1024 * 1024, 10).await;
    assert!(line.contains(" 303 "), "no cookie at all: {line}");
}

async fn multipart_only_where_files_are_uploaded(app: &TestApp) {
    let head = app.client_as("esimies").await;
    let csrf = head.page_csrf_token().await.expect("a form token");
    let body = format!(
        "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n--b\r\n\
         Content-Disposition: form-data; name=\"name\"\r\n\r\nMonipartinen Oy\r\n--b--\r\n"
    );
    let r = send(
        head.request(Method::POST, "/customers").header("content-type", "multipart/form-data; boundary=b").body(body),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.body);

    // On an upload route: a boundary longer than RFC 2046's 70 characters
    // is refused before the body is read.
    let long = "b".repeat(71);
    let r = send(
        head.request(Method::POST, "/import")
            .header("content-type", format!("multipart/form-data; boundary={long}"))
            .body(format!("--{long}--\r\n")),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);

    // The token must be the first field: a file before it is not read.
    let body = format!(
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nexternal_id,name,segment\r\n\
         --b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n--b--\r\n"
    );
    let r = send(
        head.request(Method::POST, "/import").header("content-type", "multipart/form-data; boundary=b").body(body),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);

    // Over the upload limit: 413, whoever sends it.
    let big = "a".repeat(33 * 1024 * 1024);
    let body = format!(
        "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n--b\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n{big}\r\n--b--\r\n"
    );
    let r = send(
        head.request(Method::POST, "/import").header("content-type", "multipart/form-data; boundary=b").body(body),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);

    // A form body over the form limit: 413 before the token is looked for.
    let r = send(
        head.request(Method::POST, "/customers")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("_csrf={csrf}&notes={}", "a".repeat(300 * 1024))),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

fn limited(max_connections: usize, header: Duration, body: Duration) -> impl FnOnce(WebConfig) -> WebConfig {
    let limits = ConnectionLimits { max_connections, header_read_timeout: header, request_body_timeout: body };
    move |config| WebConfig { limits, ..config }
}

/// A client that sends half a request head, or half a body, is cut off;
/// the server does not wait for it.
#[tokio::test]
async fn slow_clients_are_cut_off() {
    let app = TestApp::spawn_with(limited(64, Duration::from_secs(1), Duration::from_secs(1))).await;
    let mut half_head = TcpStream::connect(host(&app)).await.expect("connect");
    half_head.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.expect("send");
    let line = status_line(&mut half_head, Duration::from_secs(10)).await;
    assert!(line.is_empty() || line.contains(" 408 "), "half a head: {line:?}");

    let form = "Content-Type: application/json\r\n";
    let line = answer_to_partial_body(&app, "/api/v1/session", form, 100, 10).await;
    assert!(line.contains(" 400 ") || line.contains(" 408 ") || line.contains(" 422 "), "half a body: {line:?}");
    app.finish().await;
}

/// Past the connection limit a client waits until a connection closes.
#[tokio::test]
async fn connections_beyond_the_limit_wait_for_a_free_one() {
    let app = TestApp::spawn_with(limited(2, Duration::from_secs(30), Duration::from_secs(30))).await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut tcp = TcpStream::connect(host(&app)).await.expect("connect");
        tcp.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.expect("send");
        assert!(status_line(&mut tcp, Duration::from_secs(10)).await.contains(" 200 "));
        held.push(tcp);
    }
    let mut third = TcpStream::connect(host(&app)).await.expect("the kernel still accepts into the backlog");
    third.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.expect("send");
    let mut buf = [0u8; 64];
    let early = tokio::time::timeout(Duration::from_millis(500), third.read(&mut buf)).await;
    assert!(early.is_err(), "a third connection was served while two were open");
    drop(held.pop());
    assert!(status_line(&mut third, Duration::from_secs(10)).await.contains(" 200 "), "served once one closed");
    drop(held);
    app.finish().await;
}
