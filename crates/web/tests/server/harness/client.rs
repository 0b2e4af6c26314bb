//! HTTP clients of the test server: they never follow redirects, send fixed
//! cookies, and read each response whole.

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::Value;

/// The session token a response sets, if any.
pub fn session_token(r: &Resp) -> Option<String> {
    r.headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == "kumppani_session" && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

/// An HTTP client that never follows redirects and sends fixed cookies.
#[derive(Clone)]
pub struct Client {
    base: String,
    http: reqwest::Client,
    signed_in: bool,
}

impl Client {
    pub fn new(base: &str, cookies: &[(&str, &str)]) -> Client {
        let mut headers = HeaderMap::new();
        if !cookies.is_empty() {
            let line = cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            headers.insert(reqwest::header::COOKIE, HeaderValue::from_str(&line).expect("cookie header"));
        }
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .expect("HTTP client");
        let signed_in = cookies.iter().any(|(k, _)| *k == "kumppani_session");
        Client { base: base.to_owned(), http, signed_in }
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    pub async fn get(&self, path: &str) -> Resp {
        send(self.request(Method::GET, path)).await
    }

    pub async fn json(&self, method: Method, path: &str, body: &Value) -> Resp {
        send(self.request(method, path).json(body)).await
    }

    /// A JSON write with `If-Match: "version"`.
    pub async fn json_if(&self, method: Method, path: &str, version: i64, body: &Value) -> Resp {
        send(self.request(method, path).header("if-match", format!("\"{version}\"")).json(body)).await
    }

    pub async fn delete_if(&self, path: &str, version: i64) -> Resp {
        send(self.request(Method::DELETE, path).header("if-match", format!("\"{version}\""))).await
    }

    /// A form post, as a browser sends it from one of our pages: with the
    /// page's anti-forgery field when our pages carry one.
    pub async fn form(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let owned: Vec<(String, String)> = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.form_fields(path, &owned).await
    }

    pub async fn form_fields(&self, path: &str, fields: &[(String, String)]) -> Resp {
        let mut fields = fields.to_vec();
        if self.signed_in
            && let Some(token) = self.page_csrf_token().await
        {
            fields.push(("_csrf".to_owned(), token));
        }
        send(self.request(Method::POST, path).form(&fields)).await
    }

    /// The `_csrf` value the signed-in user's pages carry, read from a form
    /// page as a browser would have it (None while pages carry none).
    pub async fn page_csrf_token(&self) -> Option<String> {
        let page = self.get("/account/password").await;
        let at = page.body.find("name=\"_csrf\"")?;
        let start = page.body[..at].rfind('<')?;
        let end = at + page.body[at..].find('>')?;
        let tag = &page.body[start..end];
        let value = tag.split("value=\"").nth(1)?;
        value.split('"').next().map(str::to_owned)
    }

    /// A GET in a language the browser asks for (`Accept-Language`).
    pub async fn get_lang(&self, path: &str, lang: &str) -> Resp {
        send(self.request(Method::GET, path).header("accept-language", lang)).await
    }

    /// A GET whose body is a file: status, content type and the bytes.
    pub async fn download(&self, path: &str, lang: &str) -> (StatusCode, Option<String>, Vec<u8>) {
        let r = self.request(Method::GET, path).header("accept-language", lang).send().await.expect("request");
        let kind = r.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
        (r.status(), kind, r.bytes().await.expect("body").to_vec())
    }

    /// The `_csrf` value the signed-in user's pages carry.
    pub async fn csrf(&self) -> String {
        self.page_csrf_token().await.expect("a CSRF field on the signed-in user's pages")
    }

    /// A `multipart/form-data` post (an upload form) with the `_csrf` field
    /// first, then `fields`, then one file.
    pub async fn upload(&self, path: &str, fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> Resp {
        let boundary = "kumppani-test-boundary-7d1f";
        let mut body = Vec::new();
        let token = self.csrf().await;
        for (name, value) in [("_csrf", token.as_str())].iter().chain(fields) {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
            );
        }
        let (name, filename, data) = file;
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .bytes(),
        );
        body.extend_from_slice(data);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        send(self.request(Method::POST, path).header("content-type", content_type).body(body)).await
    }

    /// A POST with a body of the given content type (file uploads).
    pub async fn post_bytes(&self, path: &str, content_type: &str, body: Vec<u8>) -> Resp {
        send(self.request(Method::POST, path).header("content-type", content_type).body(body)).await
    }
}

/// A response read whole.
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

pub async fn send(rb: RequestBuilder) -> Resp {
    let r = rb.send().await.expect("request reaches the server");
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.text().await.expect("response body");
    Resp { status, headers, body }
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn etag(&self) -> Option<&str> {
        self.header("etag")
    }

    /// Asserts a problem+json response with this status; returns the body.
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        let ct = self.header("content-type").unwrap_or("");
        assert_eq!(ct, "application/problem+json", "problem content type");
        let p = self.json();
        assert_eq!(p["status"], status, "problem body status: {p}");
        p
    }

    /// The field errors of a 422 problem as (field, code) pairs.
    pub fn field_errors(&self) -> Vec<(String, String)> {
        let p = self.problem(422);
        p["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no errors[] in {p}"))
            .iter()
            .map(|e| (e["field"].as_str().unwrap_or("").to_owned(), e["code"].as_str().unwrap_or("").to_owned()))
            .collect()
    }

    pub fn location(&self) -> &str {
        self.header("location").unwrap_or_else(|| panic!("no Location on a {}", self.status))
    }
}

/// A value as askama writes it into HTML.
pub fn html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#x27;")
}

/// Percent-encodes a query-string value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
