//! Configuration, layered: defaults, then a TOML file, then `KUMPPANI_`
//! environment variables (`__` for nesting), then command-line flags.

use serde::Deserialize;
use std::path::Path;

#[derive(Clone, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    pub listen: String,
    pub database_url: String,
    /// Mark cookies `Secure`; set when served over HTTPS.
    pub secure_cookies: bool,
    pub session_idle_minutes: u64,
    pub session_absolute_hours: u64,
    /// `text` for people, `json` for log collectors.
    pub log_format: String,
    /// Where people reach Kumppani, e.g. `https://kumppani.example.fi`: the
    /// base of calendar feed URLs. Unset: `http://<listen address>` when
    /// that is a specific address served over plain HTTP, else feed URLs
    /// are shown as paths.
    pub public_url: Option<String>,
    /// The header the reverse proxy puts the client's address in, e.g.
    /// `X-Forwarded-For` (its right-most entry is used). Unset: the
    /// connection's own address; no header is trusted. Set it only when
    /// Kumppani cannot be reached except through that proxy.
    pub trusted_proxy_header: Option<String>,
    /// The service desk's webhook (`http://…`) that hand-overs are pushed
    /// to, signed with `desk_webhook_secret`. Unset: hand-overs are only
    /// recorded and exported as CSV.
    pub desk_webhook_url: Option<String>,
    /// The shared secret of the webhook's signatures (at least 16 characters).
    pub desk_webhook_secret: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: "127.0.0.1:8080".into(),
            database_url: "sqlite://kumppani.db".into(),
            secure_cookies: false,
            session_idle_minutes: 60,
            session_absolute_hours: 12,
            log_format: "text".into(),
            public_url: None,
            trusted_proxy_header: None,
            desk_webhook_url: None,
            desk_webhook_secret: None,
        }
    }
}

/// Database URLs can carry passwords: never print them whole.
impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("listen", &self.listen)
            .field("database_url", &redact(&self.database_url))
            .field("secure_cookies", &self.secure_cookies)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("session_absolute_hours", &self.session_absolute_hours)
            .field("log_format", &self.log_format)
            .field("public_url", &self.public_url)
            .field("trusted_proxy_header", &self.trusted_proxy_header)
            .field("desk_webhook_url", &self.desk_webhook_url.as_deref().map(redact))
            .field("desk_webhook_secret", &self.desk_webhook_secret.as_ref().map(|_| "…"))
            .finish()
    }
}

impl Settings {
    /// The base of links used outside the browser, without a trailing
    /// slash: `public_url` when set (checked), else `http://<bound>` when
    /// that is plainly where clients connect (a specific address, no TLS in
    /// front as secure cookies would say), else None.
    pub fn public_url(&self, bound: std::net::SocketAddr) -> Result<Option<String>, String> {
        match self.public_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => checked_url(url).map(Some),
            None if !self.secure_cookies && !bound.ip().is_unspecified() => Ok(Some(format!("http://{bound}"))),
            None => Ok(None),
        }
    }

    /// The trusted proxy header's name, lowercase, when set; an error when
    /// it is not a header name.
    pub fn trusted_proxy_header(&self) -> Result<Option<String>, String> {
        match self.trusted_proxy_header.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
            Some(name) if name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) => {
                Ok(Some(name.to_ascii_lowercase()))
            }
            Some(name) => Err(format!("trusted_proxy_header {name:?} is not a header name")),
            None => Ok(None),
        }
    }
}

/// An absolute `http(s)://host[:port][/path]` URL without query, fragment
/// or credentials; the trailing slash is dropped.
fn checked_url(url: &str) -> Result<String, String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split('/').next().unwrap_or_default());
    let bad = |c: char| c.is_whitespace() || matches!(c, '?' | '#' | '@' | '\\' | '"' | '<' | '>');
    match host {
        Some(host) if !host.is_empty() && !url.contains(bad) => Ok(url.trim_end_matches('/').to_owned()),
        _ => Err(format!("public_url {url:?} is not an http:// or https:// address without query or credentials")),
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Loads the layers below the command line. A missing default file is
/// fine; a missing file named explicitly is an error.
pub fn load(file: Option<&Path>, env: &[(String, String)]) -> Result<Settings, config::ConfigError> {
    let mut builder = config::Config::builder();
    match file {
        Some(path) => builder = builder.add_source(config::File::from(path).required(true)),
        None => builder = builder.add_source(config::File::with_name("kumppani.toml").required(false)),
    }
    let env_source = config::Environment::with_prefix("KUMPPANI")
        .prefix_separator("_")
        .separator("__")
        .source(Some(env.iter().cloned().collect()))
        .try_parsing(true);
    builder.add_source(env_source).build()?.try_deserialize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_without_file_or_env() {
        let s = load(None, &[]).expect("loads");
        assert_eq!(s, Settings::default());
    }

    #[test]
    fn file_then_env_override_defaults() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("k.toml");
        std::fs::write(&path, "listen = \"0.0.0.0:9000\"\nsession_idle_minutes = 5\n").expect("write");
        let env = [("KUMPPANI_SESSION_IDLE_MINUTES".to_owned(), "7".to_owned())];
        let s = load(Some(&path), &env).expect("loads");
        assert_eq!(s.listen, "0.0.0.0:9000");
        assert_eq!(s.session_idle_minutes, 7);
    }

    #[test]
    fn a_named_file_must_exist() {
        assert!(load(Some(Path::new("/nonexistent/k.toml")), &[]).is_err());
    }

    #[test]
    fn public_url_is_checked_or_derived() {
        let bound: std::net::SocketAddr = "127.0.0.1:8080".parse().expect("address");
        let any: std::net::SocketAddr = "0.0.0.0:8080".parse().expect("address");
        let with = |url: &str| Settings { public_url: Some(url.into()), ..Settings::default() };
        assert_eq!(with("https://k.example.fi/").public_url(bound), Ok(Some("https://k.example.fi".into())));
        assert_eq!(with("http://k.example.fi:8443/k").public_url(any), Ok(Some("http://k.example.fi:8443/k".into())));
        for bad in ["k.example.fi", "https://", "ftp://k.example.fi", "https://u:p@k.example.fi", "https://k/?x=1"] {
            assert!(with(bad).public_url(bound).is_err(), "{bad}");
        }
        // Unset: the listen address when it is where clients connect.
        assert_eq!(Settings::default().public_url(bound), Ok(Some("http://127.0.0.1:8080".into())));
        assert_eq!(Settings::default().public_url(any), Ok(None));
        let tls = Settings { secure_cookies: true, ..Settings::default() };
        assert_eq!(tls.public_url(bound), Ok(None));
    }

    #[test]
    fn proxy_header_comes_from_env_and_is_checked() {
        let env = [
            ("KUMPPANI_TRUSTED_PROXY_HEADER".to_owned(), "X-Forwarded-For".to_owned()),
            ("KUMPPANI_PUBLIC_URL".to_owned(), "https://k.example.fi".to_owned()),
        ];
        let s = load(None, &env).expect("loads");
        assert_eq!(s.trusted_proxy_header(), Ok(Some("x-forwarded-for".into())));
        assert_eq!(s.public_url.as_deref(), Some("https://k.example.fi"));
        assert_eq!(Settings::default().trusted_proxy_header(), Ok(None));
        let bad = Settings { trusted_proxy_header: Some("X Forwarded".into()), ..Settings::default() };
        assert!(bad.trusted_proxy_header().is_err());
    }

    #[test]
    fn debug_hides_the_database_password() {
        let s = Settings { database_url: "postgres://app:hunter2@db/k".into(), ..Settings::default() };
        let shown = format!("{s:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("postgres://app:***@db/k"));
    }
}
